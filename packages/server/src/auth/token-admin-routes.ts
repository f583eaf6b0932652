import {
  findActiveSession,
  findClient,
  findSessionByRefresh,
  revokeSession,
  type Database,
  type OAuthClient,
} from '@careweave/store';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { bearerToken } from './guard.js';
import { authenticateClient, presentedClient } from './clients.js';
import type { AuthConfig } from './config.js';
import { OAuthError, formOf, sendOAuthError } from './oauth-common.js';
import { hashToken } from './secrets.js';
import { InvalidTokenError, TOKEN_AUDIENCE, TOKEN_ISSUER, verifyAccessToken } from './tokens.js';

type Form = Map<string, string>;

/** What introspection says about a token (RFC 7662 §2.2); `{active: false}` for anything not live. */
type Introspection = { active: false } | ({ active: true } & Record<string, unknown>);

const INACTIVE: Introspection = { active: false };

/** An access token: live when its signature and expiry check out and, when session-bound, its session is live. */
async function introspectAccess(
  db: Database,
  config: AuthConfig,
  token: string,
): Promise<Introspection | undefined> {
  let claims;
  try {
    claims = await verifyAccessToken(config.keys, token);
  } catch (err) {
    if (err instanceof InvalidTokenError) return undefined;
    throw err;
  }
  if (claims.sid) {
    const live = await findActiveSession(db, claims.sid);
    if (!live || live.account.email !== claims.sub) return INACTIVE;
  }
  return {
    active: true,
    token_type: 'Bearer',
    scope: claims.scopes.join(' '),
    sub: claims.sub,
    iss: TOKEN_ISSUER,
    aud: TOKEN_AUDIENCE,
    exp: claims.expiresAt,
    ...(claims.clientId ? { client_id: claims.clientId } : {}),
    ...(claims.fhirUser ? { fhirUser: claims.fhirUser } : {}),
  };
}

/** A refresh token: live when it is its session's current one and the session is live. */
async function introspectRefresh(db: Database, token: string): Promise<Introspection> {
  const session = await findSessionByRefresh(db, hashToken(token));
  if (!session?.current) return INACTIVE;
  const live = await findActiveSession(db, session.id);
  if (!live) return INACTIVE;
  return {
    active: true,
    token_type: 'refresh_token',
    scope: session.scope,
    sub: live.account.email,
    exp: Math.floor(session.expiresAt.getTime() / 1000),
    ...(session.clientId ? { client_id: session.clientId } : {}),
  };
}

/**
 * Who may introspect: a resource server or app authenticating as a registered confidential
 * client (RFC 7662 §2.1), or a caller presenting a valid Careweave access token (SMART App
 * Launch 2.2 allows bearer-token authorisation of the introspection endpoint).
 */
async function mayIntrospect(
  db: Database,
  config: AuthConfig,
  request: FastifyRequest,
  form: Form,
): Promise<boolean> {
  const presented = presentedClient(request.headers.authorization, form);
  if (presented.secret !== undefined) {
    return (await authenticateClient(db, presented))?.kind === 'confidential';
  }
  const bearer = bearerToken(request);
  if (!bearer) return false;
  return (await introspectAccess(db, config, bearer))?.active === true;
}

/** The client a revocation request comes from: a confidential client with its secret, or a public client by its id. */
async function revokingClient(
  db: Database,
  request: FastifyRequest,
  form: Form,
): Promise<OAuthClient | undefined> {
  const presented = presentedClient(request.headers.authorization, form);
  if (presented.secret !== undefined) return authenticateClient(db, presented);
  const client = presented.clientId ? await findClient(db, presented.clientId) : undefined;
  return client?.kind === 'public' ? client : undefined;
}

/**
 * `POST /oauth2/introspect` (RFC 7662) and `POST /oauth2/revoke` (RFC 7009). Revoking a
 * refresh token or a session-bound access token ends the session they belong to (every token
 * of it stops working); a client may revoke only its own tokens, and an unknown or foreign
 * token is answered 200 like a revoked one (RFC 7009 §2.2), so the endpoint tells nothing.
 */
export function registerTokenAdminRoutes(
  app: FastifyInstance,
  db: Database,
  config: AuthConfig,
): void {
  app.post('/oauth2/introspect', { config: { access: 'public' } }, async (request, reply) => {
    try {
      const form = formOf(request.body);
      if (!(await mayIntrospect(db, config, request, form))) {
        throw new OAuthError(
          'invalid_client',
          'Authenticate as a confidential client, or send a valid access token as Bearer',
        );
      }
      const token = form.get('token');
      if (!token) throw new OAuthError('invalid_request', 'token is required');
      const answer =
        form.get('token_type_hint') === 'refresh_token'
          ? await introspectRefresh(db, token)
          : ((await introspectAccess(db, config, token)) ?? (await introspectRefresh(db, token)));
      return reply.header('Cache-Control', 'no-store').send(answer);
    } catch (err) {
      if (err instanceof OAuthError) return sendOAuthError(reply, err);
      throw err;
    }
  });

  app.post('/oauth2/revoke', { config: { access: 'public' } }, async (request, reply) => {
    try {
      const form = formOf(request.body);
      const client = await revokingClient(db, request, form);
      if (!client) {
        throw new OAuthError('invalid_client', 'Unknown client, or wrong or missing credentials');
      }
      const token = form.get('token');
      if (!token) throw new OAuthError('invalid_request', 'token is required');
      const refresh = await findSessionByRefresh(db, hashToken(token));
      if (refresh?.current && refresh.clientId === client.clientId) {
        await revokeSession(db, refresh.id);
      } else {
        const claims = await verifyAccessToken(config.keys, token).catch(() => undefined);
        if (claims?.sid && claims.clientId === client.clientId) {
          await revokeSession(db, claims.sid);
        }
      }
      return reply.header('Cache-Control', 'no-store').code(200).send();
    } catch (err) {
      if (err instanceof OAuthError) return sendOAuthError(reply, err);
      throw err;
    }
  });
}
