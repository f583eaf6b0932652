import { normalizeOperationOutcome, operationOutcomeToString } from '@medplum/core';
import type { Resource } from '@medplum/fhirtypes';
import {
  processBatch,
  processTransaction,
  SYSTEM_CONTEXT,
  type Repository,
} from '@careweave/store';
import { readFileSync } from 'node:fs';
import { PreparePool, defaultWorkerCount } from './pool.js';
import { keysOf, WriteScheduler } from './schedule.js';
import type { LineResult, Prepared, PrepareResult, PrepareTask } from './prepare.js';
import { readNdjsonLines, type SourceFile } from './sources.js';

/** Resources written per database transaction when importing NDJSON or collections. */
const BATCH_SIZE = 500;

/** What an import did: files fully imported, resources processed, and what failed and why. */
export interface ImportReport {
  files: number;
  resources: number;
  failures: { file: string; reason: string }[];
}

/** Hooks for a progress display. */
export interface ImportCallbacks {
  /** Called after each committed unit with the running total of resources processed and bytes read. */
  onProgress?: (resources: number, bytes: number) => void;
}

function describe(err: unknown): string {
  return operationOutcomeToString(normalizeOperationOutcome(err));
}

/** How an import runs. */
export interface ImportOptions {
  /**
   * Threads that parse, validate and index ahead of the writes (default: `CAREWEAVE_IMPORT_WORKERS`,
   * else one per core); 0 does it all on the calling thread.
   */
  workers?: number;
  /**
   * Write transactions at once (default: `CAREWEAVE_IMPORT_WRITERS`, else 2 on PostgreSQL and 1 on
   * PGlite, which has one connection).
   */
  writers?: number;
}

/** One unit of work in file order: a JSON file, or a batch of an NDJSON file's lines. */
interface Job {
  file: SourceFile;
  /** Undefined when the file could not be read; `readError` says why. */
  task?: PrepareTask;
  readError?: string;
  /** The file's last job: the file is done (or failed) once it is written. */
  last: boolean;
  where: string;
}

async function* jobsOf(files: readonly SourceFile[]): AsyncGenerator<Job> {
  for (const file of files) {
    if (file.kind === 'json') {
      yield { file, task: { kind: 'json', path: file.path }, last: true, where: file.path };
      continue;
    }
    let lines: string[] = [];
    let lineNumbers: number[] = [];
    try {
      for await (const { line, text } of readNdjsonLines(file.path)) {
        lines.push(text);
        lineNumbers.push(line);
        if (lines.length >= BATCH_SIZE) {
          yield {
            file,
            task: { kind: 'lines', lines, lineNumbers },
            last: false,
            where: `${file.path}:${lineNumbers[0]}`,
          };
          lines = [];
          lineNumbers = [];
        }
      }
    } catch (err) {
      yield { file, readError: (err as Error).message, last: true, where: file.path };
      continue;
    }
    yield {
      file,
      task: { kind: 'lines', lines, lineNumbers },
      last: true,
      where: `${file.path}:${lineNumbers[0] ?? 1}`,
    };
  }
}

/**
 * Imports FHIR files through the one write path (validation, domain hooks, indexing, history):
 * - transaction Bundles all-or-nothing, keeping the ids their `urn:uuid:` full URLs carry, so
 *   importing the same bundles again updates in place instead of duplicating people;
 * - batch Bundles entry by entry;
 * - collections, single resources and NDJSON in batches of resources that carry their ids
 *   (upserts; unchanged resources are skipped, so re-imports are idempotent).
 * A broken file or resource is reported with its name and reason and the rest still import.
 *
 * Worker threads read, parse, validate, index and serialise files (and NDJSON batches) ahead of
 * the writer (`TxWriter.prepare`); this thread writes them in file order (`upsertPrepared`, which
 * runs the domain hooks), two transactions at once on PostgreSQL but never two touching one resource. What the workers cannot prepare exactly as the general path would —
 * conditional or non-create entries, invalid resources — goes through the general path here.
 */
