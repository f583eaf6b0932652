import type { Queryable } from '../db/database.js';

/** Who started an export: only they may poll it, download its files or cancel it. */
export interface ExportOwner {
  kind: 'user' | 'system';
  /** user: the account id; system: the client id. */
  id: string;
}

/** A Bulk Data `$export` job as stored (the parameters are the server's to interpret). */
export interface ExportJob {
  id: string;
  owner: ExportOwner;
  /** The scopes of the kick-off token. */
  scopes: string[];
  requestUrl: string;
  params: Record<string, unknown>;
  status: 'queued' | 'running' | 'completed' | 'failed';
  createdAt: Date;
  transactionTime?: Date;
  progress?: string;
  error?: string;
  expiresAt?: Date;
}

/** One NDJSON file of a job (its content is read separately). */
export interface ExportFileInfo {
  seq: number;
  kind: 'output' | 'error';
  resourceType: string;
  count: number;
}

interface JobRow {
  id: string;
  owner_kind: 'user' | 'system';
  owner_id: string;
  scopes: string[];
  request_url: string;
  params: Record<string, unknown>;
  status: ExportJob['status'];
  created_at: Date | string;
  transaction_time: Date | string | null;
  progress: string | null;
  error: string | null;
  expires_at: Date | string | null;
}

const JOB_COLUMNS =
  'id, owner_kind, owner_id, scopes, request_url, params, status, created_at, transaction_time, progress, error, expires_at';

function toJob(row: JobRow): ExportJob {
  return {
    id: row.id,
    owner: { kind: row.owner_kind, id: row.owner_id },
    scopes: [...row.scopes],
    requestUrl: row.request_url,
    params: row.params,
    status: row.status,
    createdAt: new Date(row.created_at),
    ...(row.transaction_time ? { transactionTime: new Date(row.transaction_time) } : {}),
    ...(row.progress ? { progress: row.progress } : {}),
    ...(row.error ? { error: row.error } : {}),
    ...(row.expires_at ? { expiresAt: new Date(row.expires_at) } : {}),
  };
}

/** What queuing a job takes. */
export interface NewExportJob {
  id: string;
  owner: ExportOwner;
  scopes: readonly string[];
  requestUrl: string;
  params: Record<string, unknown>;
}

/** Queues a job; a worker on any server claims it. */
export async function createExportJob(q: Queryable, job: NewExportJob): Promise<ExportJob> {
  const { rows } = await q.query<JobRow>(
    `INSERT INTO bulk_export_job (id, owner_kind, owner_id, scopes, request_url, params, status)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, 'queued') RETURNING ${JOB_COLUMNS}`,
    [
      job.id,
      job.owner.kind,
      job.owner.id,
      [...job.scopes],
      job.requestUrl,
      JSON.stringify(job.params),
    ],
  );
  return toJob(rows[0] as JobRow);
}

/** The job with this id, or undefined. */
export async function findExportJob(q: Queryable, id: string): Promise<ExportJob | undefined> {
  const { rows } = await q.query<JobRow>(
    `SELECT ${JOB_COLUMNS} FROM bulk_export_job WHERE id = $1`,
    [id],
  );
  return rows[0] ? toJob(rows[0]) : undefined;
}

/**
 * Claims the oldest job waiting to run — queued, or running under a heartbeat older than
 * `staleAfterMs` (its server died) — for `worker`, and starts it afresh: its files so far are
 * deleted and its transaction time is now. `FOR UPDATE SKIP LOCKED`: two servers claiming at once
 * get different jobs, never the same one.
 */
export async function claimExportJob(
  q: Queryable,
  worker: string,
  staleAfterMs: number,
  now: Date = new Date(),
): Promise<ExportJob | undefined> {
  const stale = new Date(now.getTime() - staleAfterMs);
  const { rows } = await q.query<JobRow>(
    `UPDATE bulk_export_job SET status = 'running', claimed_by = $1, heartbeat_at = $2,
        transaction_time = $2, progress = NULL
      WHERE id = (
        SELECT id FROM bulk_export_job
         WHERE status = 'queued' OR (status = 'running' AND heartbeat_at < $3)
         ORDER BY created_at, id
         LIMIT 1
         FOR UPDATE SKIP LOCKED)
      RETURNING ${JOB_COLUMNS}`,
    [worker, now, stale],
  );
  const row = rows[0];
  if (!row) {
    return undefined;
  }
  await q.query('DELETE FROM bulk_export_file WHERE job_id = $1', [row.id]);
  return toJob(row);
}

