import { createCode, findClient, type Database, type OAuthClient } from '@careweave/store';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { fhirBase, queryOf } from '../fhir/http.js';
import { PAGE_HEADERS, renderErrorPage, renderLoginPage } from './authorize-page.js';
import type { AuthConfig } from './config.js';
import { checkLogin } from './login.js';
import { OAuthError, formOf } from './oauth-common.js';
import {
  CONTEXT_SCOPES,
  contextsForRole,
  hasResourceScope,
  narrowScopes,
  scopesForRole,
  splitScopes,
} from './scopes.js';
import { hashToken, isS256Challenge, randomToken } from './secrets.js';

/** The parameters of an authorization request that the login form carries through. */
const CARRIED = [
  'response_type',
  'client_id',
  'redirect_uri',
  'scope',
  'state',
  'code_challenge',
  'code_challenge_method',
  'aud',
] as const;

/** A valid authorization request. */
interface Authorization {
  client: OAuthClient;
  redirectUri: string;
  state?: string;
  /** Requested scopes that the client may be granted. */
  scopes: string[];
  codeChallenge: string;
  hidden: Record<string, string>;
}

type Checked =
  | { ok: true; value: Authorization }
  | { ok: false; page: string }
  | { ok: false; redirect: string };

function redirectTo(redirectUri: string, params: Record<string, string | undefined>): string {
  const url = new URL(redirectUri);
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined) {
      url.searchParams.set(key, value);
    }
  }
  return url.toString();
}

/**
 * Validates an authorization request (RFC 6749 §4.1.1, PKCE RFC 7636, SMART `aud`). An unknown
 * client or redirect URI is shown as a page and never redirected to (no open redirector); every
 * other problem is sent back to the app's redirect URI as `error` with its `state`.
 */
async function checkAuthorization(
  db: Database,
  params: ReadonlyMap<string, string>,
  base: string,
): Promise<Checked> {
  const clientId = params.get('client_id');
  const client = clientId ? await findClient(db, clientId) : undefined;
  if (!client) {
    return {
      ok: false,
      page: 'The app that sent you here is not registered with this Careweave server (unknown client_id).',
    };
  }
  const asked = params.get('redirect_uri');
  const redirectUri =
    asked ?? (client.redirectUris.length === 1 ? client.redirectUris[0] : undefined);
  if (!redirectUri || !client.redirectUris.includes(redirectUri)) {
    return {
      ok: false,
      page: 'The app asked to return to an address that is not registered for it (redirect_uri).',
    };
  }
  const state = params.get('state');
  const error = (code: OAuthError['error'], description: string): Checked => ({
    ok: false,
    redirect: redirectTo(redirectUri, { error: code, error_description: description, state }),
  });
  if (params.get('response_type') !== 'code') {
    return error('unsupported_response_type', 'response_type must be code');
  }
  const codeChallenge = params.get('code_challenge') ?? '';
  if (params.get('code_challenge_method') !== 'S256' || !isS256Challenge(codeChallenge)) {
    return error(
      'invalid_request',
      'PKCE is required: code_challenge (S256, base64url) and code_challenge_method=S256',
    );
  }
  const aud = params.get('aud');
  if (aud !== undefined && aud.replace(/\/$/, '') !== base) {
    return error('invalid_request', `aud must be this server's FHIR base URL (${base})`);
  }
  const scopes = narrowScopes(splitScopes(params.get('scope')), [
    ...client.allowedScopes,
    ...CONTEXT_SCOPES,
  ]);
  if (!hasResourceScope(scopes)) {
    return error(
      'invalid_scope',
      `None of the requested scopes may be granted to this app; it may ask for: ${client.allowedScopes.join(' ')}`,
    );
  }
  const hidden: Record<string, string> = {};
  for (const key of CARRIED) {
    const value = key === 'redirect_uri' ? redirectUri : params.get(key);
    if (value !== undefined) {
      hidden[key] = value;
    }
  }
  return {
    ok: true,
    value: {
      client,
      redirectUri,
      ...(state !== undefined ? { state } : {}),
      scopes,
      codeChallenge,
      hidden,
    },
  };
}

