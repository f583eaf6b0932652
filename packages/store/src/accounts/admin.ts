import type { Queryable } from '../db/database.js';
import { ACCOUNT_COLUMNS, toAccount, type Account, type AccountRow } from './accounts.js';

/** Filters of the administrators' account list. */
export interface AccountFilter {
  /** Matches email or display name (case-insensitive, anywhere). */
  text?: string | undefined;
  role?: string | undefined;
  /** `enabled`, `disabled`, or both when absent. */
  status?: 'enabled' | 'disabled' | undefined;
  /** At most this many (default 500). */
  limit?: number | undefined;
}

/** Accounts for the administration screen, by display name. */
export async function listAccounts(q: Queryable, filter: AccountFilter = {}): Promise<Account[]> {
  const where: string[] = [];
  const params: (string | number | boolean)[] = [];
  if (filter.text) {
    params.push(`%${filter.text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    where.push(`(email LIKE $${params.length} OR lower(display_name) LIKE $${params.length})`);
  }
  if (filter.role) {
    params.push(filter.role);
    where.push(`role = $${params.length}`);
  }
  if (filter.status) {
    params.push(filter.status === 'disabled');
    where.push(`disabled = $${params.length}`);
  }
  params.push(Math.min(Math.max(filter.limit ?? 500, 1), 5000));
  const { rows } = await q.query<AccountRow>(
    `SELECT ${ACCOUNT_COLUMNS} FROM account ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY lower(display_name), email LIMIT $${params.length}`,
    params,
  );
  return rows.map(toAccount);
}

/** Enabled accounts with this role (e.g. so the last administrator cannot be disabled). */
export async function countEnabledAccounts(q: Queryable, role: string): Promise<number> {
  const { rows } = await q.query<{ n: number | string }>(
    'SELECT count(*) AS n FROM account WHERE role = $1 AND NOT disabled',
    [role],
  );
  return Number(rows[0]?.n ?? 0);
}

/**
 * Replaces an account's password hash. `mustChange`: a temporary password (an administrator's
 * reset), which the person must change at their next sign-in.
 */
export async function setAccountPassword(
  q: Queryable,
  id: string,
  passwordHash: string,
  mustChange: boolean,
  now: Date = new Date(),
): Promise<Account | undefined> {
  const { rows } = await q.query<AccountRow>(
    `UPDATE account SET password_hash = $2, must_change_password = $3, password_changed_at = $4
      WHERE id = $1 RETURNING ${ACCOUNT_COLUMNS}`,
    [id, passwordHash, mustChange, now],
  );
  return rows[0] ? toAccount(rows[0]) : undefined;
}

/** Records a successful sign-in (what administrators see as "last sign-in"). */
export async function recordAccountLogin(
  q: Queryable,
  id: string,
  now: Date = new Date(),
): Promise<void> {
  await q.query('UPDATE account SET last_login_at = $2 WHERE id = $1', [id, now]);
}

/** Revokes every live session of an account but `keep` (after a password change or reset). Answers how many. */
export async function revokeAccountSessions(
  q: Queryable,
  accountId: string,
  keep?: string,
  now: Date = new Date(),
): Promise<number> {
  const { rows } = await q.query<{ id: string }>(
    `UPDATE auth_session SET revoked_at = $3
      WHERE account_id = $1 AND revoked_at IS NULL AND ($2::text IS NULL OR id <> $2::text)
      RETURNING id`,
    [accountId, keep ?? null, now],
  );
  return rows.length;
}

/** How an OAuth client has been used: its last token and its live sessions. */
export interface ClientActivity {
  clientId: string;
  lastUsedAt?: Date;
  activeSessions: number;
}

/** Activity of every client (for the administrators' Interfaces page). */
export async function clientActivity(
  q: Queryable,
  now: Date = new Date(),
): Promise<ClientActivity[]> {
  const { rows } = await q.query<{
    client_id: string;
    last_used_at: Date | string | null;
    active: number | string;
  }>(
    `SELECT c.client_id, c.last_used_at,
            (SELECT count(*) FROM auth_session s
              WHERE s.client_id = c.client_id AND s.revoked_at IS NULL AND s.expires_at > $1) AS active
       FROM oauth_client c ORDER BY c.client_id`,
    [now],
  );
  return rows.map((r) => ({
    clientId: r.client_id,
    ...(r.last_used_at ? { lastUsedAt: new Date(r.last_used_at) } : {}),
    activeSessions: Number(r.active),
  }));
}

/** Records that a client obtained a token. */
export async function touchClient(
  q: Queryable,
  clientId: string,
  now: Date = new Date(),
): Promise<void> {
  await q.query('UPDATE oauth_client SET last_used_at = $2 WHERE client_id = $1', [clientId, now]);
}

/** What an administrator may change about a registered client. */
export interface ClientChanges {
  name?: string | undefined;
  redirectUris?: readonly string[] | undefined;
  allowedScopes?: readonly string[] | undefined;
  /** A new secret's hash (a confidential client's secret rotated). */
  secretHash?: string | undefined;
}

/** Updates a client; answers whether it exists. */
export async function updateClient(
  q: Queryable,
  clientId: string,
  changes: ClientChanges,
): Promise<boolean> {
  const { rows } = await q.query<{ client_id: string }>(
    `UPDATE oauth_client SET
        name = COALESCE($2, name),
        redirect_uris = COALESCE($3::text[], redirect_uris),
        allowed_scopes = COALESCE($4::text[], allowed_scopes),
        secret_hash = COALESCE($5, secret_hash)
      WHERE client_id = $1 RETURNING client_id`,
    [
      clientId,
      changes.name ?? null,
      changes.redirectUris ? [...changes.redirectUris] : null,
      changes.allowedScopes ? [...changes.allowedScopes] : null,
      changes.secretHash ?? null,
    ],
  );
  return rows.length > 0;
}
