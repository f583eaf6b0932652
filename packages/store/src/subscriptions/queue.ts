import type { Queryable } from '../db/database.js';

/** A Subscription as the delivery machinery keeps it (table `subscription_state`, migration 0120). */
export interface SubscriptionRecord {
  subscriptionId: string;
  /** Mirror of `Subscription.status`. */
  status: string;
  /** A topic canonical URL, or a classic R4 `Type?query` criteria. */
  criteria: string;
  filter?: string;
  channel: string;
  /** Who created it (care/access's Identity, as JSON): deliveries see what it may see. */
  owner: unknown;
  heartbeatSeconds?: number;
  eventsSinceStart: number;
}

export type DeliveryKind = 'handshake' | 'heartbeat' | 'event-notification';

/** A claimed notification, leased to one server until `claimedUntil`. */
export interface ClaimedDelivery {
  id: string;
  subscriptionId: string;
  kind: DeliveryKind;
  eventNumber?: number;
  focus?: string;
  createdAt: string;
  /** Attempts so far, this one included. */
  attempts: number;
}

interface StateRow {
  subscription_id: string;
  status: string;
  criteria: string;
  filter: string | null;
  channel: string;
  owner: unknown;
  heartbeat_seconds: number | null;
  events_since_start: string | number;
}

function toRecord(r: StateRow): SubscriptionRecord {
  return {
    subscriptionId: r.subscription_id,
    status: r.status,
    criteria: r.criteria,
    ...(r.filter ? { filter: r.filter } : {}),
    channel: r.channel,
    owner: typeof r.owner === 'string' ? (JSON.parse(r.owner) as unknown) : r.owner,
    ...(r.heartbeat_seconds !== null ? { heartbeatSeconds: r.heartbeat_seconds } : {}),
    eventsSinceStart: Number(r.events_since_start),
  };
}

/**
 * Records (or updates) a Subscription's delivery state. The owner is kept from the first write:
 * an administrator editing someone's Subscription does not widen what it delivers.
 */
export async function saveSubscription(
  q: Queryable,
  s: Omit<SubscriptionRecord, 'eventsSinceStart'>,
): Promise<void> {
  await q.query(
    `INSERT INTO subscription_state
       (subscription_id, status, criteria, filter, channel, owner, heartbeat_seconds)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7)
     ON CONFLICT (subscription_id) DO UPDATE SET status = EXCLUDED.status,
       criteria = EXCLUDED.criteria, filter = EXCLUDED.filter, channel = EXCLUDED.channel,
       heartbeat_seconds = EXCLUDED.heartbeat_seconds`,
    [
      s.subscriptionId,
      s.status,
      s.criteria,
      s.filter ?? null,
      s.channel,
      JSON.stringify(s.owner),
      s.heartbeatSeconds ?? null,
    ],
  );
}

/** Forgets a deleted Subscription and its undelivered notifications. */
export async function removeSubscription(q: Queryable, subscriptionId: string): Promise<void> {
  await q.query(
    `UPDATE subscription_delivery SET state = 'failed', finished_at = now(),
       last_error = 'subscription deleted' WHERE subscription_id = $1 AND state = 'pending'`,
    [subscriptionId],
  );
  await q.query('DELETE FROM subscription_state WHERE subscription_id = $1', [subscriptionId]);
}

/** One Subscription's state, or undefined. */
export async function getSubscription(
  q: Queryable,
  subscriptionId: string,
): Promise<SubscriptionRecord | undefined> {
  const { rows } = await q.query<StateRow>(
    'SELECT * FROM subscription_state WHERE subscription_id = $1',
    [subscriptionId],
  );
  return rows[0] ? toRecord(rows[0]) : undefined;
}

/** The Subscriptions that receive events now (status `active`). */
export async function activeSubscriptions(q: Queryable): Promise<SubscriptionRecord[]> {
  const { rows } = await q.query<StateRow>(
    "SELECT * FROM subscription_state WHERE status = 'active' ORDER BY subscription_id",
  );
  return rows.map(toRecord);
}

/**
 * Queues an event notification, numbered in the write's transaction: the state row stays locked
 * until the commit, so numbers and queue order agree per subscription.
 */
export async function enqueueEvent(
  q: Queryable,
  subscriptionId: string,
  focus: string,
): Promise<number> {
  const { rows } = await q.query<{ n: string | number }>(
    `UPDATE subscription_state SET events_since_start = events_since_start + 1
     WHERE subscription_id = $1 RETURNING events_since_start AS n`,
    [subscriptionId],
  );
  const n = Number(rows[0]?.n ?? 0);
  await q.query(
    `INSERT INTO subscription_delivery (subscription_id, kind, event_number, focus)
     VALUES ($1, 'event-notification', $2, $3)`,
    [subscriptionId, n, focus],
  );
  return n;
}

/** Queues a handshake (a requested Subscription's first notification). */
export async function enqueueHandshake(q: Queryable, subscriptionId: string): Promise<void> {
  await q.query(
    "INSERT INTO subscription_delivery (subscription_id, kind) VALUES ($1, 'handshake')",
    [subscriptionId],
  );
}

/**
 * Queues a heartbeat for each active Subscription with a heartbeat period that has sent nothing
 * for that long and has nothing waiting. The state rows are taken with SKIP LOCKED and stamped,
 * so two servers do not queue the same heartbeat.
 */
