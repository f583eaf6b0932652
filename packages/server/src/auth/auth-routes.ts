import {
  findAccountById,
  revokeSession,
  revokeSessionByRefresh,
  type Database,
  type Repository,
} from '@careweave/store';
import type { OperationOutcomeIssue } from '@medplum/fhirtypes';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { outcome } from '../errors.js';
import { FHIR_JSON } from '../fhir/http.js';
import type { AuthConfig } from './config.js';
import { openSession, refreshSession, userInfo } from './issue.js';
import { checkLogin } from './login.js';
import { hashToken } from './secrets.js';
import { defaultScopesForRole } from './scopes.js';

/** Routes a person with a temporary password may still call (besides changing it). */
const PENDING_CHANGE_OK = { access: 'authenticated', allowPendingPasswordChange: true } as const;

/** Longest password accepted on the wire (argon2 is cheap per byte, but bodies are not free). */
const MAX_PASSWORD_LENGTH = 1024;

function fail(
  reply: FastifyReply,
  status: number,
  code: OperationOutcomeIssue['code'],
  text: string,
): FastifyReply {
  return reply
    .code(status)
    .header('Cache-Control', 'no-store')
    .type(FHIR_JSON)
    .send(outcome(code, text));
}

function field(body: unknown, name: string): string | undefined {
  const value =
    body && typeof body === 'object' && !Array.isArray(body)
      ? (body as Record<string, unknown>)[name]
      : undefined;
  return typeof value === 'string' ? value : undefined;
}

/** Sends a 429 with `Retry-After` for a throttled login. */
export function sendThrottled(reply: FastifyReply, retryAfterSeconds: number): FastifyReply {
  void reply.header('Retry-After', String(retryAfterSeconds));
  return fail(
    reply,
    429,
    'throttled',
    `Too many failed logins; try again in ${Math.ceil(retryAfterSeconds / 60)} minute(s)`,
  );
}

/**
 * The web app's login API: `POST /auth/login`, `POST /auth/refresh`, `POST /auth/logout`,
 * `GET /auth/me`. Tokens travel in JSON bodies and the Authorization header only — never in
 * cookies — so cross-site request forgery has nothing to ride on.
 */
export function registerAuthRoutes(
  app: FastifyInstance,
  db: Database,
  repo: Repository,
  config: AuthConfig,
): void {
  app.post('/auth/login', { config: { access: 'public' } }, async (request, reply) => {
    const email = field(request.body, 'email');
    const password = field(request.body, 'password');
    if (!email || !password || password.length > MAX_PASSWORD_LENGTH) {
      return fail(reply, 400, 'invalid', 'Send a JSON body {"email": "...", "password": "..."}');
    }
    const origin = { ip: request.ip, userAgent: request.headers['user-agent'] };
    const deviceToken = field(request.body, 'device_token');
    const result = await checkLogin(db, config, {
      email,
      password,
      via: 'password',
      deviceToken,
      ...origin,
    });
    if (!result.ok) {
      return result.reason === 'throttled'
        ? sendThrottled(reply, result.retryAfterSeconds)
        : fail(reply, 401, 'login', 'Invalid email or password');
    }
    const { tokens } = await openSession(
      db,
      config,
      result.account,
      defaultScopesForRole(result.account.role),
      origin,
    );
    return reply.header('Cache-Control', 'no-store').send({
      ...tokens,
      device_token: result.deviceToken,
      user: await userInfo(repo, result.account),
    });
  });

  app.post('/auth/refresh', { config: { access: 'public' } }, async (request, reply) => {
    const refreshToken = field(request.body, 'refresh_token');
    if (!refreshToken) {
      return fail(reply, 400, 'invalid', 'Send a JSON body {"refresh_token": "..."}');
    }
    const refreshed = await refreshSession(db, config, refreshToken, null);
    if (!refreshed) {
      return fail(
        reply,
        401,
        'login',
        'The refresh token is not valid (expired, revoked or already used); log in again',
      );
    }
    return reply
      .header('Cache-Control', 'no-store')
      .send({ ...refreshed.tokens, user: await userInfo(repo, refreshed.account) });
  });

  app.post('/auth/logout', { config: PENDING_CHANGE_OK }, async (request, reply) => {
    const identity = request.identity;
    // The session of the bearer token ends; so does the one of a refresh token sent along (the
    // web app sends it, so a session whose access token came from elsewhere ends too).
    const refreshToken = field(request.body, 'refresh_token');
    if (refreshToken) {
      await revokeSessionByRefresh(db, hashToken(refreshToken));
    }
    if (identity?.kind === 'user' && identity.sessionId) {
      await revokeSession(db, identity.sessionId);
      await config.onLogin({
        email: identity.email,
        identity,
        outcome: 'success',
        action: 'logout',
        ip: request.ip,
      });
    }
    return reply.code(204).send();
  });

  app.get('/auth/me', { config: PENDING_CHANGE_OK }, async (request, reply) => {
    const identity = request.identity;
    if (!identity || identity.kind === 'system') {
      return reply.send({
        kind: 'system',
        clientId: identity?.clientId,
        scopes: identity?.scopes ?? [],
      });
    }
    const account = await findAccountById(db, identity.accountId);
    if (!account) {
      return fail(reply, 401, 'login', 'The account no longer exists');
    }
    return reply.header('Cache-Control', 'no-store').send({
      kind: 'user',
      email: account.email,
      scopes: identity.scopes,
      ...(await userInfo(repo, account)),
    });
  });
}
