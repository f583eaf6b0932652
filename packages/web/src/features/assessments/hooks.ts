import { useQuery } from '@tanstack/react-query';
import { fetchAssessmentSummary } from './api';

/** The patient's assessment summary (latest scores, series, needs, flags, due, suggestions). */
export function useAssessmentSummary(patientId: string) {
  return useQuery({
    queryKey: ['assessments', patientId, 'summary'],
    queryFn: ({ signal }) => fetchAssessmentSummary(patientId, signal),
    staleTime: 15_000,
  });
}
