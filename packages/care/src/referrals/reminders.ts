import type { ServiceRequest, Task } from '@medplum/fhirtypes';
import { SYSTEM_CONTEXT, type Repository } from '@careweave/store';
import type { ReferralReminderRun } from '@careweave/contract';
import { isReferralTask } from './codes.js';

/** Settings of the referral reminders (`CAREWEAVE_REFERRAL_ACCEPT_DAYS`, `CAREWEAVE_REFERRAL_STALE_DAYS`). */
export interface ReminderConfig {
  /** Business days (Mon–Fri) a receiver has to accept a referral (default 3). */
  acceptBusinessDays: number;
  /** Days an accepted or in-progress referral may go without an update (default 14). */
  staleDays: number;
}
export const DEFAULT_REMINDER_CONFIG: ReminderConfig = { acceptBusinessDays: 3, staleDays: 14 };

/** Code system of the coordinator tasks the reminders create (`Task.code`). */
export const REFERRAL_REMINDER_SYSTEM = 'https://careweave.org/fhir/CodeSystem/referral-reminder';

/** Whole business days (Mon–Fri, UTC) from `from` to `to`. */
export function businessDaysBetween(from: Date, to: Date): number {
  let days = 0;
  const day = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate()));
  const end = Date.UTC(to.getUTCFullYear(), to.getUTCMonth(), to.getUTCDate());
  // A referral sent at 16:00 on Monday is 3 business days old on Thursday at 16:00.
  const sameTime = to.getTime() - end >= from.getTime() - day.getTime();
  while (day.getTime() < end) {
    day.setUTCDate(day.getUTCDate() + 1);
    const weekday = day.getUTCDay();
    if (weekday !== 0 && weekday !== 6) days++;
  }
  return sameTime ? days : Math.max(0, days - 1);
}

/** Why a referral is overdue, if it is: not accepted in time, or no update for too long. */
export type ReferralOverdue = 'not-accepted' | 'no-update';

/**
 * Whether a referral Task is overdue at `now`: still `requested` after `acceptBusinessDays`
 * business days from `sent`, or accepted / in progress with no change for `staleDays`. The one
 * rule behind the reminders and the overdue flags of the referral lists.
 */
export function overdueReason(
  task: Task,
  sent: string | undefined,
  now: Date,
  config: ReminderConfig = DEFAULT_REMINDER_CONFIG,
): ReferralOverdue | undefined {
  const updated = task.lastModified ?? task.meta?.lastUpdated;
  if (task.status === 'requested') {
    return sent && businessDaysBetween(new Date(sent), now) >= config.acceptBusinessDays
      ? 'not-accepted'
      : undefined;
  }
  if (task.status !== 'accepted' && task.status !== 'in-progress') return undefined;
  return updated && now.getTime() - Date.parse(updated) >= config.staleDays * 86_400_000
    ? 'no-update'
    : undefined;
}

/**
 * Reminders and escalation: a referral not accepted within `acceptBusinessDays` business days, or
 * accepted / in progress without an update for `staleDays`, becomes a task for the coordinator who
 * sent it (owner = the ServiceRequest's requester), `focus` the referral Task, code
 * `referral-not-accepted` / `referral-no-update`. One task per referral and reason (the id is
 * derived from them), so running it again — on a timer or on demand — creates nothing twice.
 * Runs as the system, with an injected clock.
 */
export async function runReferralReminders(
  repo: Repository,
  now: Date,
  config: ReminderConfig = DEFAULT_REMINDER_CONFIG,
): Promise<ReferralReminderRun> {
  const found = await repo.search(SYSTEM_CONTEXT, 'Task', [
    ['status', 'requested,accepted,in-progress'],
    ['focus:missing', 'false'],
    ['_include', 'Task:focus'],
    ['_count', '1000'],
    ['_total', 'none'],
  ]);
  const requests = new Map(
    (found.included ?? []).map((r) => [`${r.resourceType}/${r.id}`, r as ServiceRequest]),
  );
  const run: ReferralReminderRun = { notAccepted: [], stale: [], created: [] };
  const due: { task: Task; kind: 'referral-not-accepted' | 'referral-no-update'; text: string }[] =
    [];
  for (const task of found.resources as Task[]) {
    if (!isReferralTask(task) || !task.id) continue;
    const sent = task.authoredOn ?? requests.get(task.focus?.reference ?? '')?.authoredOn;
    const overdue = overdueReason(task, sent, now, config);
    if (overdue === 'not-accepted') {
      run.notAccepted.push(task.id);
      due.push({
        task,
        kind: 'referral-not-accepted',
        text: `not accepted within ${config.acceptBusinessDays} business days`,
      });
    } else if (overdue === 'no-update') {
      run.stale.push(task.id);
      due.push({
        task,
        kind: 'referral-no-update',
        text: `no update for ${config.staleDays} days`,
      });
    }
  }
  for (const { task, kind, text } of due) {
    const request = requests.get(task.focus?.reference ?? '');
    const owner = request?.requester ?? task.requester;
    const id = `${kind === 'referral-not-accepted' ? 'rna' : 'rnu'}-${task.id}`.slice(0, 64);
    const exists = await repo
      .read(SYSTEM_CONTEXT, 'Task', id)
      .then(() => true)
      .catch(() => false);
    if (exists || !owner?.reference) continue;
    const what = request?.code?.text ?? task.description ?? 'Referral';
    await repo.update(SYSTEM_CONTEXT, {
      resourceType: 'Task',
      id,
      status: 'requested',
      intent: 'order',
      priority: 'urgent',
      code: {
        coding: [{ system: REFERRAL_REMINDER_SYSTEM, code: kind }],
        text: `Follow up: ${text}`,
      },
      description: `Follow up ${what} (${task.owner?.display ?? task.owner?.reference ?? 'receiver'}): ${text}`,
      ...(task.for ? { for: task.for } : {}),
      // The referral Task this is about; `partOf`, not `focus`, so this task is not itself a referral.
      partOf: [{ reference: `Task/${task.id}` }],
      owner: { reference: owner.reference },
      authoredOn: now.toISOString(),
      restriction: { period: { end: now.toISOString().slice(0, 10) } },
    } satisfies Task);
    run.created.push(id);
  }
  return run;
}
