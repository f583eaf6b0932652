import { useMutation, useQueryClient } from '@tanstack/react-query';
import { overrideTier, type Tier } from '../api';
import { POPULATION_KEY } from './usePopulation';

/** Records (or withdraws, tier null) a clinician's tier override; refreshes counts and the queue. */
export function useOverrideTier() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { patient: string; tier: Tier | null; reason: string }) =>
      overrideTier(input),
    onSuccess: () => client.invalidateQueries({ queryKey: POPULATION_KEY }),
  });
}
