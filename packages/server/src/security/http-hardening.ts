import type { FastifyInstance, RouteOptions } from 'fastify';

/**
 * Body limit of routes anyone may call without a token (login, token exchange, the SMART login
 * form): their bodies are a few hundred bytes, so an anonymous caller never gets the FHIR API's
 * large limit. Authenticated routes check the token in `onRequest`, before the body is read.
 */
export const PUBLIC_BODY_LIMIT_BYTES = 64 * 1024;

/** Paths whose answers may hold health data or secrets: never stored by a browser or proxy. */
const NO_STORE_PREFIXES = ['/fhir/', '/api/', '/auth/', '/oauth2/'];

/**
 * The policy of every answer that is not the web app's page (which sets its own, stricter for
 * scripts than for styles): data is never a document that may run script or be framed.
 */
const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/** One year, subdomains included (OWASP ASVS V14.4.5); sent only over TLS, where it means something. */
const HSTS = 'max-age=31536000; includeSubDomains';

/** Gives public routes the small body limit unless they declare their own (Fastify `onRoute`). */
export function limitPublicBodies(route: RouteOptions): void {
  const config = (route.config ?? {}) as { access?: string };
  if (config.access === 'public' && route.bodyLimit === undefined) {
    route.bodyLimit = PUBLIC_BODY_LIMIT_BYTES;
  }
}

/**
 * Headers every answer carries: `X-Content-Type-Options: nosniff`, no referrer, no framing, a
 * Content-Security-Policy when the route set none, HSTS over TLS, and `Cache-Control: no-store`
 * on the data and auth paths unless the route chose its own caching (the SMART configuration
 * is public and cacheable).
 */
export function registerSecurityHeaders(app: FastifyInstance, options: { tls: boolean }): void {
  app.addHook('onSend', async (request, reply, payload) => {
    void reply.header('X-Content-Type-Options', 'nosniff');
    void reply.header('Referrer-Policy', 'no-referrer');
    if (!reply.hasHeader('X-Frame-Options')) void reply.header('X-Frame-Options', 'DENY');
    if (!reply.hasHeader('Content-Security-Policy')) {
      void reply.header('Content-Security-Policy', API_CSP);
    }
    if (options.tls) void reply.header('Strict-Transport-Security', HSTS);
    const path = request.url;
    if (!reply.hasHeader('Cache-Control') && NO_STORE_PREFIXES.some((p) => path.startsWith(p))) {
      void reply.header('Cache-Control', 'no-store');
    }
    return payload;
  });
}
