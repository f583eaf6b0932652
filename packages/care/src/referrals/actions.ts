import type { Annotation, Task } from '@medplum/fhirtypes';
import {
  SYSTEM_CONTEXT,
  readInTransaction,
  type Repository,
  type RequestContext,
} from '@careweave/store';
import {
  REFERRAL_REASONS,
  REFERRAL_REASON_SYSTEM,
  isReferralReason,
  type ReferralActionInput,
} from '@careweave/contract';
import { careError, invalidInput } from '../shared/care-errors.js';
import { provenanceFor } from '../shared/provenance.js';
import { checkVersion } from '../shared/versions.js';
import { withRetry } from '../shared/retry.js';
import { patientIdOf } from '../roster/team-members.js';
import { isReferralTask } from './codes.js';
import { completionOutputs } from './close.js';
import { sideOf } from './rules.js';
import {
  ReferralError,
  isReferralStatus,
  referralPath,
  type ReferralStatus,
} from './state-machine.js';

/** What a person does to a referral from the inbox or the requesting side's list. */
export const REFERRAL_ACTIONS = {
  accept: 'accepted',
  decline: 'rejected',
  start: 'in-progress',
  hold: 'on-hold',
  resume: 'in-progress',
  complete: 'completed',
  fail: 'failed',
  cancel: 'cancelled',
} as const satisfies Record<string, ReferralStatus>;
export type ReferralAction = keyof typeof REFERRAL_ACTIONS | 'update';

export function isReferralAction(value: unknown): value is ReferralAction {
  return (
    value === 'update' || (typeof value === 'string' && Object.hasOwn(REFERRAL_ACTIONS, value))
  );
}

function noteBy(ctx: RequestContext, text: string, now: Date): Annotation {
  return {
    text,
    time: now.toISOString(),
    ...(ctx.actor.includes('/') ? { authorReference: { reference: ctx.actor } } : {}),
  };
}

/**
 * Reads a referral Task the actor may see (404 when it is not there or not a referral).
 */
export async function readReferralTask(
  repo: Repository,
  ctx: RequestContext,
  taskId: string,
): Promise<Task> {
  const task = await repo.read<Task>(ctx, 'Task', taskId);
  if (!isReferralTask(task)) {
    throw careError(ReferralError.NOT_A_REFERRAL, 'not-found', `Task/${taskId} is not a referral`);
  }
  return task;
}

/**
 * One action on a referral, in one transaction with a Provenance (who, organisation, when, why):
 * accept, decline (reason code), start, hold, resume, complete (need met?, outcome), fail (reason
 * code), cancel (requesting side), update (a note, status unchanged). Moves along the shortest path
 * the actor's side may take (complete on an accepted referral: in-progress, then completed), each
 * step its own version; the write rule refuses anything else with 422.
 */
export async function actOnReferral(
  repo: Repository,
  ctx: RequestContext,
  taskId: string,
  action: ReferralAction,
  input: ReferralActionInput = {},
  options: { ifMatch?: string; now?: Date } = {},
): Promise<Task> {
  if (!isReferralAction(action))
    throw invalidInput(`Unknown referral action ${String(action)}`, 'action');
  const now = options.now ?? new Date();
  const to = action === 'update' ? undefined : REFERRAL_ACTIONS[action];
  if ((to === 'rejected' || to === 'failed') && !isReferralReason(input.reason)) {
    throw careError(
      ReferralError.REASON_REQUIRED,
      'business-rule',
      `To ${action} a referral, give a reason: ${Object.keys(REFERRAL_REASONS).join(', ')}`,
      'reason',
    );
  }
  if (action === 'update' && !input.text?.trim())
    throw invalidInput('An update needs a text', 'text');
  return withRetry(options.ifMatch !== undefined, () =>
    repo.inTransaction(ctx, async (w, tx) => {
      let task = await readInTransaction<Task>(tx, ctx, 'Task', taskId);
      if (!isReferralTask(task))
        throw careError(
          ReferralError.NOT_A_REFERRAL,
          'not-found',
          `Task/${taskId} is not a referral`,
        );
      checkVersion(task, options.ifMatch);
      const from = task.status;
      const steps =
        to && isReferralStatus(from) ? referralPath(from, to, sideOf(ctx, task)) : to ? [to] : [];
      const written: Task[] = [];
      const text = input.text?.trim();
      for (const status of steps) {
        const last = status === to;
        const next: Task = { ...task, status };
        if (
          last &&
          (status === 'rejected' || status === 'failed') &&
          isReferralReason(input.reason)
        )
          next.statusReason = {
            coding: [
              {
                system: REFERRAL_REASON_SYSTEM,
                code: input.reason,
                display: REFERRAL_REASONS[input.reason],
              },
            ],
            text: text || REFERRAL_REASONS[input.reason],
          };
        else if (last && (status === 'on-hold' || status === 'cancelled') && text)
          next.statusReason = { text };
        else if (status === 'in-progress' || status === 'accepted') delete next.statusReason;
        if (last && status === 'completed') {
          next.output = [
            ...(task.output ?? []),
            ...completionOutputs(input.needMet, input.outcome?.trim() || undefined),
          ];
          next.executionPeriod = { ...task.executionPeriod, end: now.toISOString() };
        }
        if (status === 'in-progress' && !task.executionPeriod?.start)
          next.executionPeriod = { ...next.executionPeriod, start: now.toISOString() };
        if (last && text && status !== 'rejected' && status !== 'failed')
          next.note = [...(task.note ?? []), noteBy(ctx, text, now)];
        task = (await w.update(next, `W/"${task.meta?.versionId}"`)).resource;
        written.push(task);
      }
      if (action === 'update') {
        task = (
          await w.update(
            { ...task, note: [...(task.note ?? []), noteBy(ctx, text as string, now)] },
            `W/"${task.meta?.versionId}"`,
          )
        ).resource;
        written.push(task);
      }
      if (written.length > 0) {
        // The receiver may not write into the person's record; the system stores their Provenance
        // (which names them as its author).
        await w.withContext(SYSTEM_CONTEXT).create(
          provenanceFor(ctx, written, patientIdOf(task.for?.reference), {
            kind: 'update-task',
            now,
            ...(text || input.reason
              ? { reason: text || REFERRAL_REASONS[input.reason as keyof typeof REFERRAL_REASONS] }
              : {}),
          }),
        );
      }
      // The loop-closing writes (Procedure, output) may have added a version: answer the current one.
      return readInTransaction<Task>(tx, ctx, 'Task', taskId);
    }),
  );
}
