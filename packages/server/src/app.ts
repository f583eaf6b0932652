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
import { clientErrorHandler, frameworkErrors } from './framework-errors.js';
import { FHIR_BASE } from './fhir/http.js';
import { registerCcdaImport } from './fhir/ccda-import.js';
import { registerLastNRoutes } from './fhir/lastn-routes.js';
import { registerResourceRoutes } from './fhir/resource-routes.js';
import { registerSystemRoutes } from './fhir/system-routes.js';
import { registerFormatCheck } from './fhir/format.js';
import { registerTerminologyRoutes } from './fhir/terminology-routes.js';
import { registerMetrics } from './metrics.js';
import { registerPopulationRoutes } from './api/population.js';
import { registerCareApiRoutes } from './api/care-routes.js';
import { registerPlanDefinitionApply } from './fhir/plan-definition-apply.js';
import { createAccessService } from '@careweave/care';
import { registerAdminRoutes } from './admin/routes.js';
import { registerPasswordRoutes } from './auth/password-routes.js';
import { registerQuestionnaireScore } from './fhir/questionnaire-score.js';
import { jsonLimitProblem } from './security/json-limits.js';
import { limitPublicBodies, registerSecurityHeaders } from './security/http-hardening.js';
import { registerJwksRoute } from './auth/jwks.js';
import { registerCors, type CorsOrigins } from './security/cors.js';
import { registerHl7Routes } from './hl7/routes.js';
import { registerEvaluateMeasure } from './fhir/evaluate-measure.js';
import { registerMeasureRoutes } from './api/measures.js';
import { registerPaymentRoutes } from './api/payment.js';
import { registerEvaluationRoutes } from './api/evaluation.js';
import { registerSubscriptions } from './subscriptions/routes.js';
import { registerBulkExportRoutes } from './bulk/routes.js';
import { startExportWorker, type BulkExportOptions } from './bulk/worker.js';
import { registerTodayRoutes } from './api/today.js';
import { registerCdsHooksRoutes } from './cds-hooks/routes.js';

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
  /** Serve HTTPS with this certificate and key (PEM); adds HSTS to every answer. */
  tls?: TlsFiles;
  /** Socket timeouts; defaults in `DEFAULT_TIMEOUTS`. */
  timeouts?: Partial<Timeouts>;
  /**
   * Browser origins allowed to call the FHIR API, discovery and the token endpoints from another
   * site (`CAREWEAVE_CORS_ORIGINS`); default any (`*`), never with credentials.
   */
  corsOrigins?: CorsOrigins;
  /**
   * Deliver Subscription notifications from this process (server/subscriptions): `startServer`
   * turns it on; absent or false, the routes answer but nothing is sent.
   */
  subscriptionDelivery?: { pollMs?: number } | false;
  /** Bulk Data `$export`: file lifetime, polling, the worker (on by default; `CAREWEAVE_EXPORT_WORKER=off`). */
  bulkExport?: BulkExportOptions;
}

/** A PEM certificate (chain) and its private key. */
export interface TlsFiles {
  cert: string | Buffer;
  key: string | Buffer;
}

/** How long a client may take, so a slow or half-sent request cannot hold a socket for ever. */
export interface Timeouts {
  /** Until the request's headers are complete (slowloris). */
  headersMs: number;
  /** Until the whole request, body included, has arrived (128 MiB bulk bundles from slow links). */
  requestMs: number;
  /** How often Node looks for connections over those limits. */
  checkIntervalMs: number;
}

export const DEFAULT_TIMEOUTS: Timeouts = {
  headersMs: 15_000,
  requestMs: 300_000,
  checkIntervalMs: 2_000,
};

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

/** A route as registered: what the route-guard walk enumerates. */
export interface RegisteredRoute {
  method: string;
  url: string;
  access: 'public' | 'authenticated';
}

const routeTables = new WeakMap<FastifyInstance, RegisteredRoute[]>();

/**
 * Every route registered on an app built by `buildApp` (including routes added to it afterwards,
 * e.g. the access routes and the web app), without Fastify's automatic HEAD twins. The
 * route-guard walk (security/route-guard.api.test.ts) requests each of them as every role.
 */
export function registeredRoutes(app: FastifyInstance): readonly RegisteredRoute[] {
  return routeTables.get(app) ?? [];
}

function parseJson(_request: FastifyRequest, body: string | Buffer): unknown {
  if (body.length === 0) {
    return undefined; // some clients send Content-Type on every request, DELETE included
  }
  let value: unknown;
  try {
    value = JSON.parse(body.toString());
  } catch (err) {
    throw new OperationOutcomeError(
      badRequest(`Request body is not valid JSON: ${(err as Error).message}`),
    );
  }
  const problem = jsonLimitProblem(value);
  if (problem) {
    throw new OperationOutcomeError(badRequest(problem));
  }
  return value;
}

