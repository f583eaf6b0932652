import { stratify, type StratifyResult, type TierRules } from '@careweave/care';
import type { Repository } from '@careweave/store';
import type { FastifyInstance } from 'fastify';
import { hostname } from 'node:os';

/** Options of the nightly stratification job. */
export interface StratifyJobOptions {
  app: FastifyInstance;
  /** The Repository with care/access's write hooks. */
  repo: Repository;
  /** Local hour of the nightly run (default 2, i.e. 02:00; `CAREWEAVE_STRATIFY_HOUR`). */
  hour?: number;
  rules?: TierRules;
  /** A full run (refitting the model on the last year) when the last one is older than this (default 30 days). */
  fullEveryDays?: number;
  /**
   * When the database has never been stratified (a fresh demo or import), run once shortly after
   * start instead of waiting for the night (default true).
   */
  initialRun?: boolean;
  /** Set false to disable (`CAREWEAVE_STRATIFY_JOB=off`). */
  enabled?: boolean;
  /** For tests: the clock. */
  now?: () => Date;
}

/** A started job. */
export interface StratifyJob {
  /** Runs now (whatever the hour), unless a run is in progress; resolves with its result. */
  runNow(): Promise<StratifyResult | undefined>;
  /** When the next nightly run is due. */
  nextRun(): Date | undefined;
  stop(): void;
}

/** Milliseconds from `now` to the next `hour`:00 local time. */
export function msUntilHour(now: Date, hour: number): number {
  const next = new Date(now);
  next.setHours(hour, 0, 0, 0);
  if (next.getTime() <= now.getTime()) next.setDate(next.getDate() + 1);
  return next.getTime() - now.getTime();
}

/**
 * Starts the nightly stratification (incremental, and a full run refitting the model
 * every `fullEveryDays`) on a timer that does not keep the
 * process alive and stops when the app closes. With several app servers, the first to claim the
 * night's slot in PostgreSQL (`risk_job_claim`) runs it; the others skip. Failures are logged
 * and retried the next night. Call once from `startServer` after `buildApp`:
 * `startStratifyJob({ app, repo });`
 */
export function startStratifyJob(options: StratifyJobOptions): StratifyJob {
  const { app, repo } = options;
  const now = options.now ?? (() => new Date());
  const envHour = Number(process.env['CAREWEAVE_STRATIFY_HOUR']);
  const hour =
    options.hour ?? (Number.isInteger(envHour) && envHour >= 0 && envHour < 24 ? envHour : 2);
  const enabled = options.enabled ?? process.env['CAREWEAVE_STRATIFY_JOB'] !== 'off';
  let timer: NodeJS.Timeout | undefined;
  let due: Date | undefined;
  let running: Promise<StratifyResult | undefined> | undefined;
  let stopped = false;

  const fullEvery = (options.fullEveryDays ?? 30) * 86_400_000;
  const run = (): Promise<StratifyResult | undefined> => {
    running ??= repo.readModels.riskRuns
      .last('full')
      .then((lastFull) =>
        stratify(repo, {
          full: !lastFull || now().getTime() - lastFull.startedAt.getTime() > fullEvery,
          ...(options.rules ? { rules: options.rules } : {}),
        }),
      )
      .then((result) => {
        app.log.info(
          {
            stratify: {
              kind: result.kind,
              patients: result.patients,
              written: result.written,
              ms: result.timings.total,
            },
          },
          'risk stratification finished',
        );
        return result;
      })
      .catch((err: unknown) => {
        app.log.error({ err }, 'risk stratification failed');
        return undefined;
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  };

  const schedule = (): void => {
    if (stopped || !enabled) return;
    const wait = msUntilHour(now(), hour);
    due = new Date(now().getTime() + wait);
    timer = setTimeout(() => {
      const slot = `nightly:${due?.toISOString().slice(0, 13) ?? ''}`;
      void repo.readModels.riskRuns
        .claimJob(slot, `${hostname()}:${process.pid}`)
        .then((mine) => (mine ? run() : undefined))
        .catch((err: unknown) => app.log.error({ err }, 'risk stratification could not be claimed'))
        .finally(schedule);
    }, wait);
    timer.unref();
  };

  schedule();
  if (enabled && options.initialRun !== false) {
    const first = setTimeout(() => {
      void repo.readModels.riskRuns
        .last()
        .then((last) =>
          last
            ? false
            : repo.readModels.riskRuns.claimJob('initial', `${hostname()}:${process.pid}`),
        )
        .then((mine) => (mine && !stopped ? run() : undefined))
        .catch((err: unknown) => app.log.error({ err }, 'initial risk stratification failed'));
    }, 2_000);
    first.unref();
  }
  app.addHook('onClose', async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    await running;
  });
  return {
    runNow: run,
    nextRun: () => due,
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
