import { useMutation, useQueryClient } from '@tanstack/react-query';
import { HttpError } from '../../../lib/http';
import type { PlanView } from '@careweave/contract';
import { planKeys } from './usePlanQueries';

/** What a coordinator reads when her edit met someone else's (412 on If-Match). */
export const CONFLICT_MESSAGE =
  'Someone else changed this plan — it has been reloaded; your change was not saved, please apply it again';

const isPlanView = (value: unknown): value is PlanView =>
  typeof value === 'object' && value !== null && 'domains' in value && 'progress' in value;

/**
 * One write to the plan (or its team). On success the returned PlanView replaces the cached one
 * and everything plan-related is refetched; on 412 the plan is refetched (so the next attempt
 * carries the new version) and `errorMessage` says the change was not saved — the caller keeps
 * its form as it was, so applying the change again is one click. Other failures (403/404/422)
 * show the server's OperationOutcome text.
 */
export function usePlanWrite<TInput, TResult>(send: (input: TInput) => Promise<TResult>) {
  const client = useQueryClient();
  const mutation = useMutation({
    mutationFn: send,
    onSuccess: async (data) => {
      if (isPlanView(data) && data.plan.id) client.setQueryData(planKeys.view(data.plan.id), data);
      // The summary shows the plan's tasks and the care team too, and a referral activity is a
      // referral: refetch them when next shown.
      await Promise.all([
        client.invalidateQueries({ queryKey: planKeys.all }),
        client.invalidateQueries({ queryKey: ['summary'] }),
        client.invalidateQueries({ queryKey: ['referrals'] }),
      ]);
    },
    onError: async (err) => {
      if (err instanceof HttpError && err.status === 412)
        await client.invalidateQueries({ queryKey: planKeys.all });
    },
  });
  const conflict = mutation.error instanceof HttpError && mutation.error.status === 412;
  const errorMessage = mutation.error
    ? conflict
      ? CONFLICT_MESSAGE
      : mutation.error.message
    : undefined;
  return { ...mutation, conflict, errorMessage };
}