function sendPage(reply: FastifyReply, status: number, html: string): FastifyReply {
  return reply.code(status).headers(PAGE_HEADERS).send(html);
}

/**
 * `GET /oauth2/authorize` shows the login form for a valid authorization request; `POST` checks
 * the credentials (throttled and audited like `/auth/login`) and redirects back to the app with a
 * single-use code. Logging in is the approval: the form lists the access the app asked for.
 */
export function registerAuthorizeRoutes(
  app: FastifyInstance,
  db: Database,
  config: AuthConfig,
  publicBase?: string,
): void {
  const handle = async (
    request: FastifyRequest,
    reply: FastifyReply,
    params: Map<string, string>,
    post: boolean,
  ): Promise<FastifyReply> => {
    const checked = await checkAuthorization(db, params, fhirBase(request, publicBase));
    if (!checked.ok) {
      return 'page' in checked
        ? sendPage(reply, 400, renderErrorPage(checked.page))
        : reply.redirect(checked.redirect, 303);
    }
    const { client, scopes, hidden } = checked.value;
    const form = { clientName: client.name, scopes, hidden };
    if (!post) {
      return sendPage(reply, 200, renderLoginPage(form));
    }
    const email = params.get('email') ?? '';
    const password = params.get('password') ?? '';
    if (!email || !password) {
      return sendPage(
        reply,
        400,
        renderLoginPage({ ...form, email, error: 'Enter your email and password.' }),
      );
    }
    const result = await checkLogin(db, config, {
      email,
      password,
      ip: request.ip,
      userAgent: request.headers['user-agent'],
      via: 'oauth-authorize',
      clientId: client.clientId,
    });
    if (!result.ok) {
      if (result.reason === 'throttled') {
        void reply.header('Retry-After', String(result.retryAfterSeconds));
        return sendPage(
          reply,
          429,
          renderLoginPage({
            ...form,
            email,
            error: `Too many failed logins. Try again in ${Math.ceil(result.retryAfterSeconds / 60)} minute(s).`,
          }),
        );
      }
      return sendPage(
        reply,
        401,
        renderLoginPage({ ...form, email, error: 'Invalid email or password.' }),
      );
    }
    const account = result.account;
    const hasPatientContext = contextsForRole(account.role).includes('patient');
    const granted = scopesForRole(account.role, scopes).filter(
      (s) => s !== 'launch/patient' || hasPatientContext,
    );
    const { redirectUri, state } = checked.value;
    if (!hasResourceScope(granted)) {
      return reply.redirect(
        redirectTo(redirectUri, {
          error: 'access_denied',
          error_description: `The requested scopes do not fit a ${account.role} account`,
          state,
        }),
        303,
      );
    }
    const code = randomToken();
    await createCode(db, {
      codeHash: hashToken(code),
      clientId: client.clientId,
      accountId: account.id,
      redirectUri,
      codeChallenge: checked.value.codeChallenge,
      scope: granted.join(' '),
      expiresAt: new Date(Date.now() + config.codeTtlSeconds * 1000),
    });
    return reply
      .header('Cache-Control', 'no-store')
      .redirect(redirectTo(redirectUri, { code, state }), 303);
  };

  app.get('/oauth2/authorize', { config: { access: 'public' } }, async (request, reply) => {
    try {
      return await handle(request, reply, formOf(queryOf(request)), false);
    } catch (err) {
      if (err instanceof OAuthError) {
        return sendPage(reply, 400, renderErrorPage(err.description));
      }
      throw err;
    }
  });
  app.post('/oauth2/authorize', { config: { access: 'public' } }, async (request, reply) => {
    try {
      return await handle(request, reply, formOf(request.body), true);
    } catch (err) {
      if (err instanceof OAuthError) {
        return sendPage(reply, 400, renderErrorPage(err.description));
      }
      throw err;
    }
  });
}
