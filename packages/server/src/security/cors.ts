import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { outcome } from '../errors.js';
import { FHIR_JSON } from '../fhir/http.js';

/**
 * Which browser origins may call the FHIR API, the OAuth token endpoints and discovery from
 * another site (a SMART app served from its own origin): `'*'` (any) or a list of exact origins
 * such as `https://app.example.org`.
 */
export type CorsOrigins = '*' | readonly string[];

/**
 * The paths a browser app on another origin needs (SMART App Launch 2.2 §"CORS"): discovery,
 * the token, introspection and revocation endpoints, the FHIR API. Not `/oauth2/authorize` (a
 * page the browser navigates to), nor `/auth` and `/api` (the web app's own, same-origin doors).
 */
// CDS Hooks 2.0 §CORS: an EHR's browser app calls the CDS services directly.
const CORS_PREFIXES = ['/fhir/', '/.well-known/', '/cds-services'];
const CORS_PATHS = ['/oauth2/token', '/oauth2/introspect', '/oauth2/revoke', '/oauth2/userinfo'];

/** Response headers a FHIR client on another origin must be able to read. */
const EXPOSED = [
  'Location',
  'Content-Location',
  'ETag',
  'Last-Modified',
  'WWW-Authenticate',
  'Preference-Applied',
  'X-Progress',
  'Retry-After',
  'X-Careweave-Withheld',
].join(', ');

/** Request headers a cross-origin FHIR client may send (answered to preflights that ask for others too). */
const ALLOWED_HEADERS = [
  'Authorization',
  'Content-Type',
  'Accept',
  'Prefer',
  'If-Match',
  'If-None-Match',
  'If-None-Exist',
  'If-Modified-Since',
  'X-Provenance',
];

const METHODS = 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS';

/** Whether a path serves cross-origin callers. */
export function isCorsPath(url: string): boolean {
  const path = url.split('?', 1)[0] ?? url;
  return CORS_PREFIXES.some((p) => path.startsWith(p)) || CORS_PATHS.includes(path);
}

/**
 * Parses `CAREWEAVE_CORS_ORIGINS` / `--cors-origins`: unset or `*` is any origin; otherwise a
 * comma-separated list of origins (scheme://host[:port], no path). Throws for a malformed one.
 */
export function parseCorsOrigins(value: string | undefined): CorsOrigins {
  if (value === undefined || value.trim() === '' || value.trim() === '*') return '*';
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map((origin) => {
      let url: URL;
      try {
        url = new URL(origin);
      } catch {
        throw new Error(
          `CORS origin ${JSON.stringify(origin)} is not a URL (e.g. https://app.example.org)`,
        );
      }
      if (url.origin !== origin.replace(/\/$/, '')) {
        throw new Error(
          `CORS origin ${JSON.stringify(origin)} must be scheme://host[:port] only (${url.origin})`,
        );
      }
      return url.origin;
    });
}

function allowedOrigin(request: FastifyRequest, origins: CorsOrigins): string | undefined {
  const origin = request.headers.origin;
  if (typeof origin !== 'string' || !isCorsPath(request.url)) return undefined;
  if (origins === '*') return '*';
  return origins.includes(origin) ? origin : undefined;
}

/** Header names as a preflight asked for them, when they are plain tokens. */
function requestedHeaders(request: FastifyRequest): string[] {
  const value = request.headers['access-control-request-headers'];
  if (typeof value !== 'string') return [];
  return value
    .split(',')
    .map((h) => h.trim())
    .filter((h) => /^[A-Za-z0-9-]{1,64}$/.test(h));
}

function sendPreflight(
  request: FastifyRequest,
  reply: FastifyReply,
  origins: CorsOrigins,
): FastifyReply {
  if (!isCorsPath(request.url)) {
    return reply
      .code(404)
      .type(FHIR_JSON)
      .send(outcome('not-found', `No cross-origin access to ${request.url.split('?', 1)[0]}`));
  }
  void reply.header('Allow', METHODS);
  const origin = allowedOrigin(request, origins);
  if (origin && request.headers['access-control-request-method']) {
    const headers = [...new Set([...ALLOWED_HEADERS, ...requestedHeaders(request)])];
    void reply
      .header('Access-Control-Allow-Methods', METHODS)
      .header('Access-Control-Allow-Headers', headers.join(', '))
      .header('Access-Control-Max-Age', '600');
  }
  return reply.code(204).send();
}

/**
 * CORS for the paths browser apps on other origins call (see `isCorsPath`). Credentials are
 * never allowed (no `Access-Control-Allow-Credentials`): Careweave sets no cookies, a SMART app
 * sends its bearer token, so `*` opens nothing a token does not already open. A preflight
 * (`OPTIONS`) is answered 204; an origin not on the list gets no CORS headers, so the browser
 * withholds the answer from it.
 */
export function registerCors(app: FastifyInstance, origins: CorsOrigins): void {
  app.addHook('onSend', async (request, reply, payload) => {
    const origin = allowedOrigin(request, origins);
    if (origin) {
      void reply.header('Access-Control-Allow-Origin', origin);
      void reply.header('Access-Control-Expose-Headers', EXPOSED);
    }
    if (origins !== '*' && isCorsPath(request.url)) {
      // The answer depends on the caller's origin: caches must key on it.
      const vary = reply.getHeader('Vary');
      const existing = typeof vary === 'string' ? vary : '';
      if (!/\borigin\b/i.test(existing)) {
        void reply.header('Vary', existing ? `${existing}, Origin` : 'Origin');
      }
    }
    return payload;
  });
  app.options('/*', { config: { access: 'public' } }, async (request, reply) =>
    sendPreflight(request, reply, origins),
  );
}
