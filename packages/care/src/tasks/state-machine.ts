import { careError } from '../shared/care-errors.js';

import {
  TASK_STATUSES,
  TERMINAL_TASK_STATUSES,
  WORKLIST_TABS,
  type TaskStatus,
} from '@careweave/contract';

export { TASK_STATUSES, WORKLIST_TABS, type TaskStatus };

import { TaskError } from '@careweave/contract';

export { TaskError };

/**
 * The FHIR R4 Task state machine (https://hl7.org/fhir/R4/task.html#statemachine), as legal
 * next statuses per status:
 * - draft → requested (or ready when assignment is a given), cancelled;
 * - requested → received (a performer claimed it), accepted, rejected, ready, cancelled;
 * - received → accepted, rejected, cancelled;
 * - accepted / ready → in-progress, cancelled;
 * - in-progress → on-hold, completed, failed, cancelled; on-hold → in-progress, failed, cancelled;
 * - rejected, cancelled, failed, completed are terminal;
 * - entered-in-error ("should never have existed") can be reached from every status but itself
 *   and leads nowhere.
 */
export const TASK_TRANSITIONS: Readonly<Record<TaskStatus, readonly TaskStatus[]>> = {
  draft: ['requested', 'ready', 'cancelled', 'entered-in-error'],
  requested: ['received', 'accepted', 'rejected', 'ready', 'cancelled', 'entered-in-error'],
  received: ['accepted', 'rejected', 'cancelled', 'entered-in-error'],
  accepted: ['in-progress', 'cancelled', 'entered-in-error'],
  ready: ['in-progress', 'cancelled', 'entered-in-error'],
  'in-progress': ['on-hold', 'completed', 'failed', 'cancelled', 'entered-in-error'],
  'on-hold': ['in-progress', 'failed', 'cancelled', 'entered-in-error'],
  rejected: ['entered-in-error'],
  cancelled: ['entered-in-error'],
  failed: ['entered-in-error'],
  completed: ['entered-in-error'],
  'entered-in-error': [],
};

/** Statuses after which the work is over (only entered-in-error may follow). */
export const TERMINAL_STATUSES: readonly TaskStatus[] = TERMINAL_TASK_STATUSES;

export function isTerminal(status: TaskStatus): boolean {
  return TERMINAL_STATUSES.includes(status);
}

export function isTaskStatus(value: unknown): value is TaskStatus {
  return typeof value === 'string' && Object.hasOwn(TASK_TRANSITIONS, value);
}

/** Whether `from → to` is an edge of the state machine (staying in the same status is not a transition). */
export function canTransition(from: TaskStatus, to: TaskStatus): boolean {
  return TASK_TRANSITIONS[from].includes(to);
}

/** Throws a 422 OperationOutcome (TaskError.ILLEGAL_TRANSITION) unless `from → to` is legal or no change. */
export function assertTransition(from: TaskStatus, to: TaskStatus, taskId?: string): void {
  if (from === to || canTransition(from, to)) {
    return;
  }
  const what = taskId ? `Task/${taskId}` : 'Task';
  const allowed = TASK_TRANSITIONS[from];
  throw careError(
    TaskError.ILLEGAL_TRANSITION,
    'business-rule',
    `${what} cannot go from ${from} to ${to}: ${allowed.length > 0 ? `from ${from} it may only become ${allowed.join(', ')}` : `${from} is final`}`,
    'Task.status',
  );
}

/**
 * The shortest sequence of legal transitions from `from` to `to` (excluding `from`, including
 * `to`), for domain actions such as "complete" on a task that was only requested: each step is
 * stored as its own version, so the history shows a legal path. Never passes through a terminal
 * status. Throws TaskError.NO_PATH when there is none.
 */
export function pathTo(from: TaskStatus, to: TaskStatus, taskId?: string): TaskStatus[] {
  if (from === to) {
    return [];
  }
  const previous = new Map<TaskStatus, TaskStatus>();
  const queue: TaskStatus[] = [from];
  while (queue.length > 0) {
    const at = queue.shift() as TaskStatus;
    for (const next of TASK_TRANSITIONS[at]) {
      if (previous.has(next) || next === from || (isTerminal(next) && next !== to)) {
        continue;
      }
      previous.set(next, at);
      if (next === to) {
        const path: TaskStatus[] = [to];
        for (let s = at; s !== from; s = previous.get(s) as TaskStatus) {
          path.unshift(s);
        }
        return path;
      }
      queue.push(next);
    }
  }
  throw careError(
    TaskError.NO_PATH,
    'business-rule',
    `${taskId ? `Task/${taskId}` : 'Task'} cannot become ${to} from ${from}`,
    'Task.status',
  );
}
