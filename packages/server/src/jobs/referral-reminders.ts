import {
  DEFAULT_REMINDER_CONFIG,
  runReferralReminders,
  type ReminderConfig,
} from '@careweave/care';
import type { Repository } from '@careweave/store';
import type { FastifyInstance } from 'fastify';

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
 * Runs the referral reminders (care/referrals/reminders.ts) every hour on a timer that does not
 * keep the process alive and stops when the app closes; `POST /api/referrals/reminders/run` runs
 * them on demand. Each reminder task's id is derived from its referral, so several servers (or a
 * run on demand in between) never create one twice. `CAREWEAVE_REFERRAL_REMINDERS=off` disables it.
 */
export function startReferralReminders(options: {
  app: FastifyInstance;
  repo: Repository;
  everyMs?: number;
}): { stop(): void } {
  if (process.env['CAREWEAVE_REFERRAL_REMINDERS'] === 'off') return { stop: () => undefined };
  const config = reminderConfigFromEnv();
  const timer = setInterval(() => {
    runReferralReminders(options.repo, new Date(), config).catch((err: unknown) => {
      options.app.log.error({ err }, 'referral reminders failed');
    });
  }, options.everyMs ?? 3_600_000);
  timer.unref();
  options.app.addHook('onClose', () => {
    clearInterval(timer);
  });
  return { stop: () => clearInterval(timer) };
}
