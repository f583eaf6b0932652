import type { Task } from '@medplum/fhirtypes';
import type { Queryable, RequestContext } from '@careweave/store';
import { isSystem } from '../shared/acting.js';
import { NotificationKind, notify } from '../notifications/notify.js';
import { patientIdOf } from '../roster/team-members.js';
import { assertTransition, isTaskStatus } from './state-machine.js';

/** A short, human description of a task for notifications and change lists. */
export function describeTask(task: Task): string {
  return task.description ?? task.code?.text ?? task.code?.coding?.[0]?.display ?? 'a task';
}

/**
 * The Task rules of the one write path (every door: /api, FHIR REST, bundles, import):
 * - a status change must be an edge of the FHIR state machine (TaskError.ILLEGAL_TRANSITION, 422),
 *   unless the caller checked another machine (`stateMachine: false`: referral Tasks);
 * - user writes stamp `lastModified` (and `authoredOn` on creation);
 * - giving a task to someone else notifies them (task-assigned).
 */
export async function taskRule(
  ctx: RequestContext,
  next: Task,
  previous: Task | undefined,
  tx: Queryable,
  now: Date,
  options: { stateMachine?: boolean } = {},
): Promise<Task> {
  // A referral Task follows its own (Gravity) machine, checked by care/referrals before this rule.
  if (
    options.stateMachine !== false &&
    previous &&
    isTaskStatus(previous.status) &&
    isTaskStatus(next.status)
  ) {
    assertTransition(previous.status, next.status, next.id);
  }
  if (isSystem(ctx)) {
    return next;
  }
  const stamped: Task = {
    ...next,
    lastModified: now.toISOString(),
    authoredOn: next.authoredOn ?? now.toISOString(),
  };
  const owner = next.owner?.reference;
  if (owner && owner !== previous?.owner?.reference) {
    const patientId = patientIdOf(next.for?.reference);
    await notify(tx, ctx, [
      {
        recipient: owner,
        kind: NotificationKind.TASK_ASSIGNED,
        focus: `Task/${next.id}`,
        summary: `Task assigned to you: ${describeTask(next)}`,
        ...(patientId ? { patientId } : {}),
      },
    ]);
  }
  return stamped;
}
