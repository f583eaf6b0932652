import type { Queryable } from '../db/database.js';

/** An OAuth 2.0 client: a SMART app (public or confidential) or a back-end service. */
export interface OAuthClient {
  clientId: string;
  /** Hash of the client secret; undefined for public clients. */
  secretHash?: string;
  name: string;
  redirectUris: string[];
  /** The scopes this client may be granted (e.g. `patient/*.rs`, `system/*.rs`). */
  allowedScopes: string[];
  kind: 'confidential' | 'public';
  /** Public keys of a back-end service (private_key_jwt), registered inline as a JWKS document. */
  jwks?: { keys: Record<string, unknown>[] };
  /** Where the back-end service publishes its JWKS (fetched and cached by the server). */
  jwksUrl?: string;
  createdAt: Date;
}

/** What registering a client needs. */
export type NewOAuthClient = Omit<OAuthClient, 'createdAt'>;

interface ClientRow {
  client_id: string;
  secret_hash: string | null;
  name: string;
  redirect_uris: string[];
  allowed_scopes: string[];
  kind: 'confidential' | 'public';
  jwks: { keys: Record<string, unknown>[] } | null;
  jwks_url: string | null;
  created_at: Date | string;
}

const CLIENT_COLUMNS =
  'client_id, secret_hash, name, redirect_uris, allowed_scopes, kind, jwks, jwks_url, created_at';

function toClient(row: ClientRow): OAuthClient {
  return {
    clientId: row.client_id,
    ...(row.secret_hash ? { secretHash: row.secret_hash } : {}),
    name: row.name,
    redirectUris: [...row.redirect_uris],
    allowedScopes: [...row.allowed_scopes],
    kind: row.kind,
    ...(row.jwks ? { jwks: row.jwks } : {}),
    ...(row.jwks_url ? { jwksUrl: row.jwks_url } : {}),
    createdAt: new Date(row.created_at),
  };
}

/** Registers a client. A confidential client needs a secret hash; a public one must have none. */
export async function createClient(q: Queryable, input: NewOAuthClient): Promise<OAuthClient> {
  const { rows } = await q.query<ClientRow>(
    `INSERT INTO oauth_client (client_id, secret_hash, name, redirect_uris, allowed_scopes, kind, jwks, jwks_url)
     VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8) RETURNING ${CLIENT_COLUMNS}`,
    [
      input.clientId,
      input.secretHash ?? null,
      input.name,
      input.redirectUris,
      input.allowedScopes,
      input.kind,
      input.jwks ? JSON.stringify(input.jwks) : null,
      input.jwksUrl ?? null,
    ],
  );
  return toClient(rows[0] as ClientRow);
}

/** The client with this id, or undefined. */
export async function findClient(q: Queryable, clientId: string): Promise<OAuthClient | undefined> {
  const { rows } = await q.query<ClientRow>(
    `SELECT ${CLIENT_COLUMNS} FROM oauth_client WHERE client_id = $1`,
    [clientId],
  );
  return rows[0] ? toClient(rows[0]) : undefined;
}

/** All registered clients, by name. */
export async function listClients(q: Queryable): Promise<OAuthClient[]> {
  const { rows } = await q.query<ClientRow>(
    `SELECT ${CLIENT_COLUMNS} FROM oauth_client ORDER BY name, client_id`,
  );
  return rows.map(toClient);
}

/** Deletes a client with its codes and sessions. Answers whether it existed. */
export async function deleteClient(q: Queryable, clientId: string): Promise<boolean> {
  const { rows } = await q.query<{ client_id: string }>(
    'DELETE FROM oauth_client WHERE client_id = $1 RETURNING client_id',
    [clientId],
  );
  return rows.length > 0;
}

/** An authorization code waiting to be exchanged (stored by its hash only). */
export interface OAuthCode {
  codeHash: string;
  clientId: string;
  accountId: string;
  redirectUri: string;
  /** PKCE S256 code challenge. */
  codeChallenge: string;
  scope: string;
  expiresAt: Date;
}

