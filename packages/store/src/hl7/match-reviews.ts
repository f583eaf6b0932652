import type { Queryable, SqlValue } from '../db/database.js';

/** A patient-matching review as stored; `incoming` and `candidates` are the domain's JSON. */
export interface StoredMatchReview {
  id: string;
  createdAt: Date;
  messageId: string;
  status: 'open' | 'linked' | 'registered';
  incoming: unknown;
  candidates: unknown;
  patientId: string | null;
  resolvedBy: string | null;
  resolvedAt: Date | null;
}

interface Row {
  id: string | number;
  created_at: Date | string;
  message_id: string | number;
  status: StoredMatchReview['status'];
  incoming: unknown;
  candidates: unknown;
  patient_id: string | null;
  resolved_by: string | null;
  resolved_at: Date | string | null;
}

const COLUMNS =
  'id, created_at, message_id, status, incoming, candidates, patient_id, resolved_by, resolved_at';

/** PGlite and pg both parse jsonb; a driver handing back text is parsed here. */
function json(value: unknown): unknown {
  return typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
}

function toReview(r: Row): StoredMatchReview {
  return {
    id: String(r.id),
    createdAt: new Date(r.created_at),
    messageId: String(r.message_id),
    status: r.status,
    incoming: json(r.incoming),
    candidates: json(r.candidates),
    patientId: r.patient_id,
    resolvedBy: r.resolved_by,
    resolvedAt: r.resolved_at === null ? null : new Date(r.resolved_at),
  };
}

/** Opens a review for a held message (one per message: a replay keeps the first). */
export async function insertMatchReview(
  q: Queryable,
  messageId: string,
  incoming: unknown,
  candidates: unknown,
  now: Date,
): Promise<void> {
  await q.query(
    `INSERT INTO hl7_match_review (created_at, message_id, status, incoming, candidates)
     VALUES ($1, $2, 'open', $3::jsonb, $4::jsonb)
     ON CONFLICT (message_id) DO UPDATE SET status = 'open', incoming = EXCLUDED.incoming,
       candidates = EXCLUDED.candidates, patient_id = NULL, resolved_by = NULL, resolved_at = NULL`,
    [now, messageId, JSON.stringify(incoming), JSON.stringify(candidates)],
  );
}

export async function getMatchReview(
  q: Queryable,
  id: string,
  forUpdate = false,
): Promise<StoredMatchReview | undefined> {
  if (!/^\d{1,18}$/.test(id)) return undefined;
  const { rows } = await q.query<Row>(
    `SELECT ${COLUMNS} FROM hl7_match_review WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return rows[0] ? toReview(rows[0]) : undefined;
}

/** Reviews, oldest first; by status (default: open ones). */
export async function listMatchReviews(
  q: Queryable,
  status: StoredMatchReview['status'] | 'all' = 'open',
  limit = 200,
): Promise<StoredMatchReview[]> {
  const params: SqlValue[] = [Math.min(Math.max(limit, 1), 1000)];
  let where = '';
  if (status !== 'all') {
    params.push(status);
    where = 'WHERE status = $2';
  }
  const { rows } = await q.query<Row>(
    `SELECT ${COLUMNS} FROM hl7_match_review ${where} ORDER BY id LIMIT $1`,
    params,
  );
  return rows.map(toReview);
}

/** Records the decision on a review. */
export async function resolveMatchReview(
  q: Queryable,
  id: string,
  status: 'linked' | 'registered',
  patientId: string,
  resolvedBy: string,
  now: Date,
): Promise<void> {
  await q.query(
    `UPDATE hl7_match_review SET status = $2, patient_id = $3, resolved_by = $4, resolved_at = $5
     WHERE id = $1`,
    [id, status, patientId, resolvedBy, now],
  );
}
