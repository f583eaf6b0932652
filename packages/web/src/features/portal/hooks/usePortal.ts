import type { ConsentUpdate, PortalPlan } from '@careweave/contract';
import type { QuestionnaireResponse } from '@medplum/fhirtypes';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import * as api from '../api';

/*
 * The portal's server state: one query per section (each page has its own loading and error
 * state), mutations that put the answer in the cache or refresh what they changed.
 */

export const useHome = () =>
  useQuery({ queryKey: ['me'], queryFn: ({ signal }) => api.fetchHome(signal) });
export const usePlan = () =>
  useQuery({ queryKey: ['me', 'plan'], queryFn: ({ signal }) => api.fetchPlan(signal) });
export const useTeam = () =>
  useQuery({ queryKey: ['me', 'team'], queryFn: ({ signal }) => api.fetchTeam(signal) });
export const useThreads = () =>
  useQuery({ queryKey: ['me', 'messages'], queryFn: ({ signal }) => api.fetchThreads(signal) });
export const useThread = (id: string) =>
  useQuery({
    queryKey: ['me', 'messages', id],
    queryFn: ({ signal }) => api.fetchThread(id, signal),
    // Read receipts and replies arrive while the person waits: look again every 20 s.
    refetchInterval: 20_000,
  });
export const useQuestionnaires = () =>
  useQuery({
    queryKey: ['me', 'questionnaires'],
    queryFn: ({ signal }) => api.fetchQuestionnaires(signal),
  });
export const useReferrals = () =>
  useQuery({ queryKey: ['me', 'referrals'], queryFn: ({ signal }) => api.fetchReferrals(signal) });
export const useConsent = () =>
  useQuery({ queryKey: ['me', 'consent'], queryFn: ({ signal }) => api.fetchConsent(signal) });
export const useAccessLog = () =>
  useQuery({ queryKey: ['me', 'access-log'], queryFn: ({ signal }) => api.fetchAccessLog(signal) });

/** The plan changes the person makes: each answers the new plan, which replaces the cached one. */
export function usePlanActions() {
  const client = useQueryClient();
  const onSuccess = (plan: PortalPlan) => client.setQueryData(['me', 'plan'], plan);
  return {
    addPriority: useMutation({ mutationFn: api.addPriority, onSuccess }),
    comment: useMutation({
      mutationFn: (input: { goalId: string; text: string }) =>
        api.commentOnGoal(input.goalId, input.text),
      onSuccess,
    }),
    markDone: useMutation({ mutationFn: api.markDone, onSuccess }),
  };
}

export function useSendMessage() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: api.sendMessage,
    onSuccess: () => client.invalidateQueries({ queryKey: ['me', 'messages'] }),
  });
}

export function useSendQuestionnaire() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { instrument: string; response: QuestionnaireResponse }) =>
      api.sendQuestionnaire(input.instrument, input.response),
    onSuccess: () => client.invalidateQueries({ queryKey: ['me', 'questionnaires'] }),
  });
}

export function useChangeConsent() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { update: ConsentUpdate; etag?: string }) =>
      api.changeConsent(input.update, input.etag),
    onSuccess: () => client.invalidateQueries({ queryKey: ['me', 'consent'] }),
  });
}
