import { JWKS_PATH } from './jwks.js';
import {
  attachCodeSession,
  consumeCode,
  findAccountById,
  findClient,
  findSessionByRefresh,
  revokeSession,
  touchClient,
  type Database,
  type OAuthClient,
  type Repository,
} from '@careweave/store';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { FHIR_BASE, fhirBase } from '../fhir/http.js';
import { mintIdToken, openidConfiguration } from './oidc.js';
import { registerTokenAdminRoutes } from './token-admin-routes.js';
import { authenticateClient, presentedClient, type PresentedClient } from './clients.js';
import { ASSERTION_ALGORITHMS, authenticateAssertion } from './client-assertion.js';
import type { AuthConfig } from './config.js';
import { openSession, refreshSession, type TokenSet } from './issue.js';
import { OAuthError, formOf, originOf, patientContextOf, sendOAuthError } from './oauth-common.js';
import { contextsForRole, narrowScopes, parseScope, splitScopes } from './scopes.js';
import { hashToken, verifyPkce } from './secrets.js';
import { mintAccessToken } from './tokens.js';

/** Scopes advertised in the SMART configuration (wildcards; any resource type may be named instead of `*`). */
const SCOPES_SUPPORTED = [
  'patient/*.cruds',
  'patient/*.rs',
  'user/*.cruds',
  'user/*.rs',
  'system/*.rs',
  'system/*.cruds',
  'system/*.read',
  'patient/*.read',
  'user/*.read',
  'launch/patient',
  'offline_access',
  'openid',
  'fhirUser',
];

/** SMART App Launch 2.x `/.well-known/smart-configuration`, listing only what is really implemented. */
export function smartConfiguration(origin: string): Record<string, unknown> {
  return {
    issuer: origin,
    authorization_endpoint: `${origin}/oauth2/authorize`,
    token_endpoint: `${origin}/oauth2/token`,
    jwks_uri: `${origin}${JWKS_PATH}`,
    introspection_endpoint: `${origin}/oauth2/introspect`,
    revocation_endpoint: `${origin}/oauth2/revoke`,
    token_endpoint_auth_methods_supported: [
      'client_secret_basic',
      'client_secret_post',
      'private_key_jwt',
    ],
    token_endpoint_auth_signing_alg_values_supported: [...ASSERTION_ALGORITHMS],
    grant_types_supported: ['authorization_code', 'client_credentials', 'refresh_token'],
    response_types_supported: ['code'],
    code_challenge_methods_supported: ['S256'],
    scopes_supported: SCOPES_SUPPORTED,
    capabilities: [
      'launch-standalone',
      'client-public',
      'client-confidential-symmetric',
      'client-confidential-asymmetric',
      'context-standalone-patient',
      'sso-openid-connect',
      'permission-offline',
      'permission-v1',
      'permission-v2',
      'permission-patient',
      'permission-user',
    ],
  };
}

type Form = Map<string, string>;

/** The token response: SMART's `patient` launch context and OIDC's `id_token` beside the OAuth fields. */
type TokenAnswer = TokenSet & { patient?: string; id_token?: string };

async function exchangeCode(
  db: Database,
  repo: Repository,
  config: AuthConfig,
  client: OAuthClient,
  form: Form,
  request: FastifyRequest,
  publicBase: string | undefined,
): Promise<TokenAnswer> {
  const code = form.get('code');
  const verifier = form.get('code_verifier');
  if (!code || !verifier) {
    throw new OAuthError('invalid_request', 'code and code_verifier are required (PKCE S256)');
  }
  const codeHash = hashToken(code);
  const consumed = await consumeCode(db, codeHash);
  if (!consumed.ok) {
    if (consumed.reason === 'used' && consumed.sessionId) {
      await revokeSession(db, consumed.sessionId); // a replayed code: revoke what the first exchange opened
    }
    throw new OAuthError(
      'invalid_grant',
      'The authorization code is invalid, expired or already used',
    );
  }
  const grant = consumed.code;
  if (
    grant.clientId !== client.clientId ||
    grant.redirectUri !== form.get('redirect_uri') ||
    !verifyPkce(verifier, grant.codeChallenge)
  ) {
    throw new OAuthError(
      'invalid_grant',
      'The code was issued to another client or redirect_uri, or the code_verifier does not match',
    );
  }
  const account = await findAccountById(db, grant.accountId);
  if (!account || account.disabled) {
    throw new OAuthError('invalid_grant', 'The account is no longer active');
  }
  const scopes = splitScopes(grant.scope);
  const { tokens, sessionId } = await openSession(
    db,
    config,
    account,
    scopes,
    { ip: request.ip, userAgent: request.headers['user-agent'] },
    client.clientId,
  );
  await attachCodeSession(db, codeHash, sessionId);
  const patient = contextsForRole(account.role).includes('patient')
    ? await patientContextOf(repo, account)
    : undefined;
  const idToken = await mintIdToken(config.keys, {
    issuer: originOf(request, publicBase),
    fhirBase: fhirBase(request, publicBase),
    clientId: client.clientId,
    account,
    scopes,
  });
  return { ...tokens, ...(patient ? { patient } : {}), ...(idToken ? { id_token: idToken } : {}) };
}

async function clientCredentials(
  config: AuthConfig,
  client: OAuthClient,
  form: Form,
): Promise<TokenSet> {
  if (client.kind !== 'confidential') {
    throw new OAuthError(
      'unauthorized_client',
      'client_credentials is for confidential clients only',
    );
  }
  const allowed = client.allowedScopes.filter((s) => parseScope(s)?.context === 'system');
  const requested = form.has('scope') ? splitScopes(form.get('scope')) : allowed;
  const scopes = narrowScopes(requested, allowed);
  if (scopes.length === 0 || scopes.length !== requested.length) {
    throw new OAuthError(
      'invalid_scope',
      `This client may request only: ${allowed.join(' ') || '(no system scopes)'}`,
    );
  }
  const access_token = await mintAccessToken(
    config.keys,
    { kind: 'system', sub: client.clientId, scopes, clientId: client.clientId },
    config.accessTokenTtlSeconds,
  );
  return {
    access_token,
    token_type: 'Bearer',
    expires_in: config.accessTokenTtlSeconds,
    scope: scopes.join(' '),
  };
}

