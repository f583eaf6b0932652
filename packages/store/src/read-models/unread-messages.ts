import type { AccessScope } from '../context.js';
import type { Queryable } from '../db/database.js';
import { scopeSql } from '../scope.js';
import { SqlParams } from '../sql-params.js';

/** Records that `reader` has read `thread` up to `at` (markers only move forward). */
export async function markThreadRead(
  q: Queryable,
  reader: string,
  thread: string,
  at: Date,
): Promise<void> {
  await q.query(
    `INSERT INTO care_read_marker (reader, thread, read_at) VALUES ($1, $2, $3)
     ON CONFLICT (reader, thread) DO UPDATE SET read_at = GREATEST(care_read_marker.read_at, EXCLUDED.read_at)`,
    [reader, thread, at.toISOString()],
  );
}

/** The reader's read markers for some threads. */
export async function threadReadMarkers(
  q: Queryable,
  reader: string,
  threads: readonly string[],
): Promise<Map<string, string>> {
  const { rows } = await q.query<{ thread: string; read_at: Date | string }>(
    'SELECT thread, read_at FROM care_read_marker WHERE reader = $1 AND thread = ANY($2::text[])',
    [reader, [...threads]],
  );
  return new Map(rows.map((r) => [r.thread, new Date(r.read_at).toISOString()]));
}

/** Everyone's read marker on a thread (read receipts): who has read it up to when. */
export async function threadReaders(
  q: Queryable,
  thread: string,
): Promise<{ reader: string; readAt: string }[]> {
  const { rows } = await q.query<{ reader: string; read_at: Date | string }>(
    'SELECT reader, read_at FROM care_read_marker WHERE thread = $1 ORDER BY read_at',
    [thread],
  );
  return rows.map((r) => ({ reader: r.reader, readAt: new Date(r.read_at).toISOString() }));
}

/** Unread messages per thread for one reader. */
export interface UnreadThread {
  thread: string;
  patientId: string | null;
  unread: number;
}

/**
 * Messages of a category addressed to the reader (any of `selves` in `Communication.recipient`),
 * not sent by them, sent after their read marker for the message's thread (the `partOf`
 * Communication, or the message itself when it starts a thread), counted per thread.
 */
export async function unreadMessageCounts(
  q: Queryable,
  scope: AccessScope,
  input: { reader: string; selves: readonly string[]; category: string; patientId?: string },
): Promise<UnreadThread[]> {
  const params = new SqlParams();
  const where = [
    `r.resource_type = 'Communication'`,
    'NOT r.deleted',
    `r.tokens @> ARRAY[${params.add(`category|${input.category}`)}::text]`,
    `r.refs && ${params.add(input.selves.map((s) => `recipient|${s}`))}::text[]`,
    `NOT (r.refs && ${params.add(input.selves.map((s) => `sender|${s}`))}::text[])`,
    scopeSql(scope, 'r', params),
  ];
  if (input.patientId) {
    where.push(`r.patient_id = ${params.add(input.patientId)}`);
  }
  const sql = `SELECT m.thread, m.patient_id, count(*)::int AS unread FROM (
      SELECT COALESCE((SELECT substr(x, 23) FROM unnest(r.refs) x WHERE x LIKE 'part-of|Communication/%' LIMIT 1), r.id) AS thread,
             r.patient_id, r.content->>'sent' AS sent
        FROM resource r WHERE ${where.join(' AND ')}) m
      LEFT JOIN care_read_marker k ON k.reader = ${params.add(input.reader)} AND k.thread = m.thread
     WHERE k.read_at IS NULL OR m.sent IS NULL OR m.sent::timestamptz > k.read_at
     GROUP BY m.thread, m.patient_id`;
  const { rows } = await q.query<{ thread: string; patient_id: string | null; unread: number }>(
    sql,
    params.values,
  );
  return rows.map((r) => ({ thread: r.thread, patientId: r.patient_id, unread: r.unread }));
}
