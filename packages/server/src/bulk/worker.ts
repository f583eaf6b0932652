import type { Identity } from '@careweave/care';
import {
  addExportFile,
  claimExportJob,
  deleteExpiredExportJobs,
  findAccountById,
  finishExportJob,
  heartbeatExportJob,
  releaseExportJob,
  type Database,
  type ExportJob,
  type Repository,
} from '@careweave/store';
import type { FastifyBaseLogger } from 'fastify';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { AuthConfig } from '../auth/config.js';
import { identityContexts } from '../auth/guard.js';
import { userIdentity } from '../auth/identify.js';
import type { ExportParams } from './params.js';
import { ExportAbandoned, runExport } from './run-export.js';

/** How the export worker behaves; every field has a default. */
export interface BulkExportOptions {
  /** How long a completed export's files stay downloadable (default one hour; `CAREWEAVE_EXPORT_TTL_MINUTES`). */
  ttlMs?: number;
  /** How often an idle worker looks for queued jobs (default 2 s); a kick-off on this server wakes it at once. */
  pollMs?: number;
  /** A running job whose heartbeat is older than this is presumed orphaned and claimed again (default 60 s). */
  staleAfterMs?: number;
  /** Set false to run no worker on this server (jobs are still queued and served). */
  enabled?: boolean;
  /** The clock, for expiry (tests move it forward instead of waiting). */
  now?: () => Date;
}

/** The worker of one server. */
export interface ExportWorker {
  /** Looks for a job now (after a kick-off). */
  wake(): void;
  /** Stops: a job in progress is given back to the queue for another server (or the next start). */
  stop(): Promise<void>;
  readonly options: Required<Omit<BulkExportOptions, 'enabled'>>;
}

function envTtlMs(): number | undefined {
  const minutes = Number(process.env['CAREWEAVE_EXPORT_TTL_MINUTES']);
  return Number.isFinite(minutes) && minutes > 0 ? minutes * 60_000 : undefined;
}

/** The Identity a job runs as: its owner as they are now (a disabled account exports nothing). */
async function ownerIdentity(db: Database, job: ExportJob): Promise<Identity> {
  if (job.owner.kind === 'system') {
    return { kind: 'system', clientId: job.owner.id, scopes: job.scopes };
  }
  const account = await findAccountById(db, job.owner.id);
  if (!account || account.disabled) {
    throw new Error('The account that started this export is disabled or gone');
  }
  return userIdentity(account, job.scopes);
}

/**
 * Starts this server's export worker: it claims queued jobs from the database one at a time (any
 * server may; `claimExportJob` never hands one job to two), runs each as its owner with a
 * heartbeat, and deletes expired exports. Timers never keep the process alive.
 */
export function startExportWorker(
  db: Database,
  repo: Repository,
  auth: AuthConfig,
  log: FastifyBaseLogger,
  options: BulkExportOptions = {},
): ExportWorker {
  const settings = {
    ttlMs: options.ttlMs ?? envTtlMs() ?? 3_600_000,
    pollMs: options.pollMs ?? 2000,
    staleAfterMs: options.staleAfterMs ?? 60_000,
    now: options.now ?? ((): Date => new Date()),
  };
  const workerId = `${hostname()}:${process.pid}:${randomUUID()}`;
  let stopping = false;
  let timer: NodeJS.Timeout | undefined;
  let loop: Promise<void> | undefined;

  const runJob = async (job: ExportJob): Promise<void> => {
    let progress = 'started';
    let mine = true;
    // The heartbeat also notices a cancel (the row is gone) while a long search page runs.
    const beat = setInterval(
      () => {
        heartbeatExportJob(db, job.id, workerId, progress)
          .then((held) => {
            mine &&= held;
          })
          .catch(() => undefined);
      },
      Math.max(250, settings.staleAfterMs / 4),
    );
    beat.unref();
    let seq = 0;
    try {
      const identity = await ownerIdentity(db, job);
      const ctx = await auth.access.contextFor(identity);
      await runExport(
        db,
        repo,
        ctx,
        { scopes: identity.scopes, contexts: identityContexts(identity) },
        job.params as unknown as ExportParams,
        {
          proceed: () => mine && !stopping,
          file: async (kind, resourceType, lines) =>
            mine &&
            !stopping &&
            addExportFile(db, job.id, workerId, {
              seq: ++seq,
              kind,
              resourceType,
              count: lines.length,
              content: `${lines.join('\n')}\n`,
            }),
          progress: async (text) => {
            progress = text;
            return mine && !stopping && heartbeatExportJob(db, job.id, workerId, text);
          },
        },
      );
      await finishExportJob(
        db,
        job.id,
        workerId,
        { status: 'completed' },
        new Date(settings.now().getTime() + settings.ttlMs),
      );
    } catch (err) {
      if (err instanceof ExportAbandoned) {
        if (stopping) await releaseExportJob(db, job.id, workerId);
        return;
      }
      log.error({ err, exportJob: job.id }, 'bulk export failed');
      await finishExportJob(
        db,
        job.id,
        workerId,
        { status: 'failed', error: err instanceof Error ? err.message : String(err) },
        new Date(settings.now().getTime() + settings.ttlMs),
      ).catch(() => false);
    } finally {
      clearInterval(beat);
    }
  };

  const tick = async (): Promise<void> => {
    try {
      await deleteExpiredExportJobs(db, settings.now());
      for (;;) {
        if (stopping) return;
        const job = await claimExportJob(db, workerId, settings.staleAfterMs);
        if (!job) return;
        await runJob(job);
      }
    } catch (err) {
      if (!stopping) log.error({ err }, 'bulk export worker');
    }
  };

  const schedule = (delay: number): void => {
    if (stopping) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      loop ??= tick().finally(() => {
        loop = undefined;
        schedule(settings.pollMs);
      });
    }, delay);
    timer.unref();
  };

  const enabled = options.enabled ?? process.env['CAREWEAVE_EXPORT_WORKER'] !== 'off';
  if (enabled) schedule(0);
  return {
    options: settings,
    wake: () => {
      if (enabled && !loop) schedule(0);
    },
    async stop() {
      stopping = true;
      clearTimeout(timer);
      await loop;
    },
  };
}