export async function importFiles(
  repo: Repository,
  files: readonly SourceFile[],
  callbacks: ImportCallbacks = {},
  options: ImportOptions = {},
): Promise<ImportReport> {
  const report: ImportReport = { files: 0, resources: 0, failures: [] };
  let bytes = 0;
  const progress = (): void => callbacks.onProgress?.(report.resources, bytes);
  const pool = new PreparePool(options.workers ?? defaultWorkerCount());
  const ahead = Math.max(2, pool.size * 2) + 2;
  const jobs = jobsOf(files);
  const inFlight: { job: Job; result: Promise<PrepareResult> }[] = [];
  let exhausted = false;
  const fill = async (): Promise<void> => {
    while (!exhausted && inFlight.length < ahead) {
      const next = await jobs.next();
      if (next.done) {
        exhausted = true;
      } else {
        const job = next.value;
        const result = job.task
          ? pool.run(job.task)
          : Promise.resolve<PrepareResult>({ kind: 'error', message: job.readError ?? '' });
        result.catch(() => undefined); // consumed in order below
        inFlight.push({ job, result });
      }
    }
  };
  const fromEnv = Number.parseInt(process.env['CAREWEAVE_IMPORT_WRITERS'] ?? '', 10);
  const scheduler = new WriteScheduler(
    Math.max(1, options.writers ?? (fromEnv > 0 ? fromEnv : repo.db.kind === 'postgres' ? 2 : 1)),
  );
  // Per file: jobs not yet written, whether its last job was seen, and whether it failed.
  const state = new Map<SourceFile, { pending: number; lastSeen: boolean; failed: boolean }>();
  const finish = (job: Job): void => {
    const s = state.get(job.file) as { pending: number; lastSeen: boolean; failed: boolean };
    s.pending--;
    if (!(s.lastSeen && s.pending === 0)) {
      progress();
      return;
    }
    state.delete(job.file);
    report.files += s.failed ? 0 : 1;
    bytes += job.file.bytes;
    progress();
  };
  const fail = (job: Job, err: unknown): void => {
    (state.get(job.file) as { failed: boolean }).failed = true;
    report.failures.push({
      file: job.file.path,
      reason: err instanceof Error && !('outcome' in err) ? err.message : describe(err),
    });
  };
  try {
    await fill();
    for (let current = inFlight.shift(); current; current = inFlight.shift()) {
      await fill();
      const { job } = current;
      const s = state.get(job.file) ?? { pending: 0, lastSeen: false, failed: false };
      state.set(job.file, s);
      s.pending++;
      s.lastSeen ||= job.last;
      const prepared = await current.result.catch((err: unknown): PrepareResult => ({
        kind: 'error',
        message: (err as Error).message,
      }));
      if (s.failed || prepared.kind === 'error') {
        if (!s.failed && prepared.kind === 'error') {
          fail(job, new Error(prepared.message));
        }
        finish(job);
        continue;
      }
      await scheduler.start(keysOf(prepared), async () => {
        try {
          const written = await writeJob(repo, job, prepared, report); // not `+= await`: writes overlap
          report.resources += written;
        } catch (err) {
          fail(job, err);
        }
        finish(job);
      });
    }
    await scheduler.drain();
  } finally {
    await pool.close();
  }
  return report;
}

async function writeJob(
  repo: Repository,
  job: Job,
  prepared: PrepareResult,
  report: ImportReport,
): Promise<number> {
  if (prepared.kind === 'lines') {
    return writeLines(repo, prepared.results, job.where, report);
  }
  if (prepared.kind === 'transaction') {
    try {
      await repo.inTransaction(SYSTEM_CONTEXT, (writer) =>
        writer.upsertPrepared(prepared.items, { skipUnchanged: true, method: 'POST' }),
      );
      return prepared.entries;
    } catch {
      // The general path below reports the problem in its own words.
    }
  }
  return importJson(repo, job.file, report);
}

/**
 * Writes a batch of prepared NDJSON lines in one transaction, like `writeBatch`: if the batch
 * fails, its resources are retried one by one so a bad one is reported precisely.
 */
