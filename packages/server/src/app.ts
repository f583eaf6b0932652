import compress from '@fastify/compress';
import { OperationOutcomeError, badRequest } from '@medplum/core';
import { SYSTEM_CONTEXT, type Database, type Repository, type RequestContext } from '@careweave/store';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { registerErrorHandling } from './errors.js';
import { FHIR_BASE } from './fhir/http.js';
import { registerResourceRoutes } from './fhir/resource-routes.js';
import { registerSystemRoutes } from './fhir/system-routes.js';
import { registerMetrics } from './metrics.js';

/** Default request body limit: large Synthea patients are ~3 MB, bulk bundles much more. */
export const DEFAULT_BODY_LIMIT_MB = 128;

export interface AppOptions {
  db: Database;
  repo: Repository;
  version: string;
  /** Public FHIR base URL when behind a proxy; otherwise derived from each request. */
  publicBaseUrl?: string;
  bodyLimitMb?: number;
  logger?: Logger | boolean;
  /** Decides who is acting for a request (identity and access fill this in). */
  resolveContext?: (request: FastifyRequest) => Promise<RequestContext> | RequestContext;
}

function parseJson(_request: FastifyRequest, body: string | Buffer): unknown {
  if (body.length === 0) {
    return undefined; // some clients send Content-Type on every request, DELETE included
  }
  try {
    return JSON.parse(body.toString());
  } catch (err) {
    throw new OperationOutcomeError(badRequest(`Request body is not valid JSON: ${(err as Error).message}`));
  }
}

/**
 * Builds the Fastify application: FHIR REST at `/fhir/R4`, `/healthz`, `/metrics`. Every route
 * must declare its access rule in `config.access`; registering one without it fails at start-up.
 */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app: FastifyInstance = Fastify({
    ...(typeof options.logger === 'object' ? { loggerInstance: options.logger as FastifyBaseLogger } : { logger: options.logger ?? false }),
    bodyLimit: Math.floor((options.bodyLimitMb ?? DEFAULT_BODY_LIMIT_MB) * 1024 * 1024),
    routerOptions: { maxParamLength: 200 },
  });
  app.addHook('onRoute', (route) => {
    const access = (route.config as { access?: string } | undefined)?.access;
    if (access !== 'public' && access !== 'authenticated' && route.method !== 'HEAD') {
      throw new Error(`Route ${route.method} ${route.url} does not declare config.access`);
    }
  });
  await app.register(compress, { global: true, threshold: 1024 });
  registerErrorHandling(app);
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(['application/json', 'application/fhir+json', 'application/json-patch+json'], { parseAs: 'string' }, (request, body, done) => {
    try {
      done(null, parseJson(request, body));
    } catch (err) {
      done(err as Error, undefined);
    }
  });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, [...new URLSearchParams(body.toString()).entries()]);
  });
  const resolve = options.resolveContext ?? ((): RequestContext => SYSTEM_CONTEXT);
  app.decorateRequest('careweave', null as unknown as RequestContext);
  app.addHook('preHandler', async (request) => {
    request.careweave = await resolve(request);
  });

  registerMetrics(app);
  app.get('/healthz', { config: { access: 'public' } }, async () => {
    await options.db.query('SELECT 1');
    return { status: 'ok', database: options.db.kind, version: options.version };
  });
  await app.register(
    async (fhir) => {
      registerSystemRoutes(fhir, options.repo, options.version, options.publicBaseUrl);
      registerResourceRoutes(fhir, options.repo, options.publicBaseUrl);
    },
    { prefix: FHIR_BASE },
  );
  return app;
}