async function refresh(
  db: Database,
  repo: Repository,
  config: AuthConfig,
  client: OAuthClient,
  form: Form,
  request: FastifyRequest,
  publicBase: string | undefined,
): Promise<TokenAnswer> {
  const token = form.get('refresh_token');
  if (!token) {
    throw new OAuthError('invalid_request', 'refresh_token is required');
  }
  const refreshed = await refreshSession(
    db,
    config,
    token,
    client.clientId,
    form.has('scope') ? splitScopes(form.get('scope')) : undefined,
  );
  if (!refreshed) {
    throw new OAuthError(
      'invalid_grant',
      'The refresh token is invalid, expired, revoked or already used',
    );
  }
  const patient = contextsForRole(refreshed.account.role).includes('patient')
    ? await patientContextOf(repo, refreshed.account)
    : undefined;
  // OIDC Core §12.2: a refresh may bring a new ID Token; fhirclient keeps reading `client.user` from it.
  const idToken = await mintIdToken(config.keys, {
    issuer: originOf(request, publicBase),
    fhirBase: fhirBase(request, publicBase),
    clientId: client.clientId,
    account: refreshed.account,
    scopes: splitScopes(refreshed.tokens.scope),
  });
  return {
    ...refreshed.tokens,
    ...(patient ? { patient } : {}),
    ...(idToken ? { id_token: idToken } : {}),
  };
}

/**
 * A public client refreshing its token need not name itself (RFC 6749 §6: a public client has no
 * credentials to send; SMART's `fhirclient` sends only `grant_type` and `refresh_token`): the
 * client is the one the refresh token was issued to. A confidential client still authenticates.
 */
async function withRefreshTokenClient(
  db: Database,
  presented: PresentedClient,
  form: Form,
): Promise<PresentedClient> {
  const token = form.get('refresh_token');
  if (presented.clientId || form.get('grant_type') !== 'refresh_token' || !token) {
    return presented;
  }
  const session = await findSessionByRefresh(db, hashToken(token));
  const client = session?.clientId ? await findClient(db, session.clientId) : undefined;
  return client?.kind === 'public' ? { clientId: client.clientId } : presented;
}

/** `/.well-known/smart-configuration` and the OAuth 2.0 token endpoint `POST /oauth2/token`. */
export function registerOAuthRoutes(
  app: FastifyInstance,
  db: Database,
  repo: Repository,
  config: AuthConfig,
  publicBase?: string,
): void {
  app.get(
    '/.well-known/smart-configuration',
    { config: { access: 'public' } },
    async (request, reply) =>
      reply
        .header('Cache-Control', 'public, max-age=3600')
        .send(smartConfiguration(originOf(request, publicBase))),
  );
  // SMART also serves it relative to the FHIR base.
  app.get(
    `${FHIR_BASE}/.well-known/smart-configuration`,
    { config: { access: 'public' } },
    async (request, reply) =>
      reply
        .header('Cache-Control', 'public, max-age=3600')
        .send(smartConfiguration(originOf(request, publicBase))),
  );

  // OpenID Connect Discovery: the issuer is the server's origin.
  app.get(
    '/.well-known/openid-configuration',
    { config: { access: 'public' } },
    async (request, reply) =>
      reply
        .header('Cache-Control', 'public, max-age=3600')
        .send(openidConfiguration(originOf(request, publicBase))),
  );
  registerTokenAdminRoutes(app, db, config);

  app.post('/oauth2/token', { config: { access: 'public' } }, async (request, reply) => {
    let presentedBasic = false;
    try {
      const form = formOf(request.body);
      let client: OAuthClient | undefined;
      if (form.has('client_assertion_type') || form.has('client_assertion')) {
        // A back-end service (private_key_jwt): no secret may come with the assertion.
        if (request.headers.authorization || form.has('client_secret')) {
          throw new OAuthError('invalid_request', 'Authenticate with one method only');
        }
        client = await authenticateAssertion(
          db,
          form,
          `${originOf(request, publicBase)}/oauth2/token`,
        );
      } else {
        const presented = await withRefreshTokenClient(
          db,
          presentedClient(request.headers.authorization, form),
          form,
        );
        presentedBasic = presented.method === 'basic';
        client = await authenticateClient(db, presented);
      }
      if (!client) {
        throw new OAuthError(
          'invalid_client',
          'Unknown client, or wrong or missing client credentials',
        );
      }
      let body: TokenAnswer;
      switch (form.get('grant_type')) {
        case 'authorization_code':
          body = await exchangeCode(db, repo, config, client, form, request, publicBase);
          break;
        case 'client_credentials':
          body = await clientCredentials(config, client, form);
          break;
        case 'refresh_token':
          body = await refresh(db, repo, config, client, form, request, publicBase);
          break;
        default:
          throw new OAuthError(
            'unsupported_grant_type',
            'grant_type must be authorization_code, client_credentials or refresh_token',
          );
      }
      await touchClient(db, client.clientId); // administrators see when each app last got a token
      return reply.header('Cache-Control', 'no-store').header('Pragma', 'no-cache').send(body);
    } catch (err) {
      if (err instanceof OAuthError) {
        return sendOAuthError(reply, err, presentedBasic);
      }
      throw err;
    }
  });
}
