import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  ReferralActionInput,
  ReferralInboxTab,
  ReferralList,
  ReferralMetrics,
  ReferralSummary,
} from '@careweave/contract';
import { request } from '../../../lib/http';

/** The receiving organisation's inbox, one tab at a time, with the counts of every tab. */
export function useReferralInbox(tab: ReferralInboxTab) {
  return useQuery({
    queryKey: ['referrals', 'inbox', tab],
    queryFn: async ({ signal }) =>
      (await request<ReferralList>(`/api/referrals/inbox?tab=${tab}`, { signal })).data,
  });
}

/** The requesting side's list: one person's referrals, or mine (as the coordinator who sent them). */
export function useSentReferrals(patientId?: string) {
  return useQuery({
    queryKey: ['referrals', 'sent', patientId ?? 'me'],
    queryFn: async ({ signal }) =>
      (
        await request<ReferralList>(
          patientId
            ? `/api/referrals?patient=${encodeURIComponent(patientId)}`
            : '/api/referrals?requester=me',
          { signal },
        )
      ).data,
  });
}

/** Referral metrics over what I may see (sent, accepted, completed, need met, loop closure). */
export function useReferralMetrics() {
  return useQuery({
    queryKey: ['referrals', 'metrics'],
    queryFn: async ({ signal }) =>
      (await request<ReferralMetrics>('/api/referrals/metrics', { signal })).data,
  });
}

export type ReferralActionName =
  'accept' | 'decline' | 'start' | 'hold' | 'resume' | 'complete' | 'fail' | 'cancel' | 'update';

/** One action on a referral; every referral list, the plan and the worklist refresh after it. */
export function useReferralAction() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (input: {
      id: string;
      action: ReferralActionName;
      body?: ReferralActionInput;
    }) =>
      (
        await request<ReferralSummary>(
          `/api/referrals/${encodeURIComponent(input.id)}/${input.action}`,
          {
            method: 'POST',
            json: input.body ?? {},
          },
        )
      ).data,
    onSuccess: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: ['referrals'] }),
        client.invalidateQueries({ queryKey: ['worklist'] }),
      ]),
  });
}
