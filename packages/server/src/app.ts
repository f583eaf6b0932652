import compress from '@fastify/compress';
import { OperationOutcomeError, badRequest } from '@medplum/core';
import type { Database, Repository, RequestContext } from '@careweave/store';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyRequest,
} from 'fastify';
import type { Logger } from 'pino';
import { registerAuthRoutes } from './auth/auth-routes.js';
import { registerAuthorizeRoutes } from './auth/authorize-routes.js';
import { resolveAuthConfig, type AuthOptions } from './auth/config.js';
import { registerAuthGuard } from './auth/guard.js';
import { registerOAuthRoutes } from './auth/oauth-routes.js';
import { registerErrorHandling } from './errors.js';
import { FHIR_BASE } from './fhir/http.js';
import { registerResourceRoutes } from './fhir/resource-routes.js';
import { registerSystemRoutes } from './fhir/system-routes.js';
import { registerMetrics } from './metrics.js';
import { registerPopulationRoutes } from './api/population.js';
import { registerCareApiRoutes } from './api/care-routes.js';
import { registerPlanDefinitionApply } from './fhir/plan-definition-apply.js';
import { createAccessService } from '@careweave/care';
import { registerAdminRoutes } from './admin/routes.js';
import { registerPasswordRoutes } from './auth/password-routes.js';
import { registerQuestionnaireScore } from './fhir/questionnaire-score.js';
import { registerEvaluateMeasure } from './fhir/evaluate-measure.js';
import { registerMeasureRoutes } from './api/measures.js';

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
  /** Authentication: signing key, access service (Identity → RequestContext), login audit hook. */
  auth: AuthOptions;
  /** Trust `X-Forwarded-For` from a reverse proxy (for the client IP that login throttling counts). */
  trustProxy?: boolean | string;
}

/**
 * Checks a route as it is registered: it must declare `config.access` (`public` or
 * `authenticated`), and an authenticated FHIR route must declare `config.interaction` so that the
 * token's scopes are checked against it. Throws, so a forgotten declaration fails at start-up.
 */
export function checkRouteDeclaration(route: {
  method: string | string[];
  url: string;
  config?: unknown;
}): void {
  const config = (route.config ?? {}) as { access?: string; interaction?: string };
  if (route.method === 'HEAD') {
    return; // Fastify's automatic HEAD twins share the GET route's handler and hooks
  }
  if (config.access !== 'public' && config.access !== 'authenticated') {
    throw new Error(`Route ${String(route.method)} ${route.url} does not declare config.access`);
  }
  if (config.access === 'authenticated' && route.url.startsWith(FHIR_BASE) && !config.interaction) {
    throw new Error(
      `FHIR route ${String(route.method)} ${route.url} does not declare config.interaction (needed for the scope check)`,
    );
  }
}

function parseJson(_request: FastifyRequest, body: string | Buffer): unknown {
  if (body.length === 0) {
    return undefined; // some clients send Content-Type on every request, DELETE included
  }
  try {
    return JSON.parse(body.toString());
  } catch (err) {
    throw new OperationOutcomeError(
      badRequest(`Request body is not valid JSON: ${(err as Error).message}`),
    );
  }
}

/**
 * Builds the Fastify application: FHIR REST at `/fhir/R4`, `/auth/*`, SMART/OAuth 2.0
 * (`/.well-known/smart-configuration`, `/oauth2/*`), `/healthz`, `/metrics`. Every route must
 * declare its access rule in `config.access`; registering one without it fails at start-up.
 * Authenticated routes need a bearer access token; FHIR routes also need the scopes for their
 * `config.interaction`.
 */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app: FastifyInstance = Fastify({
    ...(typeof options.logger === 'object'
      ? // typescript-eslint judges this assertion unnecessary; tsc needs it to pick Fastify's overload.
        // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
        { loggerInstance: options.logger as FastifyBaseLogger }
      : { logger: options.logger ?? false }),
    bodyLimit: Math.floor((options.bodyLimitMb ?? DEFAULT_BODY_LIMIT_MB) * 1024 * 1024),
    routerOptions: { maxParamLength: 200 },
    ...(options.trustProxy !== undefined ? { trustProxy: options.trustProxy } : {}),
  });
  app.addHook('onRoute', checkRouteDeclaration);
  await app.register(compress, { global: true, threshold: 1024 });
  registerErrorHandling(app);
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    ['application/json', 'application/fhir+json', 'application/json-patch+json'],
    { parseAs: 'string' },
    (request, body, done) => {
      try {
        done(null, parseJson(request, body));
      } catch (err) {
        done(err as Error, undefined);
      }
    },
  );
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_request, body, done) => {
      done(null, [...new URLSearchParams(body.toString()).entries()]);
    },
  );
  app.decorateRequest('careweave', null as unknown as RequestContext);
  const auth = resolveAuthConfig(options.auth, (event) =>
    app.log.info(
      {
        login: {
          ...event,
          identity: undefined,
          fhirUser: event.identity?.kind === 'user' ? event.identity.fhirUser : undefined,
        },
      },
      `${event.action ?? 'login'} ${event.outcome}`,
    ),
  );
  registerAuthGuard(app, options.db, auth);

  registerMetrics(app);
  app.get('/healthz', { config: { access: 'public' } }, async () => {
    await options.db.query('SELECT 1');
    return { status: 'ok', database: options.db.kind, version: options.version };
  });
  registerAuthRoutes(app, options.db, options.repo, auth);
  registerOAuthRoutes(app, options.db, options.repo, auth, options.publicBaseUrl);
  registerAuthorizeRoutes(app, options.db, auth, options.publicBaseUrl);
  // Administration and password changes are audited through care/access's audit trail.
  const audit = options.auth.access.audit ?? createAccessService(options.repo).audit;
  registerPasswordRoutes(app, options.db, options.repo, auth, audit);
  registerAdminRoutes(app, {
    db: options.db,
    repo: options.repo,
    audit,
    version: options.version,
  });
  registerPopulationRoutes(app, { repo: options.repo });
  registerCareApiRoutes(app, { repo: options.repo });
  registerMeasureRoutes(app, { repo: options.repo });
  await app.register(
    async (fhir) => {
      registerSystemRoutes(fhir, options.repo, options.version, options.publicBaseUrl);
      registerPlanDefinitionApply(fhir, options.repo, options.publicBaseUrl);
      registerQuestionnaireScore(fhir, options.repo);
      registerEvaluateMeasure(fhir, options.repo);
      registerResourceRoutes(fhir, options.repo, options.publicBaseUrl);
    },
    { prefix: FHIR_BASE },
  );
  return app;
}
