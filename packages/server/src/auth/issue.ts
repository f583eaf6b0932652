import type { Organization } from '@medplum/fhirtypes';
import {
  createSession,
  rotateRefresh,
  findAccountById,
  SYSTEM_CONTEXT,
  type Account,
  type Database,
  type Repository,
} from '@careweave/store';
import type { AuthConfig } from './config.js';
import { hashToken, randomToken } from './secrets.js';
import { mintAccessToken } from './tokens.js';

/** An OAuth 2.0 token response (RFC 6749 §5.1), as `/auth/login`, `/auth/refresh` and `/oauth2/token` answer. */
export interface TokenSet {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  scope: string;
  refresh_token?: string;
}

/** Where a session was opened from (kept on the session for the user's "where am I logged in" list). */
export interface Origin {
  ip: string;
  userAgent?: string | undefined;
}

/** Mints the access token of a session-bound user. */
export async function userAccessToken(
  config: AuthConfig,
  account: Account,
  scopes: readonly string[],
  sessionId: string,
  clientId?: string,
): Promise<TokenSet> {
  const access_token = await mintAccessToken(
    config.keys,
    {
      kind: 'user',
      sub: account.email,
      scopes: [...scopes],
      fhirUser: account.fhirUser,
      sid: sessionId,
      ...(clientId ? { clientId } : {}),
    },
    config.accessTokenTtlSeconds,
  );
  return {
    access_token,
    token_type: 'Bearer',
    expires_in: config.accessTokenTtlSeconds,
    scope: scopes.join(' '),
  };
}

/** Opens a session for an authenticated account: a new refresh token (stored hashed) and an access token bound to it. */
export async function openSession(
  db: Database,
  config: AuthConfig,
  account: Account,
  scopes: readonly string[],
  origin: Origin,
  clientId?: string,
): Promise<{ tokens: TokenSet; sessionId: string }> {
  const refresh = randomToken();
  const session = await createSession(db, {
    accountId: account.id,
    refreshTokenHash: hashToken(refresh),
    scope: scopes.join(' '),
    expiresAt: new Date(Date.now() + config.sessionTtlSeconds * 1000),
    clientId,
    ip: origin.ip,
    userAgent: origin.userAgent,
  });
  const tokens = await userAccessToken(config, account, scopes, session.id, clientId);
  return { tokens: { ...tokens, refresh_token: refresh }, sessionId: session.id };
}

/**
 * Rotates a refresh token: the old one stops working, a new one and a fresh access token are
 * issued. `clientId` is the OAuth client presenting it (null for `/auth/login` sessions).
 * `narrowTo` may shrink the scopes (RFC 6749 §6), never widen them. Undefined when refused.
 */
export async function refreshSession(
  db: Database,
  config: AuthConfig,
  refreshToken: string,
  clientId: string | null,
  narrowTo?: readonly string[],
): Promise<{ tokens: TokenSet; account: Account } | undefined> {
  const next = randomToken();
  const rotated = await rotateRefresh(
    db,
    hashToken(refreshToken),
    hashToken(next),
    clientId,
    new Date(),
    config.sessionIdleSeconds,
  );
  if (!rotated.ok) {
    return undefined;
  }
  const account = await findAccountById(db, rotated.session.accountId);
  if (!account) {
    return undefined;
  }
  const granted = rotated.session.scope.split(' ').filter((s) => s.length > 0);
  const scopes = narrowTo ? granted.filter((s) => narrowTo.includes(s)) : granted;
  const tokens = await userAccessToken(
    config,
    account,
    scopes,
    rotated.session.id,
    clientId ?? undefined,
  );
  return { tokens: { ...tokens, refresh_token: next }, account };
}

/** What the web app shows about the logged-in person. */
export interface UserInfo {
  name: string;
  role: string;
  organizations: { id: string; name: string }[];
  fhirUser: string;
  /** Signed in with a temporary password: the app asks for a new one before anything else. */
  mustChangePassword: boolean;
}

/** The account's display name, role, fhirUser and its organisations with their names. */
export async function userInfo(repo: Repository, account: Account): Promise<UserInfo> {
  const organizations = await Promise.all(
    account.organizationIds.map(async (id) => {
      const org = await repo
        .read<Organization>(SYSTEM_CONTEXT, 'Organization', id)
        .catch(() => undefined);
      return { id, name: org?.name ?? id };
    }),
  );
  return {
    name: account.displayName,
    role: account.role,
    organizations,
    fhirUser: account.fhirUser,
    mustChangePassword: account.mustChangePassword,
  };
}
