import type { Queryable } from '../db/database.js';

/** How long a claimed slot is kept: long enough that no server still runs the job for it. */
const KEEP_DAYS = 30;

/**
 * Claims one run of a timed background job (`job`, its `slot`, e.g. the hour) for `claimedBy`:
 * true for the first server to ask, false for every other, so a job that several servers run on
 * the same timer does its work once per slot. Slots older than a month are cleared on the way.
 */
export async function claimJobSlot(
  db: Queryable,
  job: string,
  slot: string,
  claimedBy: string,
): Promise<boolean> {
  await db.query(
    `DELETE FROM job_claim WHERE job = $1 AND claimed_at < now() - make_interval(days => $2::int)`,
    [job, KEEP_DAYS],
  );
  const { rows } = await db.query<{ slot: string }>(
    `INSERT INTO job_claim (job, slot, claimed_by) VALUES ($1, $2, $3)
     ON CONFLICT (job, slot) DO NOTHING RETURNING slot`,
    [job, slot, claimedBy],
  );
  return rows.length > 0;
}
