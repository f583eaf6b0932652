import type { Queryable, SqlValue } from '../db/database.js';

/** The statuses and ACK codes of a logged message (the contract's `Hl7MessageStatus`, `AckCode`). */
export type LoggedStatus = 'processed' | 'held' | 'error' | 'rejected';
export type LoggedAck = 'AA' | 'AE' | 'AR';

/** One row of the HL7 v2 message log. */
export interface LoggedMessage {
  id: string;
  receivedAt: Date;
  processedAt: Date | null;
  sender: string | null;
  controlId: string | null;
  messageType: string | null;
  event: string | null;
  version: string | null;
  raw: string;
  contentHash: string;
  patientId: string | null;
  status: LoggedStatus;
  ack: LoggedAck;
  error: string | null;
  deliveries: number;
  differingDuplicate: boolean;
  attempts: number;
}

/** What is known of a message when it is logged. */
export interface MessageHeader {
  sender: string | null;
  controlId: string | null;
  messageType: string | null;
  event: string | null;
  version: string | null;
  raw: string;
  contentHash: string;
}

/** Its outcome. */
export interface MessageOutcome {
  status: LoggedStatus;
  ack: LoggedAck;
  patientId?: string | null | undefined;
  error?: string | null | undefined;
}

interface Row {
  id: string | number;
  received_at: Date | string;
  processed_at: Date | string | null;
  sender: string | null;
  control_id: string | null;
  message_type: string | null;
  event: string | null;
  version: string | null;
  raw: string;
  content_hash: string;
  patient_id: string | null;
  status: LoggedStatus;
  ack_code: LoggedAck;
  error: string | null;
  deliveries: number | string;
  differing_duplicate: boolean;
  attempts: number | string;
}

const COLUMNS = `id, received_at, processed_at, sender, control_id, message_type, event, version,
  raw, content_hash, patient_id, status, ack_code, error, deliveries, differing_duplicate, attempts`;

function toMessage(r: Row): LoggedMessage {
  return {
    id: String(r.id),
    receivedAt: new Date(r.received_at),
    processedAt: r.processed_at === null ? null : new Date(r.processed_at),
    sender: r.sender,
    controlId: r.control_id,
    messageType: r.message_type,
    event: r.event,
    version: r.version,
    raw: r.raw,
    contentHash: r.content_hash,
    patientId: r.patient_id,
    status: r.status,
    ack: r.ack_code,
    error: r.error,
    deliveries: Number(r.deliveries),
    differingDuplicate: r.differing_duplicate,
    attempts: Number(r.attempts),
  };
}

/**
 * Serialises, until the transaction ends, everyone working on the same key (e.g. one sender's
 * control id, or one person's identifier), so two connections delivering the same message or
 * the same person cannot both act on it.
 */
export async function lockKeys(tx: Queryable, keys: readonly string[]): Promise<void> {
  // Sorted, so two transactions locking overlapping sets cannot deadlock.
  for (const key of [...new Set(keys)].sort()) {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`hl7:${key}`]);
  }
}

/** The logged message with this sender and control id, locked for update. */
export async function findMessageByKey(
  tx: Queryable,
  sender: string,
  controlId: string,
): Promise<LoggedMessage | undefined> {
  const { rows } = await tx.query<Row>(
    `SELECT ${COLUMNS} FROM hl7_message WHERE sender = $1 AND control_id = $2 FOR UPDATE`,
    [sender, controlId],
  );
  return rows[0] ? toMessage(rows[0]) : undefined;
}

export async function getMessage(q: Queryable, id: string): Promise<LoggedMessage | undefined> {
  if (!/^\d{1,18}$/.test(id)) return undefined;
  const { rows } = await q.query<Row>(`SELECT ${COLUMNS} FROM hl7_message WHERE id = $1`, [id]);
  return rows[0] ? toMessage(rows[0]) : undefined;
}

/** Logs a first delivery with its outcome; returns the row. */
export async function insertMessage(
  q: Queryable,
  header: MessageHeader,
  outcome: MessageOutcome,
  now: Date,
): Promise<LoggedMessage> {
  const { rows } = await q.query<Row>(
    `INSERT INTO hl7_message (received_at, processed_at, sender, control_id, message_type, event,
       version, raw, content_hash, patient_id, status, ack_code, error)
     VALUES ($1, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
     RETURNING ${COLUMNS}`,
    [
      now,
      header.sender,
      header.controlId,
      header.messageType,
      header.event,
      header.version,
      header.raw,
      header.contentHash,
      outcome.patientId ?? null,
      outcome.status,
      outcome.ack,
      outcome.error ?? null,
    ],
  );
  return toMessage(rows[0] as Row);
}

