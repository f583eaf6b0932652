import {
  assessmentConfigFromEnv,
  careWriteHooks,
  ensureAgentDevices,
  transitionConfigFromEnv,
  composeWriteHooks,
  loadInstruments,
  loadSqlMeasures,
  createAccessService,
  createAdtFeed,
  loadPlanTemplates,
  subscriptionWriteHooks,
  webhookAllowFromEnv,
  type AccessService,
} from '@careweave/care';
import {
  embeddedDataDir,
  migrate,
  openDatabase,
  recordServerUrl,
  pruneCodes,
  pruneThrottle,
  Repository,
  type Database,
} from '@careweave/store';
import type { FastifyInstance } from 'fastify';
import type { DestinationStream } from 'pino';
import { createServerLogger } from './logging.js';
import { buildApp, type AppOptions, type TlsFiles } from './app.js';
import { keyDirFor, loadOrCreateSigningKeys } from './auth/keys.js';
import { registerWebApp, resolveWebDist } from './web/static.js';
import { registerAccessRoutes } from './access/routes.js';
import { startStratifyJob } from './jobs/stratify.js';
import { startReferralReminders } from './jobs/referral-reminders.js';
import type { CorsOrigins } from './security/cors.js';
import { startMllpListener } from './hl7/listener.js';
import { subscriptionQueued } from './subscriptions/routes.js';

/** Longest a single SQL statement may run on PostgreSQL before it is cancelled. */
export const DEFAULT_STATEMENT_TIMEOUT_MS = 60_000;

export interface ServerOptions {
  port: number;
  host: string;
  dataDir?: string | undefined;
  databaseUrl?: string | undefined;
  version: string;
  logLevel?: string;
  /** Where the log lines go (default standard output): tests read what the server logged. */
  logDestination?: DestinationStream | undefined;
  publicBaseUrl?: string | undefined;
  /** Where the token signing key file lives; default `keyDirFor({ dataDir, databaseUrl })`. */
  keyDir?: string | undefined;
  /** Trust `X-Forwarded-For` from a reverse proxy (`CAREWEAVE_TRUST_PROXY`). */
  trustProxy?: boolean | string | undefined;
  /**
   * Start the HL7 v2 MLLP listener on this port (0 picks a free one), bound to `host`; absent:
   * no listener.
   */
  mllpPort?: number | undefined;
  /** Serve HTTPS with this certificate and key (PEM contents). */
  tls?: TlsFiles | undefined;
  /** PostgreSQL cancels statements running longer than this; default one minute. */
  statementTimeoutMs?: number | undefined;
  /** Browser origins allowed to call the FHIR API and token endpoints cross-origin; default any. */
  corsOrigins?: CorsOrigins | undefined;
  /** Runs after migrations, before listening (e.g. `careweave demo` creates the demo accounts). */
  beforeListen?: (db: Database, repo: Repository, access: AccessService) => Promise<void>;
}

export interface RunningServer {
  app: FastifyInstance;
  url: string;
  /** The MLLP listener's port, when one was started. */
  mllpPort?: number;
  close(): Promise<void>;
}

/**
 * The Repository every request uses, with care/access's write hooks (ownership, labels, audit of
 * writes), and the access service that turns identities into request contexts.
 */
export function wireAccess(db: Database): { access: AccessService; repo: Repository } {
  const access = createAccessService(new Repository(db));
  // One write path: access rules (ownership, labels, audit) and the care rules (Task state
  // machine, one plan per programme, team consent) run on every write through this Repository.
  return {
    access,
    repo: new Repository(db, {
      hooks: composeWriteHooks(
        access.writeHooks,
        careWriteHooks({
          assessments: assessmentConfigFromEnv(process.env),
          transitions: transitionConfigFromEnv(process.env),
        }),
        // Subscriptions: checked when written, fired by every other change (care/subscriptions).
        subscriptionWriteHooks(new Repository(db), {
          webhookAllow: webhookAllowFromEnv(process.env),
          onQueued: () => subscriptionQueued.emit('queued'),
        }),
      ),
    }),
  };
}

