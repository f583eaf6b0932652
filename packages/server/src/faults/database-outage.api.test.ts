import type { OperationOutcome, Patient } from '@medplum/fhirtypes';
import { migrate, openDatabase, Repository, type Database } from '@careweave/store';
import { postgresBinDir, startTempPostgres, type TempPostgres } from '@careweave/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listenOn, type LiveServer } from '../testing/live-server.js';

/**
 * A request that must answer, never hang: aborted (and so failing the test) after `limitMs` —
 * 10 s while the database is down (the answer is meant to come at once), longer otherwise (the
 * first write loads the FHIR definitions on a loaded machine).
 */
async function call(
  url: string,
  init: RequestInit = {},
  limitMs = 10_000,
): Promise<{ status: number; body: unknown; retryAfter: string | null }> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(limitMs) });
  const text = await response.text();
  return {
    status: response.status,
    body: text ? (JSON.parse(text) as unknown) : undefined,
    retryAfter: response.headers.get('retry-after'),
  };
}

describe.skipIf(!postgresBinDir())('PostgreSQL stopped while serving', () => {
  let pg: TempPostgres;
  let db: Database;
  let server: Omit<LiveServer, 'db' | 'repo'>;
  let patientId = '';

  beforeAll(async () => {
    pg = await startTempPostgres();
    db = await openDatabase({ databaseUrl: pg.url });
    await migrate(db);
    server = await listenOn(db, new Repository(db));
  }, 180_000);

  afterAll(async () => {
    await server?.close();
    await db?.close();
    pg?.dispose();
  });

  const json = (): RequestInit['headers'] => ({
    ...server.authorization,
    'Content-Type': 'application/fhir+json',
  });
  const newPatient = (family: string): RequestInit => ({
    method: 'POST',
    headers: json(),
    body: JSON.stringify({ resourceType: 'Patient', name: [{ family }] } satisfies Patient),
  });

  it('first serves, then answers 503 transient (not a hang) while the database is down, then recovers by itself', async () => {
    const created = await call(`${server.baseUrl}/Patient`, newPatient('Before'), 120_000);
    expect(created.status).toBe(201);
    patientId = (created.body as Patient).id ?? '';

    pg.stop();
    for (const [what, request] of [
      ['read', call(`${server.baseUrl}/Patient/${patientId}`, { headers: server.authorization })],
      ['search', call(`${server.baseUrl}/Patient?name=Before`, { headers: server.authorization })],
      ['create', call(`${server.baseUrl}/Patient`, newPatient('During'))],
      ['health', call(`${server.origin}/healthz`)],
    ] as const) {
      const answer = await request;
      expect(answer.status, what).toBe(503);
      expect(answer.retryAfter, what).toBe('2');
      const outcome = answer.body as OperationOutcome;
      expect(outcome.resourceType, what).toBe('OperationOutcome');
      expect(outcome.issue?.[0]?.code, what).toBe('transient');
    }

    // The pool makes new connections on demand: the first request after the database returns
    // is served, with nothing to wait for and no restart of the server.
    pg.start();
    expect((await call(`${server.origin}/healthz`)).status).toBe(200);
    const read = await call(`${server.baseUrl}/Patient/${patientId}`, {
      headers: server.authorization,
    });
    expect(read.status).toBe(200);
    expect((await call(`${server.baseUrl}/Patient`, newPatient('After'))).status).toBe(201);
    // The write refused during the outage was not stored.
    const during = await call(`${server.baseUrl}/Patient?name=During`, {
      headers: server.authorization,
    });
    expect((during.body as { total?: number }).total ?? 0).toBe(0);
  }, 180_000);
});
