import type { OperationOutcome } from '@medplum/fhirtypes';
import { Repository, type Database } from '@careweave/store';
import { openTestDatabase, type TestDatabase } from '@careweave/store/testing';
import type { FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { buildApp, type AppOptions } from '../app.js';
import type { AuthOptions } from '../auth/config.js';
import { generateSigningKeys, type SigningKeys } from '../auth/keys.js';
import { mintAccessToken, type NewAccessToken } from '../auth/tokens.js';
import { FHIR_BASE } from '../fhir/http.js';
import { wireAccess } from '../start.js';

/** A real server listening on an ephemeral port of 127.0.0.1, for API tests. */
export interface LiveServer {
  /** The FHIR base, e.g. `http://127.0.0.1:41234/fhir/R4`. */
  baseUrl: string;
  /** The server root (for `/healthz` and `/metrics`). */
  origin: string;
  repo: Repository;
  db: Database;
  app: FastifyInstance;
  /** The key the server signs and verifies tokens with. */
  keys: SigningKeys;
  /** A system token (`system/*.cruds`, one hour): what the FHIR API tests send. */
  token: string;
  /** `{ Authorization: 'Bearer <system token>' }`, to spread into fetch headers. */
  authorization: { Authorization: string };
  /** Mints a token this server accepts (e.g. a user token, or a narrower scope). */
  mintToken(claims: NewAccessToken, ttlSeconds?: number): Promise<string>;
  close(): Promise<void>;
}

/** Options of a test server: body limit, and auth settings (throttle limits, login audit, keys). */
export type ServeOptions = Pick<
  AppOptions,
  | 'bodyLimitMb'
  | 'trustProxy'
  | 'timeouts'
  | 'tls'
  | 'logger'
  | 'corsOrigins'
  | 'subscriptionDelivery'
  | 'bulkExport'
> & {
  auth?: Partial<AuthOptions>;
  /**
   * Give the Repository care/access's write hooks (owning organisation, automatic sensitivity
   * labels, write audit), as `startServer` does. Off by default: the FHIR API tests check the
   * store's own behaviour (a resource reads back exactly as written).
   */
  domainHooks?: boolean;
};

/** The scopes of the system token API tests use. */
export const TEST_SYSTEM_SCOPES = ['system/*.cruds'];

/** What an HTTP client's rejected promise carried: the status and the (OperationOutcome) body. */
export interface Rejection {
  status: number;
  body: OperationOutcome;
}

/**
 * Awaits a request that must fail and returns its status and body. Works with clients that reject
 * with `{ response: { status, data } }` (fhir-kit-client, axios); anything else is rethrown.
 */
export async function rejection(request: Promise<unknown>): Promise<Rejection> {
  try {
    await request;
  } catch (err) {
    const response = (err as { response?: { status?: unknown; data?: unknown } }).response;
    if (typeof response?.status === 'number') {
      return { status: response.status, body: response.data as OperationOutcome };
    }
    throw err;
  }
  throw new Error('Expected the request to fail, but it succeeded');
}

/**
 * Builds the app over an existing database and listens on 127.0.0.1:0, with a fresh in-memory
 * signing key unless `auth.keys` is given. Closing it stops the listener only; the database
 * belongs to the caller.
 */
export async function listenOn(
  db: Database,
  repo: Repository,
  options: ServeOptions = {},
): Promise<Omit<LiveServer, 'db' | 'repo'>> {
  const keys = options.auth?.keys ?? (await generateSigningKeys());
  const access = options.auth?.access ?? wireAccess(db).access;
  const { auth, domainHooks: _unused, ...appOptions } = options;
  const app = await buildApp({
    db,
    repo,
    version: 'test',
    logger: false,
    ...appOptions,
    auth: { ...auth, keys, access },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  const mintToken = (claims: NewAccessToken, ttlSeconds?: number): Promise<string> =>
    mintAccessToken(keys, claims, ttlSeconds);
  const token = await mintToken(
    { kind: 'system', sub: 'api-tests', scopes: TEST_SYSTEM_SCOPES },
    3600,
  );
  return {
    baseUrl: `${origin}${FHIR_BASE}`,
    origin,
    app,
    keys,
    token,
    authorization: { Authorization: `Bearer ${token}` },
    mintToken,
    close: () => app.close(),
  };
}

/**
 * Opens an isolated, migrated database of the given kind (see `openTestDatabase`) and serves the
 * FHIR API over it, with care/access's request contexts (and its write hooks with `domainHooks`).
 * `close` stops the server and drops the database.
 */
export async function startLiveServer(
  kind: TestDatabase['name'],
  options: ServeOptions = {},
): Promise<LiveServer> {
  const database = await openTestDatabase(kind);
  try {
    const wired = wireAccess(database.db);
    const repo = options.domainHooks ? wired.repo : new Repository(database.db);
    const server = await listenOn(database.db, repo, {
      ...options,
      auth: { access: wired.access, ...options.auth },
    });
    return {
      ...server,
      repo,
      db: database.db,
      async close() {
        await server.close();
        await database.dispose();
      },
    };
  } catch (err) {
    await database.dispose();
    throw err;
  }
}