interface CodeRow {
  code_hash: string;
  client_id: string;
  account_id: string;
  redirect_uri: string;
  code_challenge: string;
  scope: string;
  expires_at: Date | string;
  used_at: Date | string | null;
  session_id: string | null;
}

/** Stores a new authorization code. */
export async function createCode(q: Queryable, code: OAuthCode): Promise<void> {
  await q.query(
    `INSERT INTO oauth_code (code_hash, client_id, account_id, redirect_uri, code_challenge, scope, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      code.codeHash,
      code.clientId,
      code.accountId,
      code.redirectUri,
      code.codeChallenge,
      code.scope,
      code.expiresAt,
    ],
  );
}

/** The outcome of redeeming a code. */
export type ConsumeResult =
  | { ok: true; code: OAuthCode }
  /** `used`: redeemed before (a replay; `sessionId` is what the first exchange opened). */
  | { ok: false; reason: 'unknown' | 'expired' | 'used'; sessionId?: string };

/**
 * Marks a code used, atomically: of two concurrent exchanges only one succeeds. Whatever the
 * caller finds wrong afterwards (client, redirect URI, PKCE verifier), the code stays spent.
 */
export async function consumeCode(
  q: Queryable,
  codeHash: string,
  now: Date = new Date(),
): Promise<ConsumeResult> {
  const { rows } = await q.query<CodeRow>(
    `UPDATE oauth_code SET used_at = $2 WHERE code_hash = $1 AND used_at IS NULL
     RETURNING code_hash, client_id, account_id, redirect_uri, code_challenge, scope, expires_at, used_at, session_id`,
    [codeHash, now],
  );
  const row = rows[0];
  if (!row) {
    const prior = await q.query<{ session_id: string | null }>(
      'SELECT session_id FROM oauth_code WHERE code_hash = $1',
      [codeHash],
    );
    const first = prior.rows[0];
    if (!first) {
      return { ok: false, reason: 'unknown' };
    }
    return {
      ok: false,
      reason: 'used',
      ...(first.session_id ? { sessionId: first.session_id } : {}),
    };
  }
  const code: OAuthCode = {
    codeHash: row.code_hash,
    clientId: row.client_id,
    accountId: row.account_id,
    redirectUri: row.redirect_uri,
    codeChallenge: row.code_challenge,
    scope: row.scope,
    expiresAt: new Date(row.expires_at),
  };
  return code.expiresAt <= now ? { ok: false, reason: 'expired' } : { ok: true, code };
}

/** Records the session an exchanged code opened, so a replay of the code can revoke it. */
export async function attachCodeSession(
  q: Queryable,
  codeHash: string,
  sessionId: string,
): Promise<void> {
  await q.query('UPDATE oauth_code SET session_id = $2 WHERE code_hash = $1', [
    codeHash,
    sessionId,
  ]);
}

/** Deletes codes that expired before `before` (housekeeping). */
export async function pruneCodes(q: Queryable, before: Date): Promise<number> {
  const { rows } = await q.query<{ code_hash: string }>(
    'DELETE FROM oauth_code WHERE expires_at < $1 RETURNING code_hash',
    [before],
  );
  return rows.length;
}

/**
 * Records the `jti` of a client assertion; answers false when this client used it before (a
 * replay). Expired entries are pruned on the way, so the table holds only live assertions.
 */
export async function recordAssertionJti(
  q: Queryable,
  clientId: string,
  jti: string,
  expiresAt: Date,
  now: Date = new Date(),
): Promise<boolean> {
  await q.query('DELETE FROM oauth_assertion_jti WHERE expires_at < $1', [now]);
  const { rows } = await q.query<{ jti: string }>(
    `INSERT INTO oauth_assertion_jti (client_id, jti, expires_at) VALUES ($1, $2, $3)
     ON CONFLICT (client_id, jti) DO NOTHING RETURNING jti`,
    [clientId, jti, expiresAt],
  );
  return rows.length === 1;
}
