import type { HealthcareService, Location } from '@medplum/fhirtypes';
import { OperationOutcomeError, getStatus } from '@medplum/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_CONTEXT } from '../context.js';
import { Repository, queryPairs } from '../repository/repository.js';
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from '../testing/databases.js';
import { parseNear } from './compile-near.js';

/**
 * Three places around Lexington, Kentucky (coordinates from the US Census Gazetteer), and one
 * Location without a position. Great-circle distances from the downtown point (38.0406, -84.5037):
 * Georgetown ≈ 17.6 km, Frankfort ≈ 35.5 km, Louisville ≈ 106 km.
 */
const DOWNTOWN = '38.0406|-84.5037';
const place = (id: string, latitude?: number, longitude?: number): Location => ({
  resourceType: 'Location',
  id,
  status: 'active',
  name: id,
  ...(latitude !== undefined && longitude !== undefined
    ? { position: { latitude, longitude } }
    : {}),
});
const service = (id: string, ...locations: string[]): HealthcareService => ({
  resourceType: 'HealthcareService',
  id,
  active: true,
  name: id,
  location: locations.map((l) => ({ reference: `Location/${l}` })),
  communication: [{ coding: [{ system: 'urn:ietf:bcp:47', code: id === 'hs-fr' ? 'es' : 'en' }] }],
});

describe('parseNear (R4 Location near: latitude|longitude|distance|unit)', () => {
  it('reads the distance in km, m or miles, with km and 50 km as defaults', () => {
    expect(parseNear('38|-84|10|km')).toEqual({ latitude: 38, longitude: -84, km: 10 });
    expect(parseNear('38|-84|10')).toEqual({ latitude: 38, longitude: -84, km: 10 });
    expect(parseNear('38|-84|500|m').km).toBeCloseTo(0.5);
    expect(parseNear('38|-84|10|mi').km).toBeCloseTo(16.09344);
    expect(parseNear('38|-84').km).toBe(50);
  });
  it.each(['38', '38|x|1', '91|0|1', '0|181|1', '38|-84|-1', '38|-84|1|furlong', '1|2|3|km|5'])(
    'refuses %s',
    (raw) => {
      expect(() => parseNear(raw)).toThrow(/near must be/);
    },
  );
});

describe.each(testDatabaseKinds())('near on Location and HealthcareService on %s', (kind) => {
  let t: TestDatabase;
  let repo: Repository;
  const ids = async (type: string, query: string): Promise<string[]> =>
    (await repo.search(SYSTEM_CONTEXT, type, queryPairs(query))).resources
      .map((r) => r.id as string)
      .sort();

  beforeAll(async () => {
    t = await openTestDatabase(kind);
    repo = new Repository(t.db);
    await repo.inTransaction(SYSTEM_CONTEXT, (w) =>
      w.upsertMany(
        [
          place('georgetown', 38.2098, -84.5588),
          place('frankfort', 38.2009, -84.8733),
          place('louisville', 38.2527, -85.7585),
          place('nowhere'),
          service('hs-georgetown', 'georgetown'),
          service('hs-fr', 'frankfort', 'louisville'),
          service('hs-louisville', 'louisville'),
          service('hs-unplaced', 'nowhere'),
        ],
        { skipUnchanged: false },
      ),
    );
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it('finds the Locations within the distance, by the haversine distance', async () => {
    expect(await ids('Location', `near=${DOWNTOWN}|20|km`)).toEqual(['georgetown']);
    expect(await ids('Location', `near=${DOWNTOWN}|40|km`)).toEqual(['frankfort', 'georgetown']);
    expect(await ids('Location', `near=${DOWNTOWN}|25|mi`)).toEqual(['frankfort', 'georgetown']);
    expect(await ids('Location', `near=${DOWNTOWN}|200|km`)).toEqual([
      'frankfort',
      'georgetown',
      'louisville',
    ]);
    expect(await ids('Location', `near=${DOWNTOWN}|17|km`)).toEqual([]);
  });

  it('finds the HealthcareServices with a Location within the distance, with other criteria', async () => {
    expect(await ids('HealthcareService', `near=${DOWNTOWN}|20`)).toEqual(['hs-georgetown']);
    expect(await ids('HealthcareService', `near=${DOWNTOWN}|40`)).toEqual([
      'hs-fr',
      'hs-georgetown',
    ]);
    expect(await ids('HealthcareService', `near=${DOWNTOWN}|40&language=es`)).toEqual(['hs-fr']);
    expect(await ids('HealthcareService', `near=38.2527|-85.7585|1`)).toEqual([
      'hs-fr',
      'hs-louisville',
    ]);
  });

  it('answers 400 to a malformed point', async () => {
    const status = await repo
      .search(SYSTEM_CONTEXT, 'HealthcareService', queryPairs('near=north'))
      .then(
        () => 200,
        (err: unknown) => (err instanceof OperationOutcomeError ? getStatus(err.outcome) : 500),
      );
    expect(status).toBe(400);
  });
});