async function writeLines(
  repo: Repository,
  results: readonly LineResult[],
  where: string,
  report: ImportReport,
): Promise<number> {
  if (results.length === 0) {
    return 0;
  }
  const withIds: (Prepared | Resource)[] = [];
  const withoutIds: Resource[] = [];
  for (const r of results) {
    if ('prepared' in r) {
      withIds.push(r.prepared);
    } else {
      const resource = JSON.parse(r.raw) as Resource;
      (resource.id ? withIds : withoutIds).push(resource);
    }
  }
  const isPrepared = (x: Prepared | Resource): x is Prepared => 'body' in x && 'index' in x;
  const write = (items: (Prepared | Resource)[]) =>
    repo.inTransaction(SYSTEM_CONTEXT, (writer) =>
      items.every(isPrepared)
        ? writer.upsertPrepared(items, { skipUnchanged: true })
        : writer.upsertMany(items as Resource[], { skipUnchanged: true }),
    );
  // A mix of prepared and raw resources cannot share one write: go one by one straight away.
  await writeWithFallback(
    repo,
    withIds,
    withoutIds,
    write,
    withIds.every(isPrepared),
    where,
    report,
  );
  return results.length;
}

async function importJson(
  repo: Repository,
  file: SourceFile,
  report: ImportReport,
): Promise<number> {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file.path, 'utf8'));
  } catch (err) {
    throw new Error(`invalid JSON (${(err as Error).message})`, { cause: err });
  }
  const resource = value as Resource;
  if (!resource || typeof resource !== 'object' || typeof resource.resourceType !== 'string') {
    throw new Error('not a FHIR resource (no resourceType)');
  }
  if (resource.resourceType === 'Bundle') {
    const bundle = resource;
    if (bundle.type === 'transaction') {
      await processTransaction(repo, SYSTEM_CONTEXT, bundle, { preserveIds: true });
      return bundle.entry?.length ?? 0;
    }
    if (bundle.type === 'batch') {
      const result = await processBatch(repo, SYSTEM_CONTEXT, bundle);
      result.entry?.forEach((e, i) => {
        if (e.response?.outcome) {
          report.failures.push({
            file: `${file.path} entry ${i}`,
            reason: operationOutcomeToString(e.response.outcome),
          });
        }
      });
      return result.entry?.filter((e) => !e.response?.outcome).length ?? 0;
    }
    const resources = (bundle.entry ?? []).map((e) => e.resource).filter((r): r is Resource => !!r);
    let written = 0;
    for (let i = 0; i < resources.length; i += BATCH_SIZE) {
      written += await writeBatch(repo, resources.slice(i, i + BATCH_SIZE), file.path, report);
    }
    return written;
  }
  return writeBatch(repo, [resource], file.path, report);
}

/**
 * Writes a batch in one transaction. If the batch fails, its resources are retried one by one so
 * that a single bad resource is reported precisely and does not sink its neighbours.
 */
async function writeBatch(
  repo: Repository,
  batch: Resource[],
  where: string,
  report: ImportReport,
): Promise<number> {
  if (batch.length === 0) {
    return 0;
  }
  const withIds = batch.filter((r) => r.id);
  const withoutIds = batch.filter((r) => !r.id);
  const write = (items: Resource[]) =>
    repo.inTransaction(SYSTEM_CONTEXT, (writer) =>
      writer.upsertMany(items, { skipUnchanged: true }),
    );
  await writeWithFallback(repo, withIds, withoutIds, write, true, where, report);
  return batch.length;
}

/**
 * Writes resources that carry ids in one transaction (when `batchFirst`), and if that fails — or
 * without trying — one transaction per resource, so that a single bad resource is reported
 * precisely and does not sink its neighbours. Resources without ids are created one by one.
 */
async function writeWithFallback<T extends { resourceType: string; id?: string | undefined }>(
  repo: Repository,
  withIds: T[],
  withoutIds: Resource[],
  write: (items: T[]) => Promise<unknown>,
  batchFirst: boolean,
  where: string,
  report: ImportReport,
): Promise<void> {
  let written = false;
  if (batchFirst) {
    try {
      await write(withIds);
      written = true;
    } catch {
      // retried one by one below
    }
  }
  if (!written) {
    for (const r of withIds) {
      try {
        await write([r]);
      } catch (err) {
        report.failures.push({ file: `${where} ${r.resourceType}/${r.id}`, reason: describe(err) });
      }
    }
  }
  for (const r of withoutIds) {
    try {
      await repo.create(SYSTEM_CONTEXT, r);
    } catch (err) {
      report.failures.push({
        file: `${where} ${r.resourceType ?? 'resource'} without id`,
        reason: describe(err),
      });
    }
  }
}
