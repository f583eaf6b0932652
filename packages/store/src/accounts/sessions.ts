import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db/database.js';
import { ACCOUNT_COLUMNS, toAccount, type Account, type AccountRow } from './accounts.js';

/** A login session (refresh tokens are stored as hashes only; hashing happens in `server/auth`). */
export interface AuthSession {
  id: string;
  accountId: string;
  /** The OAuth client that opened the session; undefined for `/auth/login`. */
  clientId?: string;
  /** Space-separated granted scopes. */
  scope: string;
  createdAt: Date;
  expiresAt: Date;
  revokedAt?: Date;
  ip?: string;
  userAgent?: string;
}

/** What opening a session needs. */
export interface NewSession {
  accountId: string;
  refreshTokenHash: string;
  scope: string;
  expiresAt: Date;
  clientId?: string | undefined;
  ip?: string | undefined;
  userAgent?: string | undefined;
}

interface SessionRow {
  id: string;
  account_id: string;
  client_id: string | null;
  scope: string;
  created_at: Date | string;
  expires_at: Date | string;
  revoked_at: Date | string | null;
  ip: string | null;
  user_agent: string | null;
}

const SESSION_COLUMNS =
  'id, account_id, client_id, scope, created_at, expires_at, revoked_at, ip, user_agent';

function toSession(row: SessionRow): AuthSession {
  return {
    id: row.id,
    accountId: row.account_id,
    ...(row.client_id ? { clientId: row.client_id } : {}),
    scope: row.scope,
    createdAt: new Date(row.created_at),
    expiresAt: new Date(row.expires_at),
    ...(row.revoked_at ? { revokedAt: new Date(row.revoked_at) } : {}),
    ...(row.ip ? { ip: row.ip } : {}),
    ...(row.user_agent ? { userAgent: row.user_agent } : {}),
  };
}

/** Opens a session holding one (hashed) refresh token. */
export async function createSession(q: Queryable, input: NewSession): Promise<AuthSession> {
  const { rows } = await q.query<SessionRow>(
    `INSERT INTO auth_session (id, account_id, refresh_token_hash, client_id, scope, expires_at, ip, user_agent)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${SESSION_COLUMNS}`,
    [
      randomUUID(),
      input.accountId,
      input.refreshTokenHash,
      input.clientId ?? null,
      input.scope,
      input.expiresAt,
      input.ip ?? null,
      input.userAgent ?? null,
    ],
  );
  return toSession(rows[0] as SessionRow);
}

/** The outcome of presenting a refresh token. */
export type RotateResult =
  | { ok: true; session: AuthSession }
  /** `reused`: the token had already been rotated away; the session has now been revoked. */
  | { ok: false; reason: 'unknown' | 'reused' };

/**
 * Exchanges a refresh token for a new one, atomically, when the session belongs to `clientId`
 * (null: a `/auth/login` session; a token presented by the wrong client is refused untouched): the old hash is replaced only if the
 * session is live, so two concurrent refreshes with one token cannot both succeed. Presenting the
 * token that the last rotation replaced means two parties hold it (one copied it); the session is
 * revoked (refresh token reuse detection, OAuth 2.0 Security BCP §4.14.2).
 */
export async function rotateRefresh(
  q: Queryable,
  oldHash: string,
  newHash: string,
  clientId: string | null,
  now: Date = new Date(),
  idleSeconds?: number,
): Promise<RotateResult> {
  // Idle timeout: the session must have been used (created or refreshed) within idleSeconds.
  const { rows } = await q.query<SessionRow>(
    `UPDATE auth_session s SET refresh_token_hash = $2, previous_refresh_hash = $1, last_used_at = $3
      FROM account a
      WHERE s.refresh_token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > $3 AND a.id = s.account_id AND NOT a.disabled
        AND s.client_id IS NOT DISTINCT FROM $4::text
        AND ($5::double precision IS NULL
             OR COALESCE(s.last_used_at, s.created_at) > $3::timestamptz - make_interval(secs => $5::double precision))
      RETURNING ${SESSION_COLUMNS.split(', ')
        .map((c) => `s.${c}`)
        .join(', ')}`,
    [oldHash, newHash, now, clientId, idleSeconds ?? null],
  );
  if (rows[0]) {
    return { ok: true, session: toSession(rows[0]) };
  }
  const reused = await q.query<{ id: string }>(
    'UPDATE auth_session SET revoked_at = COALESCE(revoked_at, $2) WHERE previous_refresh_hash = $1 AND client_id IS NOT DISTINCT FROM $3::text RETURNING id',
    [oldHash, now, clientId],
  );
  return { ok: false, reason: reused.rows.length > 0 ? 'reused' : 'unknown' };
}

