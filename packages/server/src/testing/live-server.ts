import type { OperationOutcome } from '@medplum/fhirtypes';
import { openTestDatabase, Repository, type Database, type TestDatabase } from '@careweave/store';
import type { FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { buildApp, type AppOptions } from '../app.js';
import { FHIR_BASE } from '../fhir/http.js';

/** A real server listening on an ephemeral port of 127.0.0.1, for API tests. */
export interface LiveServer {
  /** The FHIR base, e.g. `http://127.0.0.1:41234/fhir/R4`. */
  baseUrl: string;
  /** The server root (for `/healthz` and `/metrics`). */
  origin: string;
  repo: Repository;
  db: Database;
  app: FastifyInstance;
  close(): Promise<void>;
}

type ServeOptions = Pick<AppOptions, 'bodyLimitMb'>;

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
 * Builds the app over an existing database and listens on 127.0.0.1:0. Closing it stops the
 * listener only; the database belongs to the caller.
 */
export async function listenOn(db: Database, repo: Repository, options: ServeOptions = {}): Promise<Omit<LiveServer, 'db' | 'repo'>> {
  const app = await buildApp({ db, repo, version: 'test', logger: false, ...options });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return { baseUrl: `${origin}${FHIR_BASE}`, origin, app, close: () => app.close() };
}

/**
 * Opens an isolated, migrated database of the given kind (see `openTestDatabase`) and serves the
 * FHIR API over it. `close` stops the server and drops the database.
 */
export async function startLiveServer(kind: TestDatabase['name'], options: ServeOptions = {}): Promise<LiveServer> {
  const database = await openTestDatabase(kind);
  try {
    const repo = new Repository(database.db);
    const server = await listenOn(database.db, repo, options);
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
