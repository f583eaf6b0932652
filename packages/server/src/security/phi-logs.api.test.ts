import { testDatabaseKinds } from '@careweave/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServerLogger } from '../logging.js';
import { startLiveServer, type LiveServer } from '../testing/live-server.js';

/** The demo's patients (packages/synth demo-profiles), as they would appear in requests. */
const DEMO_PHI = [
  'Rosa',
  'Delgado',
  'rosa.delgado',
  'Walter',
  'Kowalski',
  'Aisha',
  'Thompson',
  '999-12-3456',
  '1952-03-14',
];

/**
 * Finding (medium): the request URL — names, birth dates, identifiers in search criteria — was
 * logged at the default level. An API run that puts the demo's people in every place a request
 * can carry them (query strings, bodies, a login, errors) leaves none of them in the server log,
 * while the log still says which route was called.
 */
describe.each(testDatabaseKinds())('no health data in the server log on %s', (kind) => {
  let server: LiveServer;
  const lines: string[] = [];
  beforeAll(async () => {
    server = await startLiveServer(kind, {
      logger: createServerLogger('debug', { write: (line: string) => void lines.push(line) }),
    });
  });
  afterAll(async () => {
    await server?.close();
  });

  const send = async (method: string, path: string, body?: unknown): Promise<number> => {
    const response = await fetch(`${server.origin}${path}`, {
      method,
      headers: {
        ...(path.startsWith('/auth') ? {} : server.authorization),
        ...(body === undefined ? {} : { 'Content-Type': 'application/fhir+json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    await response.text();
    return response.status;
  };

  it('logs route patterns and ids, never query strings, names or identifiers', async () => {
    const rosa = {
      resourceType: 'Patient',
      name: [{ given: ['Rosa'], family: 'Delgado' }],
      birthDate: '1952-03-14',
      identifier: [{ system: 'urn:ssn', value: '999-12-3456' }],
    };
    expect(await send('POST', '/fhir/R4/Patient', rosa)).toBe(201);
    expect(
      await send('GET', '/fhir/R4/Patient?name=Delgado&identifier=urn:ssn%7C999-12-3456'),
    ).toBe(200);
    expect(
      await send('GET', '/fhir/R4/Patient?given=Walter&family=Kowalski&birthdate=1952-03-14'),
    ).toBe(200);
    // Refusals repeat nothing either: an invalid resource, a bad search, an unknown route.
    expect(await send('POST', '/fhir/R4/Patient', { ...rosa, gender: 'Aisha Thompson' })).toBe(400);
    expect(await send('GET', '/fhir/R4/Patient?name:nonsense=Thompson')).toBe(400);
    expect(await send('GET', '/fhir/R4/Patient/not-there?name=Rosa')).toBe(404);
    expect(await send('GET', '/no/such/route?family=Delgado')).toBe(404);
    expect(
      await send('POST', '/auth/login', {
        email: 'rosa.delgado@careweave.demo',
        password: 'Delgado-1952',
      }),
    ).toBe(401);

    const log = lines.join('');
    expect(log).toContain('"route":"/fhir/R4/:type"'); // the log still says what was called
    for (const value of DEMO_PHI) {
      expect(log, `the log mentions ${value}`).not.toContain(value);
    }
    expect(log.toLowerCase()).not.toContain('delgado');
  });
});
