import type { Queryable } from '../db/database.js';

/** How many failures a key may have in a window before it is locked, and for how long. */
export interface ThrottlePolicy {
  /** Failures within the window that lock the key. */
  limit: number;
  windowSeconds: number;
  /** How long the key stays locked once the limit is reached (default: the window). */
  lockSeconds?: number;
  /**
   * Exponential backoff: each failure past the limit doubles the lock (`lockSeconds` × 2^(failures
   * − limit)), up to this many seconds. Without it every lock lasts `lockSeconds`.
   */
  maxLockSeconds?: number;
}

/** The state of a key after a failure was recorded. */
export interface ThrottleState {
  failures: number;
  lockedUntil?: Date;
}

/**
 * Counts a failed login against a key (`account:<email>`, `ip:<address>`) in a fixed window, in
 * one atomic statement so concurrent attempts on several app servers all count. Reaching the
 * limit locks the key for `lockSeconds`.
 */
export async function recordLoginFailure(
  q: Queryable,
  key: string,
  policy: ThrottlePolicy,
  now: Date = new Date(),
): Promise<ThrottleState> {
  const lockSeconds = policy.lockSeconds ?? policy.windowSeconds;
  const maxLockSeconds = policy.maxLockSeconds ?? lockSeconds;
  const fresh = `t.window_start <= $2::timestamptz - make_interval(secs => $4::double precision)`;
  const next = `(CASE WHEN ${fresh} THEN 1 ELSE t.failures + 1 END)`;
  const { rows } = await q.query<{ failures: number; locked_until: Date | string | null }>(
    `INSERT INTO login_throttle AS t (key, failures, window_start, locked_until)
     VALUES ($1, 1, $2::timestamptz, CASE WHEN 1 >= $3::integer THEN $2::timestamptz + make_interval(secs => $5::double precision) END)
     ON CONFLICT (key) DO UPDATE SET
       failures = ${next},
       window_start = CASE WHEN ${fresh} THEN $2::timestamptz ELSE t.window_start END,
       locked_until = CASE WHEN ${next} >= $3::integer
                           THEN GREATEST(COALESCE(t.locked_until, $2::timestamptz), $2::timestamptz + make_interval(secs =>
                                  LEAST($6::double precision, $5::double precision * power(2::double precision, LEAST(${next} - $3::integer, 30)))))
                           ELSE t.locked_until END
     RETURNING failures, locked_until`,
    [key, now, policy.limit, policy.windowSeconds, lockSeconds, maxLockSeconds],
  );
  const row = rows[0] as { failures: number; locked_until: Date | string | null };
  const lockedUntil = row.locked_until ? new Date(row.locked_until) : undefined;
  return {
    failures: Number(row.failures),
    ...(lockedUntil && lockedUntil > now ? { lockedUntil } : {}),
  };
}

/**
 * The latest lock among the keys that is still in force, or undefined when none is locked.
 * Checked before a password is verified, so a locked key cannot keep guessing.
 */
export async function checkThrottle(
  q: Queryable,
  keys: readonly string[],
  now: Date = new Date(),
): Promise<Date | undefined> {
  const { rows } = await q.query<{ until: Date | string | null }>(
    'SELECT max(locked_until) AS until FROM login_throttle WHERE key = ANY($1::text[]) AND locked_until > $2',
    [keys, now],
  );
  const until = rows[0]?.until;
  return until ? new Date(until) : undefined;
}

/** Forgets the failures of a key (after a successful login to that account). */
export async function clearFailures(q: Queryable, key: string): Promise<void> {
  await q.query('DELETE FROM login_throttle WHERE key = $1', [key]);
}

/** Deletes counters whose window and lock both ended before `before` (housekeeping). */
export async function pruneThrottle(q: Queryable, before: Date): Promise<number> {
  const { rows } = await q.query<{ key: string }>(
    'DELETE FROM login_throttle WHERE window_start < $1 AND (locked_until IS NULL OR locked_until < $1) RETURNING key',
    [before],
  );
  return rows.length;
}
