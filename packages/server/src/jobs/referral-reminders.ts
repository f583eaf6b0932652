import {
  DEFAULT_REMINDER_CONFIG,
  runReferralReminders,
  type ReminderConfig,
} from '@careweave/care';
import type { ReferralReminderRun } from '@careweave/contract';
import type { Repository } from '@careweave/store';
import type { FastifyInstance } from 'fastify';
import { hostname } from 'node:os';

/** The job's name in `job_claim`. */
export const REMINDER_JOB = 'referral-reminders';

/** The reminders' settings from the environment (`CAREWEAVE_REFERRAL_ACCEPT_DAYS`, `CAREWEAVE_REFERRAL_STALE_DAYS`). */
export function reminderConfigFromEnv(env: NodeJS.ProcessEnv = process.env): ReminderConfig {
  const int = (value: string | undefined, fallback: number): number => {
    const n = Number(value);
    return Number.isInteger(n) && n > 0 ? n : fallback;
  };
  return {
    acceptBusinessDays: int(
      env['CAREWEAVE_REFERRAL_ACCEPT_DAYS'],
      DEFAULT_REMINDER_CONFIG.acceptBusinessDays,
    ),
    staleDays: int(env['CAREWEAVE_REFERRAL_STALE_DAYS'], DEFAULT_REMINDER_CONFIG.staleDays),
  };
}

/**
 * One timed run of the reminders, unless another server already claimed this hour: with several
 * app servers on one database the hourly work is done once (the reminders' ids would keep a
 * second run from creating duplicates, but not from repeating the whole search and write).
 * Answers the run, or undefined when the hour was another server's.
 */
export async function runReferralRemindersOnce(
  repo: Repository,
  now: Date,
  config: ReminderConfig,
  claimedBy = `${hostname()}:${process.pid}`,
): Promise<ReferralReminderRun | undefined> {
  const hour = now.toISOString().slice(0, 13);
  if (!(await repo.readModels.jobs.claim(REMINDER_JOB, hour, claimedBy))) return undefined;
  return runReferralReminders(repo, now, config);
}

/**
 * Runs the referral reminders (care/referrals/reminders.ts) every hour on a timer that does not
 * keep the process alive and stops when the app closes; `POST /api/referrals/reminders/run` runs
 * them on demand. Each hour is claimed in the database first (`runReferralRemindersOnce`), so with
 * several servers one of them runs it; each reminder task's id is derived from its referral, so a
 * run on demand in between never creates one twice either. `CAREWEAVE_REFERRAL_REMINDERS=off` disables it.
 */
export function startReferralReminders(options: {
  app: FastifyInstance;
  repo: Repository;
  everyMs?: number;
}): { stop(): void } {
  if (process.env['CAREWEAVE_REFERRAL_REMINDERS'] === 'off') return { stop: () => undefined };
  const config = reminderConfigFromEnv();
  const timer = setInterval(() => {
    runReferralRemindersOnce(options.repo, new Date(), config).catch((err: unknown) => {
      options.app.log.error({ err }, 'referral reminders failed');
    });
  }, options.everyMs ?? 3_600_000);
  timer.unref();
  options.app.addHook('onClose', () => {
    clearInterval(timer);
  });
  return { stop: () => clearInterval(timer) };
}