/**
 * The whole HTTP surface `startServer` serves: `buildApp`'s routes, care/access's routes and the
 * web app. Register every route of the product here (or in `buildApp`): the route-guard walk
 * (security/route-guard.api.test.ts) builds its server with this function and fails for a route
 * its expected-status table does not list.
 */
export async function assembleApp(
  options: AppOptions,
  access: AccessService,
  webDist: string | null = resolveWebDist(),
): Promise<FastifyInstance> {
  const app = await buildApp(options);
  // Break-the-glass, the patient access log, and the audit hook on every FHIR answer (care/access).
  registerAccessRoutes(app, access);
  await registerWebApp(app, webDist);
  return app;
}

/**
 * Opens the database (locking an embedded data directory), applies migrations, loads (or creates)
 * the token signing key, wires care/access (request contexts, write hooks, login audit) and
 * listens. `/healthz` answers 200 only after all of that, so a caller can wait on it.
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const logger = createServerLogger(
    options.logLevel ?? process.env['LOG_LEVEL'] ?? 'info',
    options.logDestination,
  );
  const db = await openDatabase({
    databaseUrl: options.databaseUrl,
    dataDir: options.dataDir,
    statementTimeoutMs: options.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS,
  });
  try {
    const result = await migrate(db);
    if (result.applied.length > 0) {
      logger.info({ applied: result.applied }, 'migrations applied');
    }
    const keys = await loadOrCreateSigningKeys(options.keyDir ?? keyDirFor(options));
    // Housekeeping of auth tables: lapsed login counters and expired authorization codes.
    await pruneThrottle(db, new Date(Date.now() - 24 * 3600_000));
    await pruneCodes(db, new Date(Date.now() - 3600_000));
    const { access, repo } = wireAccess(db);
    await loadPlanTemplates(repo); // the shipped PlanDefinition templates (idempotent)
    await ensureAgentDevices(repo); // the automated agents' Devices (idempotent)
    await loadInstruments(repo); // the shipped assessment Questionnaires (idempotent)
    await loadSqlMeasures(repo); // the SQL measures' Measure resources (idempotent)
    await options.beforeListen?.(db, repo, access);
    const app = await assembleApp(
      {
        db,
        repo,
        version: options.version,
        logger,
        auth: { keys, access, onLogin: (event) => access.audit.recordLogin(event) },
        ...(options.publicBaseUrl ? { publicBaseUrl: options.publicBaseUrl } : {}),
        ...(options.trustProxy !== undefined ? { trustProxy: options.trustProxy } : {}),
        ...(options.tls ? { tls: options.tls } : {}),
        ...(options.corsOrigins ? { corsOrigins: options.corsOrigins } : {}),
        // Subscription notifications (rest-hook, websocket); CAREWEAVE_SUBSCRIPTION_DELIVERY=off disables them here.
        subscriptionDelivery: process.env['CAREWEAVE_SUBSCRIPTION_DELIVERY'] === 'off' ? false : {},
      },
      access,
    );
    // Nightly risk stratification (care/risk); CAREWEAVE_STRATIFY_JOB=off disables it.
    startStratifyJob({ app, repo });
    // Referral reminders and escalation (care/referrals), hourly; CAREWEAVE_REFERRAL_REMINDERS=off disables them.
    startReferralReminders({ app, repo });
    await app.listen({ port: options.port, host: options.host });
    // The HL7 v2 feed beside the HTTP server, on the same address; it writes through `repo`.
    const mllp =
      options.mllpPort === undefined
        ? undefined
        : await startMllpListener({
            feed: createAdtFeed(repo, { log: logger }),
            port: options.mllpPort,
            host: options.host,
            logger,
          }).catch(async (err: unknown) => {
            await app.close();
            throw err;
          });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : options.port;
    const url = `${options.tls ? 'https' : 'http'}://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`;
    const dataDir = embeddedDataDir(options);
    if (db.kind === 'pglite' && dataDir) {
      // The CLI finds the server here: account commands ask it instead of opening the database.
      recordServerUrl(dataDir, url);
    }
    return {
      app,
      url,
      ...(mllp ? { mllpPort: mllp.port } : {}),
      async close() {
        await mllp?.close();
        await app.close();
        await db.close();
      },
    };
  } catch (err) {
    await db.close();
    throw err;
  }
}