export async function enqueueDueHeartbeats(q: Queryable): Promise<number> {
  const { rows } = await q.query<{ subscription_id: string }>(
    `WITH due AS (
       SELECT s.subscription_id FROM subscription_state s
       WHERE s.status = 'active' AND s.heartbeat_seconds IS NOT NULL
         AND s.last_sent_at + make_interval(secs => s.heartbeat_seconds) <= now()
         AND NOT EXISTS (SELECT 1 FROM subscription_delivery p
                         WHERE p.subscription_id = s.subscription_id AND p.state = 'pending')
       FOR UPDATE SKIP LOCKED),
     stamped AS (
       UPDATE subscription_state SET last_sent_at = now()
       WHERE subscription_id IN (SELECT subscription_id FROM due) RETURNING subscription_id)
     INSERT INTO subscription_delivery (subscription_id, kind)
     SELECT subscription_id, 'heartbeat' FROM stamped RETURNING subscription_id`,
  );
  return rows.length;
}

interface DeliveryRow {
  id: string | number;
  subscription_id: string;
  kind: DeliveryKind;
  event_number: string | number | null;
  focus: string | null;
  created_at: Date | string;
  attempts: number;
}

/**
 * Claims up to `limit` notifications that are due: only the oldest pending one of each
 * Subscription (so each is delivered in order), a handshake only while its Subscription is
 * `requested`, anything else only while it is `active`; with `subscriptionIds`, only theirs (the
 * websocket connections bound to this server). Each claimed row is leased for `leaseMs`: if this
 * server dies, another delivers it once the lease lapses.
 */
export async function claimDeliveries(
  q: Queryable,
  options: { limit: number; leaseMs: number; channel: string; subscriptionIds?: readonly string[] },
): Promise<ClaimedDelivery[]> {
  const { rows } = await q.query<DeliveryRow>(
    `UPDATE subscription_delivery d
        SET claimed_until = now() + make_interval(secs => $2::double precision / 1000),
            attempts = d.attempts + 1
      WHERE d.id IN (
        SELECT c.id FROM subscription_delivery c
          JOIN subscription_state s ON s.subscription_id = c.subscription_id
         WHERE c.state = 'pending' AND c.next_attempt_at <= now()
           AND (c.claimed_until IS NULL OR c.claimed_until < now())
           AND s.channel = $3
           AND s.status = CASE WHEN c.kind = 'handshake' THEN 'requested' ELSE 'active' END
           AND ($4::text[] IS NULL OR c.subscription_id = ANY($4::text[]))
           AND NOT EXISTS (SELECT 1 FROM subscription_delivery e
                            WHERE e.subscription_id = c.subscription_id
                              AND e.state = 'pending' AND e.id < c.id)
         ORDER BY c.id LIMIT $1
         FOR UPDATE OF c SKIP LOCKED)
      RETURNING d.id, d.subscription_id, d.kind, d.event_number, d.focus, d.created_at, d.attempts`,
    [options.limit, options.leaseMs, options.channel, options.subscriptionIds ?? null],
  );
  return rows
    .map((r) => ({
      id: String(r.id),
      subscriptionId: r.subscription_id,
      kind: r.kind,
      ...(r.event_number !== null ? { eventNumber: Number(r.event_number) } : {}),
      ...(r.focus ? { focus: r.focus } : {}),
      createdAt: new Date(r.created_at).toISOString(),
      attempts: r.attempts,
    }))
    .sort((a, b) => Number(a.id) - Number(b.id));
}

/** A claimed notification reached its endpoint (or was withheld from it): it is done. */
export async function finishDelivery(
  q: Queryable,
  id: string,
  state: 'delivered' | 'withheld',
): Promise<void> {
  const { rows } = await q.query<{ subscription_id: string }>(
    `UPDATE subscription_delivery SET state = $2, finished_at = now(), claimed_until = NULL
     WHERE id = $1 RETURNING subscription_id`,
    [id, state],
  );
  if (state === 'delivered' && rows[0]) {
    await q.query('UPDATE subscription_state SET last_sent_at = now() WHERE subscription_id = $1', [
      rows[0].subscription_id,
    ]);
  }
}

/**
 * A delivery attempt failed: try again after `retryInMs`, or, without it, give up on the row
 * (`failed`).
 */
export async function failDelivery(
  q: Queryable,
  id: string,
  error: string,
  retryInMs: number | undefined,
): Promise<void> {
  if (retryInMs === undefined) {
    await q.query(
      `UPDATE subscription_delivery SET state = 'failed', finished_at = now(), claimed_until = NULL,
         last_error = $2 WHERE id = $1`,
      [id, error.slice(0, 500)],
    );
    return;
  }
  await q.query(
    `UPDATE subscription_delivery SET claimed_until = NULL, last_error = $2,
       next_attempt_at = now() + make_interval(secs => $3::double precision / 1000) WHERE id = $1`,
    [id, error.slice(0, 500), retryInMs],
  );
}

/** Undelivered notifications of a Subscription (for `$status` and administrators). */
export async function pendingCount(q: Queryable, subscriptionId: string): Promise<number> {
  const { rows } = await q.query<{ n: string | number }>(
    "SELECT count(*) AS n FROM subscription_delivery WHERE subscription_id = $1 AND state = 'pending'",
    [subscriptionId],
  );
  return Number(rows[0]?.n ?? 0);
}
