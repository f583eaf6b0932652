import type { Identity } from '@careweave/care';
import type { Database, RequestContext } from '@careweave/store';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { outcome } from '../errors.js';
import { FHIR_JSON, queryOf } from '../fhir/http.js';
import type { AuthConfig } from './config.js';
import { identify } from './identify.js';
import { interactionNeeds, type FhirInteraction } from './interactions.js';
import { contextsForRole, grants, type Need, type ScopeContext } from './scopes.js';
import { InvalidTokenError, verifyAccessToken } from './tokens.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is calling, on `authenticated` routes (set by the auth guard before body parsing). */
    identity: Identity | null;
  }
  interface FastifyContextConfig {
    /** The FHIR interaction a route performs; the guard checks the token's scopes against it. */
    interaction?: FhirInteraction;
    /** Open to a user who must still change a temporary password (change it, `/auth/me`, logout). */
    allowPendingPasswordChange?: boolean;
  }
}

/**
 * The context of requests to public routes: it sees no patient's rows, so a public route that
 * touched data by mistake would find nothing rather than everything.
 */
export const ANONYMOUS_CONTEXT: RequestContext = {
  actor: 'anonymous',
  scope: { kind: 'patients', patientIds: [], shared: false },
};

const REALM = 'Bearer realm="careweave"';

function quoted(text: string): string {
  return text.replace(/["\\]/g, "'");
}

/** 401 with `WWW-Authenticate: Bearer` (RFC 6750 §3) and an OperationOutcome. */
export function sendUnauthorized(
  reply: FastifyReply,
  message: string,
  tokenPresented: boolean,
): FastifyReply {
  const challenge = tokenPresented
    ? `${REALM}, error="invalid_token", error_description="${quoted(message)}"`
    : REALM;
  return reply
    .code(401)
    .header('WWW-Authenticate', challenge)
    .header('Cache-Control', 'no-store')
    .type(FHIR_JSON)
    .send(outcome('login', message));
}

function sendForbidden(reply: FastifyReply, missing: Need): FastifyReply {
  const scope = `${missing.resourceType}.${missing.letter}`;
  const message = `The access token's scopes do not allow '${missing.letter}' on ${missing.resourceType === '*' ? 'all resource types' : missing.resourceType}`;
  return reply
    .code(403)
    .header(
      'WWW-Authenticate',
      `${REALM}, error="insufficient_scope", error_description="${quoted(message)}", scope="user/${scope} patient/${scope} system/${scope}"`,
    )
    .type(FHIR_JSON)
    .send(outcome('forbidden', message));
}

/** 403 for a user who signed in with a temporary password and has not changed it yet. */
function sendPasswordChangeRequired(reply: FastifyReply): FastifyReply {
  return reply
    .code(403)
    .header('Cache-Control', 'no-store')
    .type(FHIR_JSON)
    .send({
      ...outcome(
        'forbidden',
        'Change your temporary password first (POST /auth/password {"current_password", "new_password"})',
      ),
      id: 'password-change-required',
    });
}

/** The bearer token of a request, or undefined. Tokens travel only in the Authorization header (no cookies). */
export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  const m =
    typeof header === 'string' ? /^Bearer[ ]+([A-Za-z0-9\-._~+/]+=*)\s*$/i.exec(header) : null;
  return m?.[1];
}

/** The scope contexts an identity's token may use. */
export function identityContexts(identity: Identity): ScopeContext[] {
  return identity.kind === 'system' ? ['system'] : contextsForRole(identity.role);
}

/**
 * Registers the guard. `onRequest` (before the body is read, so an anonymous caller cannot make
 * the server parse 128 MiB): `authenticated` routes need a valid bearer token, whose Identity
 * `care/access` turns into `request.careweave`; public routes get ANONYMOUS_CONTEXT.
 * `preHandler` (the body is parsed: transaction Bundles are checked entry by entry): routes that
 * declare `config.interaction` need scopes granting every permission the interaction needs.
 */
export function registerAuthGuard(app: FastifyInstance, db: Database, config: AuthConfig): void {
  app.decorateRequest('identity', null);
  app.addHook('onRequest', async (request, reply) => {
    if (request.routeOptions.config.access !== 'authenticated') {
      request.careweave = ANONYMOUS_CONTEXT;
      return undefined;
    }
    const token = bearerToken(request);
    if (!token) {
      return sendUnauthorized(
        reply,
        'Authentication required: send an access token as "Authorization: Bearer <token>"',
        false,
      );
    }
    try {
      const identity = await identify(db, await verifyAccessToken(config.keys, token));
      request.identity = identity;
      if (
        identity.kind === 'user' &&
        identity.passwordChangeRequired &&
        !request.routeOptions.config.allowPendingPasswordChange
      ) {
        return sendPasswordChangeRequired(reply);
      }
      request.careweave = await config.access.contextFor(identity);
    } catch (err) {
      if (err instanceof InvalidTokenError) {
        return sendUnauthorized(reply, err.message, true);
      }
      throw err;
    }
    return undefined;
  });
  app.addHook('preHandler', async (request, reply) => {
    const interaction = request.routeOptions.config.interaction;
    const identity = request.identity;
    if (!interaction || !identity) {
      return undefined;
    }
    const params = request.params as { type?: string } | undefined;
    const body = request.body;
    const needs = interactionNeeds(interaction, {
      resourceType: params?.type,
      query: [
        ...queryOf(request),
        ...(interaction === 'search-type' && Array.isArray(body)
          ? (body as [string, string][])
          : []),
      ],
      headers: request.headers,
      body,
    });
    const contexts = identityContexts(identity);
    const missing = needs.find((need) => !grants(identity.scopes, contexts, need));
    return missing ? sendForbidden(reply, missing) : undefined;
  });
}
