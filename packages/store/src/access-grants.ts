import type { Queryable } from './db/database.js';

/** A time-limited access grant outside a user's normal rights (break-the-glass). */
export interface AccessGrantRecord {
  id: string;
  kind: 'break-glass';
  /** The user's FHIR reference, e.g. `Practitioner/123`. */
  actor: string;
  patientId: string;
  reason: string;
  grantedAt: string;
  expiresAt: string;
}

interface GrantRow {
  id: string;
  kind: 'break-glass';
  actor: string;
  patient_id: string;
  reason: string;
  granted_at: Date | string;
  expires_at: Date | string;
}

function toRecord(row: GrantRow): AccessGrantRecord {
  return {
    id: row.id,
    kind: row.kind,
    actor: row.actor,
    patientId: row.patient_id,
    reason: row.reason,
    grantedAt: new Date(row.granted_at).toISOString(),
    expiresAt: new Date(row.expires_at).toISOString(),
  };
}

/** Stores a grant; call inside the transaction that also writes its AuditEvent. */
export async function insertAccessGrant(q: Queryable, grant: AccessGrantRecord): Promise<void> {
  await q.query(
    `INSERT INTO access_grant (id, kind, actor, patient_id, reason, granted_at, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6::timestamptz, $7::timestamptz)`,
    [
      grant.id,
      grant.kind,
      grant.actor,
      grant.patientId,
      grant.reason,
      grant.grantedAt,
      grant.expiresAt,
    ],
  );
}

/** The actor's grants that are in force at `at` (granted at or before it, expiring after it). */
export async function activeAccessGrants(
  q: Queryable,
  actor: string,
  at: Date,
): Promise<AccessGrantRecord[]> {
  const { rows } = await q.query<GrantRow>(
    `SELECT id, kind, actor, patient_id, reason, granted_at, expires_at FROM access_grant
      WHERE actor = $1 AND granted_at <= $2::timestamptz AND expires_at > $2::timestamptz ORDER BY expires_at`,
    [actor, at.toISOString()],
  );
  return rows.map(toRecord);
}

/** Every grant ever given for a patient's record, newest first (for review and the access log). */
export async function accessGrantsForPatient(
  q: Queryable,
  patientId: string,
): Promise<AccessGrantRecord[]> {
  const { rows } = await q.query<GrantRow>(
    `SELECT id, kind, actor, patient_id, reason, granted_at, expires_at FROM access_grant WHERE patient_id = $1 ORDER BY granted_at DESC`,
    [patientId],
  );
  return rows.map(toRecord);
}