/**
 * Builds the Fastify application: FHIR REST at `/fhir/R4`, `/auth/*`, SMART/OAuth 2.0
 * (`/.well-known/smart-configuration`, `/oauth2/*`), `/healthz`, `/metrics`. Every route must
 * declare its access rule in `config.access`; registering one without it fails at start-up.
 * Authenticated routes need a bearer access token; FHIR routes also need the scopes for their
 * `config.interaction`.
 */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  const serverOptions = {
    headersTimeout: timeouts.headersMs,
    connectionsCheckingInterval: timeouts.checkIntervalMs,
  };
  const app = Fastify({
    ...(typeof options.logger === 'object'
      ? // typescript-eslint judges this assertion unnecessary; tsc needs it to pick Fastify's overload.
        // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
        { loggerInstance: options.logger as FastifyBaseLogger }
      : { logger: options.logger ?? false }),
    bodyLimit: Math.floor((options.bodyLimitMb ?? DEFAULT_BODY_LIMIT_MB) * 1024 * 1024),
    routerOptions: { maxParamLength: 200 },
    requestTimeout: timeouts.requestMs,
    ...(options.tls
      ? { https: { ...serverOptions, cert: options.tls.cert, key: options.tls.key } }
      : { http: serverOptions }),
    // Refusals by the router and by Node's HTTP parser are OperationOutcomes like every other.
    frameworkErrors,
    clientErrorHandler,
    ...(options.trustProxy !== undefined ? { trustProxy: options.trustProxy } : {}),
  });
  const routeTable: RegisteredRoute[] = [];
  routeTables.set(app, routeTable);
  app.addHook('onRoute', (route) => {
    checkRouteDeclaration(route);
    const access = route.config?.access;
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD' && access) routeTable.push({ method, url: route.url, access });
    }
  });
  app.addHook('onRoute', limitPublicBodies);
  registerSecurityHeaders(app, { tls: options.tls !== undefined });
  registerCors(app, options.corsOrigins ?? '*');
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
    // The account id, never the email: an email is a person's name (rosa.delgado@…).
    app.log.info(
      { login: { action: event.action, outcome: event.outcome, accountId: event.accountId } },
      `${event.action ?? 'login'} ${event.outcome}`,
    ),
  );
  registerAuthGuard(app, options.db, auth);
  registerJwksRoute(app, auth.keys);

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
  // The HL7 v2 feed's message log, replay and patient-matching review (administrators).
  registerHl7Routes(app, { repo: options.repo });
  registerMeasureRoutes(app, { repo: options.repo });
  registerPaymentRoutes(app, { repo: options.repo });
  registerEvaluationRoutes(app, { repo: options.repo });
  // Bulk export jobs run in the background on every server, claimed from the database.
  const exportWorker = startExportWorker(
    options.db,
    options.repo,
    auth,
    app.log,
    options.bulkExport,
  );
  app.addHook('onClose', () => exportWorker.stop());
  registerTodayRoutes(app, { repo: options.repo });
  // CDS Hooks 2.0 decision support at the server root (care/decision-support).
  registerCdsHooksRoutes(app, {
    db: options.db,
    repo: options.repo,
    auth,
    ...(options.publicBaseUrl ? { publicBaseUrl: options.publicBaseUrl } : {}),
  });
  await app.register(
    async (fhir) => {
      registerFormatCheck(fhir); // JSON only: 406 for _format=xml or an Accept that rules JSON out
      registerSystemRoutes(fhir, options.repo, options.version, options.publicBaseUrl);
      registerPlanDefinitionApply(fhir, options.repo, options.publicBaseUrl);
      registerQuestionnaireScore(fhir, options.repo);
      registerEvaluateMeasure(fhir, options.repo);
      registerTerminologyRoutes(fhir);
      registerBulkExportRoutes(fhir, {
        db: options.db,
        repo: options.repo,
        worker: exportWorker,
        publicBase: options.publicBaseUrl,
      });
      registerLastNRoutes(fhir, options.repo, options.publicBaseUrl);
      registerCcdaImport(fhir, options.repo);
      registerSubscriptions(fhir, {
        repo: options.repo,
        access: options.auth.access,
        ...(options.publicBaseUrl ? { publicBaseUrl: options.publicBaseUrl } : {}),
        delivery: options.subscriptionDelivery ?? false,
      });
      registerResourceRoutes(fhir, options.repo, options.publicBaseUrl);
    },
    { prefix: FHIR_BASE },
  );
  return app;
}
