import type { Hl7MessageStatus, MatchDecision } from '@careweave/contract';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  fetchHl7Message,
  fetchHl7Messages,
  fetchMatchReviews,
  replayHl7Message,
  resolveMatchReview,
} from '../hl7-api';
import { ADMIN_KEY } from './useAdmin';

const HL7_KEY = [...ADMIN_KEY, 'hl7'] as const;

export function useHl7Messages(status: Hl7MessageStatus | undefined, before: string | undefined) {
  return useQuery({
    queryKey: [...HL7_KEY, 'messages', status ?? 'all', before ?? 'first'],
    queryFn: ({ signal }) => fetchHl7Messages({ status, before }, signal),
    placeholderData: keepPreviousData,
  });
}

export function useHl7Message(id: string | undefined) {
  return useQuery({
    queryKey: [...HL7_KEY, 'message', id],
    queryFn: ({ signal }) => fetchHl7Message(id as string, signal),
    enabled: id !== undefined,
  });
}

/** Replays a failed message; the log and the review queue move with it. */
export function useReplayHl7Message() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => replayHl7Message(id),
    onSuccess: () => client.invalidateQueries({ queryKey: HL7_KEY }),
  });
}

export function useMatchReviews() {
  return useQuery({
    queryKey: [...HL7_KEY, 'matches'],
    queryFn: ({ signal }) => fetchMatchReviews(signal),
  });
}

/** Links an uncertain person to a candidate, or registers them: the held message is applied. */
export function useResolveMatch() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, decision }: { id: string; decision: MatchDecision }) =>
      resolveMatchReview(id, decision),
    onSuccess: () => client.invalidateQueries({ queryKey: HL7_KEY }),
  });
}
