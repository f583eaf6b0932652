/**
 * Bookkeeping of stratification runs (table `risk_run`, migration 0005): when each ran, the
 * change-history watermark it read up to, and the model it used — so the next run recomputes
 * only the people whose data changed since.
 */
import type { Queryable, SqlValue } from '../db/database.js';

/** One stratification run. */
export interface RiskRun {
  id: number;
  kind: 'full' | 'incremental';
  startedAt: Date;
  finishedAt: Date | null;
  asOf: Date;
  watermark: number;
  patients: number;
  written: number;
  model: unknown;
}

/** The highest `resource_history.seq` committed so far (0 on an empty database). */
export async function historyWatermark(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ seq: number | string | null }>(
    'SELECT max(seq) AS seq FROM resource_history',
  );
  return Number(rows[0]?.seq ?? 0);
}

/**
 * Patients with a change to any of `types` after history sequence `since` (exclusive) — plus,
 * when `riskAssessmentMethod` (a method code) is given, RiskAssessments of that method (e.g.
 * clinician overrides). A transaction that took its sequence numbers before the previous run read
 * its watermark but committed after it would be missed by `seq` alone, so rows stamped within
 * `overlapMs` before the watermark row's own `last_updated` are read again (the data's clock, not
 * this machine's: bulk writers stamp ahead of the wall clock).
 */
export async function changedPatients(
  db: Queryable,
  since: number,
  types: readonly string[],
  options: { riskAssessmentMethod?: string; overlapMs?: number } = {},
): Promise<string[]> {
  const params: SqlValue[] = [since, [...types]];
  let overlap = '';
  if (options.overlapMs && options.overlapMs > 0 && since > 0) {
    params.push(options.overlapMs / 1000);
    overlap = ` OR last_updated >= (SELECT last_updated FROM resource_history WHERE seq <= $1 ORDER BY seq DESC LIMIT 1) - make_interval(secs => $${params.length})`;
  }
  let extra = '';
  if (options.riskAssessmentMethod) {
    params.push(options.riskAssessmentMethod);
    extra = ` OR (resource_type = 'RiskAssessment' AND content->'method'->'coding'->0->>'code' = $${params.length})`;
  }
  const { rows } = await db.query<{ patient_id: string }>(
    `SELECT DISTINCT patient_id FROM resource_history
      WHERE (seq > $1${overlap}) AND patient_id IS NOT NULL AND (resource_type = ANY($2::text[])${extra})`,
    params,
  );
  return rows.map((r) => r.patient_id);
}

/** Records the start of a run and returns its id. */
export async function startRiskRun(
  db: Queryable,
  run: { kind: 'full' | 'incremental'; asOf: Date; watermark: number },
): Promise<number> {
  const { rows } = await db.query<{ id: number | string }>(
    'INSERT INTO risk_run (kind, started_at, as_of, watermark) VALUES ($1, now(), $2, $3) RETURNING id',
    [run.kind, run.asOf, run.watermark],
  );
  return Number(rows[0]?.id);
}

/** Records the end of a run (only finished runs count as the last run). */
export async function finishRiskRun(
  db: Queryable,
  id: number,
  result: { patients: number; written: number; model: unknown },
): Promise<void> {
  await db.query(
    'UPDATE risk_run SET finished_at = clock_timestamp(), patients = $2, written = $3, model = $4::jsonb WHERE id = $1',
    [id, result.patients, result.written, JSON.stringify(result.model ?? null)],
  );
}

/** The last finished run (of `kind`, when given), if any. */
export async function lastRiskRun(
  db: Queryable,
  kind?: 'full' | 'incremental',
): Promise<RiskRun | undefined> {
  const { rows } = await db.query<{
    id: number | string;
    kind: 'full' | 'incremental';
    started_at: Date;
    finished_at: Date | null;
    as_of: Date;
    watermark: number | string;
    patients: number;
    written: number;
    model: unknown;
  }>(
    `SELECT * FROM risk_run WHERE finished_at IS NOT NULL${kind ? ' AND kind = $1' : ''} ORDER BY finished_at DESC, id DESC LIMIT 1`,
    kind ? [kind] : [],
  );
  const r = rows[0];
  if (!r) return undefined;
  return {
    id: Number(r.id),
    kind: r.kind,
    startedAt: new Date(r.started_at),
    finishedAt: r.finished_at ? new Date(r.finished_at) : null,
    asOf: new Date(r.as_of),
    watermark: Number(r.watermark),
    patients: r.patients,
    written: r.written,
    model: r.model,
  };
}

/** Claims a job slot (e.g. a night's date); true for the one caller that got it first. */
export async function claimRiskJob(
  db: Queryable,
  slot: string,
  claimedBy: string,
): Promise<boolean> {
  const { rows } = await db.query<{ slot: string }>(
    'INSERT INTO risk_job_claim (slot, claimed_by) VALUES ($1, $2) ON CONFLICT (slot) DO NOTHING RETURNING slot',
    [slot, claimedBy],
  );
  return rows.length > 0;
}

/** The start of a run that has not finished and began less than `staleMinutes` ago (a crashed run stops counting then). */
export async function runningRiskRun(db: Queryable, staleMinutes = 30): Promise<Date | undefined> {
  const { rows } = await db.query<{ started_at: Date }>(
    `SELECT started_at FROM risk_run WHERE finished_at IS NULL AND started_at > now() - make_interval(mins => $1::int) ORDER BY started_at DESC LIMIT 1`,
    [staleMinutes],
  );
  return rows[0] ? new Date(rows[0].started_at) : undefined;
}

/** Forgets a run that failed (its watermark must not count; the next run starts from the previous one). */
export async function abandonRiskRun(db: Queryable, id: number): Promise<void> {
  await db.query('DELETE FROM risk_run WHERE id = $1 AND finished_at IS NULL', [id]);
}
