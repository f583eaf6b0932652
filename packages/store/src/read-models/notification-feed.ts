import type { NewNotification, NotificationItem, NotificationKind } from '@careweave/contract';
import type { Queryable } from '../db/database.js';

/** A notification to store (table `care_notification`, migration 0006) and a stored one. */
export type { NewNotification, NotificationItem as NotificationRecord };

interface Row {
  id: string | number;
  recipient: string;
  kind: string;
  patient_id: string | null;
  focus: string;
  actor: string;
  summary: string;
  created_at: Date | string;
  read_at: Date | string | null;
}

function toRecord(r: Row): NotificationItem {
  return {
    id: String(r.id),
    recipient: r.recipient,
    kind: r.kind as NotificationKind,
    ...(r.patient_id ? { patientId: r.patient_id } : {}),
    focus: r.focus,
    actor: r.actor,
    summary: r.summary,
    createdAt: new Date(r.created_at).toISOString(),
    ...(r.read_at ? { readAt: new Date(r.read_at).toISOString() } : {}),
  };
}

/** Stores notifications (call with the transaction of the write that causes them). */
export async function insertNotifications(
  q: Queryable,
  notifications: readonly NewNotification[],
): Promise<void> {
  if (notifications.length === 0) {
    return;
  }
  await q.query(
    `INSERT INTO care_notification (recipient, kind, patient_id, focus, actor, summary)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])`,
    [
      notifications.map((n) => n.recipient),
      notifications.map((n) => n.kind),
      notifications.map((n) => n.patientId ?? null) as unknown as string[],
      notifications.map((n) => n.focus),
      notifications.map((n) => n.actor),
      notifications.map((n) => n.summary),
    ],
  );
}

/** Newest first, keyset-paged by id (`before` = the last id of the previous page). */
export async function listNotifications(
  q: Queryable,
  recipients: readonly string[],
  options: { limit: number; before?: string; unreadOnly?: boolean },
): Promise<NotificationItem[]> {
  const before = options.before && /^\d+$/.test(options.before) ? options.before : null;
  const { rows } = await q.query<Row>(
    `SELECT id, recipient, kind, patient_id, focus, actor, summary, created_at, read_at FROM care_notification
      WHERE recipient = ANY($1::text[]) AND ($2::bigint IS NULL OR id < $2::bigint) AND (NOT $3::boolean OR read_at IS NULL)
      ORDER BY id DESC LIMIT $4`,
    [[...recipients], before, options.unreadOnly ?? false, options.limit],
  );
  return rows.map(toRecord);
}

/** How many unread notifications the recipients have. */
export async function countUnreadNotifications(
  q: Queryable,
  recipients: readonly string[],
): Promise<number> {
  const { rows } = await q.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM care_notification WHERE recipient = ANY($1::text[]) AND read_at IS NULL',
    [[...recipients]],
  );
  return rows[0]?.n ?? 0;
}

/** Marks the given notifications (or, with `ids` undefined, all) of the recipients read; answers how many changed. */
export async function markNotificationsRead(
  q: Queryable,
  recipients: readonly string[],
  ids: readonly string[] | undefined,
  at: Date,
): Promise<number> {
  const { rows } = await q.query<{ id: string }>(
    `UPDATE care_notification SET read_at = $3 WHERE recipient = ANY($1::text[]) AND read_at IS NULL
        AND ($2::bigint[] IS NULL OR id = ANY($2::bigint[])) RETURNING id`,
    [[...recipients], ids ? ids.filter((i) => /^\d+$/.test(i)) : null, at.toISOString()],
  );
  return rows.length;
}
