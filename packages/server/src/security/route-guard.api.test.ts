import { STAFF_ROLES } from '@careweave/contract';
import { testDatabaseKinds } from '@careweave/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CALLERS,
  startSecurityServer,
  type Caller,
  type SecurityServer,
} from './corpus/testing.js';
import { COLUMNS, ROUTE_EXPECTATIONS, type RouteExpectation } from './route-guard.expected.js';

const routeKey = (method: string, url: string): string => `${method} ${url}`;

/** The status the table expects of one caller. */
function expectedStatus(entry: RouteExpectation, caller: Caller): number {
  const statuses = entry.statuses.trim().split(/\s+/).map(Number);
  const column = (STAFF_ROLES as readonly string[]).includes(caller) && caller !== 'administrator';
  const except = entry.staffExcept?.[caller as keyof typeof entry.staffExcept];
  if (column && except !== undefined) return except;
  const index = COLUMNS.indexOf((column ? 'staff' : caller) as (typeof COLUMNS)[number]);
  const status = statuses[index];
  if (status === undefined || Number.isNaN(status)) {
    throw new Error(`Row '${entry.statuses}' has no status for ${caller}`);
  }
  return status;
}

/** The concrete path a route is requested at: parameters filled with ids that do not exist. */
function samplePath(url: string): string {
  return url
    .replace(':type', 'Patient')
    .replace(':compartment', 'Patient')
    .replace(':vid', '1')
    .replace(/:[A-Za-z]+/g, 'no-such-id')
    .replace('*', 'patients/no-such-id');
}

async function inPool<T>(jobs: (() => Promise<T>)[], width: number): Promise<T[]> {
  const results: T[] = new Array<T>(jobs.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await (jobs[i] as () => Promise<T>)();
    }
  };
  await Promise.all(Array.from({ length: width }, worker));
  return results;
}

/**
 * Every route × every caller, against the production HTTP surface (`assembleApp`): anonymous,
 * each role of `USER_ROLES` (the patient, a caregiver, every clinical and staff role, the
 * community-organisation user, the administrator), a read-only system client and the operator.
 * The statuses are route-guard.expected.ts; a route missing there fails here.
 */
describe.each(testDatabaseKinds())('every route guarded, on %s', (kind) => {
  let server: SecurityServer;
  beforeAll(async () => {
    server = await startSecurityServer(kind);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('lists every registered route in the expected-status table, and nothing else', () => {
    const registered = new Set(server.routes.map((r) => routeKey(r.method, r.url)));
    const missing = [...registered].filter((key) => !(key in ROUTE_EXPECTATIONS));
    const stale = Object.keys(ROUTE_EXPECTATIONS).filter((key) => !registered.has(key));
    expect(missing, 'routes without an entry in route-guard.expected.ts').toEqual([]);
    expect(stale, 'entries in route-guard.expected.ts for routes that no longer exist').toEqual([]);
    expect(registered.size).toBeGreaterThan(90);
  });

  it('answers every route as the table says for every caller; refusals are OperationOutcomes', async () => {
    const jobs = server.routes.flatMap((route) => {
      const entry = ROUTE_EXPECTATIONS[routeKey(route.method, route.url)];
      if (!entry) return [];
      return CALLERS.map((caller) => async () => {
        const answer = await server.call(caller, {
          method: route.method,
          path: entry.probe?.path ?? samplePath(route.url),
          ...(entry.probe?.body !== undefined ? { body: entry.probe.body } : {}),
        });
        const refused = answer.status === 401 || answer.status === 403;
        const outcome =
          (answer.body as { resourceType?: unknown } | undefined)?.resourceType ===
          'OperationOutcome';
        return {
          line: `${routeKey(route.method, route.url)} as ${caller}`,
          expected: expectedStatus(entry, caller),
          actual: answer.status,
          refusalWithoutOutcome: refused && !outcome,
        };
      });
    });
    const results = await inPool(jobs, 6);
    expect(results.length).toBe(server.routes.length * CALLERS.length);
    const wrong = results
      .filter((r) => r.actual !== r.expected)
      .map((r) => `${r.line}: expected ${r.expected}, got ${r.actual}`);
    expect(wrong).toEqual([]);
    expect(results.filter((r) => r.refusalWithoutOutcome).map((r) => r.line)).toEqual([]);
    // Anonymous callers reach nothing but the public routes.
    for (const route of server.routes) {
      if (route.access === 'authenticated') {
        expect(
          expectedStatus(ROUTE_EXPECTATIONS[routeKey(route.method, route.url)]!, 'anonymous'),
        ).toBe(401);
      }
    }
  }, 600_000); // ~1,500 requests: generous on a loaded machine
});
