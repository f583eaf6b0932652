import type {
  Annotation,
  Condition,
  Goal,
  Procedure,
  ServiceRequest,
  Task,
} from '@medplum/fhirtypes';
import {
  SYSTEM_CONTEXT,
  readInTransaction,
  type ChangeEvent,
  type Queryable,
  type RequestContext,
  type ResourceWriter,
} from '@careweave/store';
import { NOTIFICATION_KINDS } from '@careweave/contract';
import { notify } from '../notifications/notify.js';
import { patientIdOf } from '../roster/team-members.js';
import {
  REFERRAL_OUTPUT_SYSTEM,
  RESULTING_ACTIVITY,
  SDOHCC_PROCEDURE_PROFILE,
  isReferralTask,
  needMetOf,
  outcomeOf,
  procedureOf,
} from './codes.js';

/** Referral Tasks whose status changed in a transaction (set by the write rule, read after the write). */
const changedIn = new WeakMap<object, Map<string, string>>();

/** Remembers that a referral Task changed status inside `tx` (from → to), for `closeLoops`. */
export function markStatusChange(tx: Queryable, taskId: string, from: string): void {
  const changes = changedIn.get(tx) ?? new Map<string, string>();
  if (!changes.has(taskId)) changes.set(taskId, from);
  changedIn.set(tx, changes);
}

const ACHIEVEMENT = 'http://terminology.hl7.org/CodeSystem/goal-achievement';
const CLINICAL = 'http://terminology.hl7.org/CodeSystem/condition-clinical';

function noteFrom(text: string, now: Date): Annotation {
  return { text, time: now.toISOString(), authorString: 'Careweave (closed-loop referral)' };
}

const refsOf = (refs: readonly { reference?: string }[] | undefined, type: string): string[] =>
  (refs ?? [])
    .map((r) => r.reference)
    .filter((r): r is string => r?.startsWith(`${type}/`) === true);

async function readSafe<T extends Goal | Condition | ServiceRequest>(
  tx: Queryable,
  reference: string,
): Promise<T | undefined> {
  const [type, id] = reference.split('/');
  return readInTransaction<T>(tx, SYSTEM_CONTEXT, type as string, id as string).catch(
    () => undefined,
  );
}

/**
 * What follows a referral's status change, on every door, in the write's transaction:
 * - the requester is notified of the receiver's moves (accepted, declined, completed, failed…);
 * - **completed**: the delivered `Procedure` (Gravity SDOHCC-Procedure) exists and `Task.output`
 *   references it (the receiver's own, or one written from the outcome); the ServiceRequest is
 *   completed; the goal it serves (`supportingInfo` / the Task's `reasonReference`) records the
 *   achievement (achieved when the need was met, else not-achieved) and the health concern it
 *   addresses (`reasonReference` Condition) is resolved when the need was met — a note either way;
 * - **cancelled** / **entered-in-error**: the ServiceRequest is revoked / entered-in-error.
 * The consequences the receiver may not write themselves (the plan's goal, the concern, the
 * Procedure in the person's record) are written by the system in the same transaction.
 */
export async function closeLoops(
  ctx: RequestContext,
  events: readonly ChangeEvent[],
  writer: ResourceWriter,
  tx: Queryable,
  now: Date,
): Promise<void> {
  const changes = changedIn.get(tx);
  if (!changes || changes.size === 0) return;
  for (const event of events) {
    if (event.resourceType !== 'Task' || !changes.has(event.id)) continue;
    const task = event.resource as Task | undefined;
    if (!task || !isReferralTask(task)) continue;
    changes.delete(event.id);
    await afterChange(ctx, task, writer, tx, now);
  }
}