/** Revokes a session (logout). Idempotent; answers whether a live session was revoked. */
export async function revokeSession(
  q: Queryable,
  sessionId: string,
  now: Date = new Date(),
): Promise<boolean> {
  const { rows } = await q.query<{ id: string }>(
    'UPDATE auth_session SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL RETURNING id',
    [sessionId, now],
  );
  return rows.length > 0;
}

/** Revokes the session that holds this refresh token (OAuth token revocation, logout by refresh token). */
export async function revokeSessionByRefresh(
  q: Queryable,
  refreshHash: string,
  now: Date = new Date(),
): Promise<boolean> {
  const { rows } = await q.query<{ id: string }>(
    'UPDATE auth_session SET revoked_at = $2 WHERE refresh_token_hash = $1 AND revoked_at IS NULL RETURNING id',
    [refreshHash, now],
  );
  return rows.length > 0;
}

/** Whether the session exists, is not revoked and has not expired. */
export async function isSessionActive(
  q: Queryable,
  sessionId: string,
  now: Date = new Date(),
): Promise<boolean> {
  const { rows } = await q.query<{ id: string }>(
    'SELECT id FROM auth_session WHERE id = $1 AND revoked_at IS NULL AND expires_at > $2',
    [sessionId, now],
  );
  return rows.length > 0;
}

/**
 * The live session and its enabled account, in one primary-key lookup: what every request with a
 * session-bound access token checks, so logout and disabling an account take effect at once.
 */
export async function findActiveSession(
  q: Queryable,
  sessionId: string,
  now: Date = new Date(),
): Promise<{ session: AuthSession; account: Account } | undefined> {
  const accountCols = ACCOUNT_COLUMNS.split(', ')
    .map((c) => `a.${c} AS a_${c}`)
    .join(', ');
  const sessionCols = SESSION_COLUMNS.split(', ')
    .map((c) => `s.${c}`)
    .join(', ');
  const { rows } = await q.query<SessionRow & Record<`a_${keyof AccountRow}`, unknown>>(
    `SELECT ${sessionCols}, ${accountCols} FROM auth_session s JOIN account a ON a.id = s.account_id
      WHERE s.id = $1 AND s.revoked_at IS NULL AND s.expires_at > $2 AND NOT a.disabled`,
    [sessionId, now],
  );
  const row = rows[0];
  if (!row) {
    return undefined;
  }
  const account = toAccount({
    id: row.a_id as string,
    email: row.a_email as string,
    password_hash: row.a_password_hash as string,
    fhir_user: row.a_fhir_user as string,
    role: row.a_role as string,
    organization_ids: row.a_organization_ids as string[],
    display_name: row.a_display_name as string,
    created_at: row.a_created_at as Date,
    disabled: row.a_disabled as boolean,
    must_change_password: row.a_must_change_password as boolean,
    last_login_at: row.a_last_login_at as Date | null,
    password_changed_at: row.a_password_changed_at as Date | null,
  });
  return { session: toSession(row), account };
}

/**
 * The session holding this refresh token, current or the one its last rotation replaced (so
 * that presenting a rotated-away token still reaches reuse detection), live or not. The token
 * endpoint uses it to learn which client a public client's refresh token is bound to, and
 * introspection to describe a refresh token.
 */
export async function findSessionByRefresh(
  q: Queryable,
  refreshHash: string,
): Promise<(AuthSession & { current: boolean }) | undefined> {
  const { rows } = await q.query<SessionRow & { current: boolean }>(
    `SELECT ${SESSION_COLUMNS}, refresh_token_hash = $1 AS current FROM auth_session
      WHERE refresh_token_hash = $1 OR previous_refresh_hash = $1
      ORDER BY (refresh_token_hash = $1) DESC LIMIT 1`,
    [refreshHash],
  );
  const row = rows[0];
  return row ? { ...toSession(row), current: row.current } : undefined;
}
