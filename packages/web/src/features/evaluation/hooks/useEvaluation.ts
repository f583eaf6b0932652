import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { fetchEvaluation, type EvaluationOutcome } from '../api';

/**
 * The evaluation of one outcome. It reads the whole population and bootstraps, so it is kept
 * for five minutes and the previous outcome stays on screen while another loads.
 */
export function useEvaluation(outcome: EvaluationOutcome) {
  return useQuery({
    queryKey: ['evaluation', outcome],
    queryFn: ({ signal }) => fetchEvaluation(outcome, signal),
    placeholderData: keepPreviousData,
    staleTime: 300_000,
    retry: false,
  });
}