/**
 * Records progress and renews the claim; answers false when the job is no longer this worker's
 * (cancelled, or claimed by another server after a stale heartbeat), so the worker stops.
 */
export async function heartbeatExportJob(
  q: Queryable,
  id: string,
  worker: string,
  progress: string,
  now: Date = new Date(),
): Promise<boolean> {
  const { rows } = await q.query<{ id: string }>(
    `UPDATE bulk_export_job SET heartbeat_at = $3, progress = $4
      WHERE id = $1 AND claimed_by = $2 AND status = 'running' RETURNING id`,
    [id, worker, now, progress],
  );
  return rows.length === 1;
}

/** Adds a file to a job this worker holds; answers false (nothing written) when it holds it no longer. */
export async function addExportFile(
  q: Queryable,
  jobId: string,
  worker: string,
  file: ExportFileInfo & { content: string },
): Promise<boolean> {
  const { rows } = await q.query<{ seq: number }>(
    `INSERT INTO bulk_export_file (job_id, seq, kind, resource_type, count, content)
     SELECT $1, $3, $4, $5, $6, $7 FROM bulk_export_job
      WHERE id = $1 AND claimed_by = $2 AND status = 'running'
     RETURNING seq`,
    [jobId, worker, file.seq, file.kind, file.resourceType, file.count, file.content],
  );
  return rows.length === 1;
}

/** Ends a job this worker holds: completed (files kept until `expiresAt`) or failed with a reason. */
export async function finishExportJob(
  q: Queryable,
  id: string,
  worker: string,
  outcome: { status: 'completed' } | { status: 'failed'; error: string },
  expiresAt: Date,
  now: Date = new Date(),
): Promise<boolean> {
  const { rows } = await q.query<{ id: string }>(
    `UPDATE bulk_export_job SET status = $3, error = $4, finished_at = $5, expires_at = $6,
        claimed_by = NULL, heartbeat_at = NULL
      WHERE id = $1 AND claimed_by = $2 AND status = 'running' RETURNING id`,
    [
      id,
      worker,
      outcome.status,
      outcome.status === 'failed' ? outcome.error : null,
      now,
      expiresAt,
    ],
  );
  return rows.length === 1;
}

/** Gives a running job back to the queue (its server is stopping), so another claims it at once. */
export async function releaseExportJob(q: Queryable, id: string, worker: string): Promise<void> {
  await q.query(
    `UPDATE bulk_export_job SET status = 'queued', claimed_by = NULL, heartbeat_at = NULL
      WHERE id = $1 AND claimed_by = $2 AND status = 'running'`,
    [id, worker],
  );
}

/** Deletes a job with its files (cancel); answers whether it existed. */
export async function deleteExportJob(q: Queryable, id: string): Promise<boolean> {
  const { rows } = await q.query<{ id: string }>(
    'DELETE FROM bulk_export_job WHERE id = $1 RETURNING id',
    [id],
  );
  return rows.length === 1;
}

/** Deletes jobs (and files) whose expiry has passed; answers how many. */
export async function deleteExpiredExportJobs(
  q: Queryable,
  now: Date = new Date(),
): Promise<number> {
  const { rows } = await q.query<{ id: string }>(
    'DELETE FROM bulk_export_job WHERE expires_at < $1 RETURNING id',
    [now],
  );
  return rows.length;
}

/** The files of a job, in order. */
export async function listExportFiles(q: Queryable, jobId: string): Promise<ExportFileInfo[]> {
  const { rows } = await q.query<{
    seq: number;
    kind: ExportFileInfo['kind'];
    resource_type: string;
    count: number;
  }>(
    'SELECT seq, kind, resource_type, count FROM bulk_export_file WHERE job_id = $1 ORDER BY seq',
    [jobId],
  );
  return rows.map((r) => ({
    seq: Number(r.seq),
    kind: r.kind,
    resourceType: r.resource_type,
    count: Number(r.count),
  }));
}

/** The NDJSON text of one file, or undefined. */
export async function readExportFile(
  q: Queryable,
  jobId: string,
  seq: number,
): Promise<string | undefined> {
  const { rows } = await q.query<{ content: string }>(
    'SELECT content FROM bulk_export_file WHERE job_id = $1 AND seq = $2',
    [jobId, seq],
  );
  return rows[0]?.content;
}