/**
 * Records a new attempt at a logged message (a redelivery of a failed one, or a replay): its
 * outcome, and, for a redelivery, the text that came this time.
 */
export async function recordAttempt(
  q: Queryable,
  id: string,
  outcome: MessageOutcome,
  now: Date,
  redelivered?: { raw: string; contentHash: string; header: MessageHeader },
): Promise<LoggedMessage> {
  const params: SqlValue[] = [
    id,
    now,
    outcome.status,
    outcome.ack,
    outcome.error ?? null,
    outcome.patientId ?? null,
  ];
  let redelivery = '';
  if (redelivered) {
    params.push(
      redelivered.raw,
      redelivered.contentHash,
      redelivered.header.messageType,
      redelivered.header.event,
      redelivered.header.version,
    );
    redelivery = `, raw = $7, content_hash = $8, message_type = $9, event = $10, version = $11,
      deliveries = deliveries + 1`;
  }
  const { rows } = await q.query<Row>(
    `UPDATE hl7_message SET processed_at = $2, status = $3, ack_code = $4, error = $5,
       patient_id = COALESCE($6, patient_id), attempts = attempts + 1 ${redelivery}
     WHERE id = $1 RETURNING ${COLUMNS}`,
    params,
  );
  return toMessage(rows[0] as Row);
}

/** Counts a redelivery of an applied message; `differs` when its content is not the same. */
export async function recordDuplicate(
  q: Queryable,
  id: string,
  differs: boolean,
): Promise<LoggedMessage> {
  const { rows } = await q.query<Row>(
    `UPDATE hl7_message SET deliveries = deliveries + 1,
       differing_duplicate = differing_duplicate OR $2
     WHERE id = $1 RETURNING ${COLUMNS}`,
    [id, differs],
  );
  return toMessage(rows[0] as Row);
}

/** Filters of the administrators' message list. */
export interface MessageFilter {
  status?: LoggedStatus | undefined;
  event?: string | undefined;
  /** Matches the sender anywhere (case-insensitive). */
  sender?: string | undefined;
  controlId?: string | undefined;
  patientId?: string | undefined;
  /** Received at or after / before. */
  from?: Date | undefined;
  to?: Date | undefined;
  /** Keyset paging: only rows with a smaller id (older). */
  before?: string | undefined;
  /** Page size (default 50, at most 500). */
  limit?: number | undefined;
}

/** The log, newest first; `next` is the `before` of the following page. */
export async function listMessages(
  q: Queryable,
  filter: MessageFilter = {},
): Promise<{ messages: LoggedMessage[]; next?: string }> {
  const where: string[] = [];
  const params: SqlValue[] = [];
  const add = (sql: (p: string) => string, value: SqlValue): void => {
    params.push(value);
    where.push(sql(`$${params.length}`));
  };
  if (filter.status) add((p) => `status = ${p}`, filter.status);
  if (filter.event) add((p) => `event = ${p}`, filter.event);
  if (filter.sender) {
    add(
      (p) => `lower(sender) LIKE ${p}`,
      `%${filter.sender.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`,
    );
  }
  if (filter.controlId) add((p) => `control_id = ${p}`, filter.controlId);
  if (filter.patientId) add((p) => `patient_id = ${p}`, filter.patientId);
  if (filter.from) add((p) => `received_at >= ${p}`, filter.from);
  if (filter.to) add((p) => `received_at < ${p}`, filter.to);
  if (filter.before && /^\d{1,18}$/.test(filter.before)) add((p) => `id < ${p}`, filter.before);
  const limit = Math.min(Math.max(filter.limit ?? 50, 1), 500);
  params.push(limit + 1);
  const { rows } = await q.query<Row>(
    `SELECT ${COLUMNS} FROM hl7_message ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY id DESC LIMIT $${params.length}`,
    params,
  );
  const messages = rows.slice(0, limit).map(toMessage);
  const last = messages[messages.length - 1];
  return rows.length > limit && last ? { messages, next: last.id } : { messages };
}