async function afterChange(
  ctx: RequestContext,
  task: Task,
  writer: ResourceWriter,
  tx: Queryable,
  now: Date,
): Promise<void> {
  const system = writer.withContext(SYSTEM_CONTEXT);
  const requestRef = task.focus?.reference as string;
  const request = await readSafe<ServiceRequest>(tx, requestRef);
  const patientId = patientIdOf(task.for?.reference);
  const what = request?.code?.text ?? task.description ?? 'Referral';
  const receiver = task.owner?.display ?? request?.performer?.[0]?.display ?? 'the receiver';
  const needMet = needMetOf(task);
  const recipients = [request?.requester?.reference, task.requester?.reference].filter(
    (r): r is string => r !== undefined,
  );
  const words: Partial<Record<NonNullable<Task['status']>, string>> = {
    accepted: `accepted by ${receiver}`,
    rejected: `declined by ${receiver}${task.statusReason?.text ? `: ${task.statusReason.text}` : ''}`,
    'in-progress': `in progress at ${receiver}`,
    'on-hold': `on hold at ${receiver}`,
    completed: `completed by ${receiver}${needMet === true ? ' — need met' : needMet === false ? ' — need not met' : ''}`,
    failed: `failed at ${receiver}${task.statusReason?.text ? `: ${task.statusReason.text}` : ''}`,
  };
  const summary = task.status ? words[task.status] : undefined;
  if (summary) {
    await notify(
      tx,
      ctx,
      recipients.map((recipient) => ({
        recipient,
        kind: NOTIFICATION_KINDS.REFERRAL_UPDATE,
        focus: `Task/${task.id}`,
        summary: `${what}: ${summary}`,
        ...(patientId ? { patientId } : {}),
      })),
    );
  }
  if (!request) return;
  if (task.status === 'cancelled' || task.status === 'entered-in-error') {
    if (request.status === 'active' || request.status === 'on-hold')
      await system.update({
        ...request,
        status: task.status === 'cancelled' ? 'revoked' : 'entered-in-error',
      });
    return;
  }
  if (task.status !== 'completed') return;
  if (!procedureOf(task)) {
    const procedure = await system.create<Procedure>({
      resourceType: 'Procedure',
      meta: { profile: [SDOHCC_PROCEDURE_PROFILE] },
      status: 'completed',
      ...(request.category?.[0] ? { category: request.category[0] } : {}),
      code: request.code ?? { text: what },
      subject: { reference: request.subject.reference },
      basedOn: [{ reference: requestRef }],
      performedDateTime: now.toISOString(),
      ...(task.owner?.reference
        ? { performer: [{ actor: { reference: task.owner.reference } }] }
        : {}),
      ...(outcomeOf(task) ? { note: [{ text: outcomeOf(task) as string }] } : {}),
    });
    await system.update<Task>({
      ...task,
      output: [
        ...(task.output ?? []),
        {
          type: { coding: [RESULTING_ACTIVITY] },
          valueReference: { reference: `Procedure/${procedure.id}` },
        },
      ],
    });
  }
  if (request.status === 'active') await system.update({ ...request, status: 'completed' });
  const closing = `${what} ${words.completed}${outcomeOf(task) ? ` (${outcomeOf(task)})` : ''}.`;
  const goals = new Set([
    ...refsOf(request.supportingInfo, 'Goal'),
    // A plan activity names the goal it serves as its reason.
    ...refsOf(request.reasonReference, 'Goal'),
    ...refsOf(task.reasonReference ? [task.reasonReference] : [], 'Goal'),
  ]);
  for (const ref of goals) {
    const goal = await readSafe<Goal>(tx, ref);
    if (!goal || ['cancelled', 'entered-in-error', 'rejected'].includes(goal.lifecycleStatus))
      continue;
    const code = needMet === true ? 'achieved' : needMet === false ? 'not-achieved' : 'improving';
    await system.update<Goal>({
      ...goal,
      achievementStatus: { coding: [{ system: ACHIEVEMENT, code }], text: code },
      ...(needMet === true
        ? { lifecycleStatus: 'completed', statusDate: now.toISOString().slice(0, 10) }
        : {}),
      note: [...(goal.note ?? []), noteFrom(closing, now)],
    });
  }
  for (const ref of refsOf(request.reasonReference, 'Condition')) {
    const concern = await readSafe<Condition>(tx, ref);
    if (!concern) continue;
    await system.update<Condition>({
      ...concern,
      ...(needMet === true
        ? {
            clinicalStatus: { coding: [{ system: CLINICAL, code: 'resolved' }] },
            abatementDateTime: now.toISOString(),
          }
        : {}),
      note: [...(concern.note ?? []), noteFrom(closing, now)],
    });
  }
}

/** Task.output entries for a completion: whether the need was met, and the outcome in words. */
export function completionOutputs(needMet: boolean | undefined, outcome: string | undefined) {
  return [
    ...(needMet !== undefined
      ? [
          {
            type: {
              coding: [{ system: REFERRAL_OUTPUT_SYSTEM, code: 'need-met', display: 'Need met' }],
            },
            valueBoolean: needMet,
          },
        ]
      : []),
    ...(outcome
      ? [
          {
            type: {
              coding: [{ system: REFERRAL_OUTPUT_SYSTEM, code: 'outcome', display: 'Outcome' }],
            },
            valueString: outcome,
          },
        ]
      : []),
  ];
}
