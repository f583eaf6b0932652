import { useMutation, useQueryClient } from '@tanstack/react-query';
import { enrolPatient, type EnrolInput } from '../api';

/**
 * Enrols a person in integrated care; on success the population queue and counts and the
 * person's summary (programme, care coordinator) are refetched, so they leave the queue at once.
 */
export function useEnrol() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: EnrolInput) => enrolPatient(input),
    onSuccess: async (_result, input) => {
      const id = input.patient.replace(/^Patient\//, '');
      await Promise.all([
        client.invalidateQueries({ queryKey: ['population'] }),
        client.invalidateQueries({ queryKey: ['summary', id] }),
      ]);
    },
  });
}
