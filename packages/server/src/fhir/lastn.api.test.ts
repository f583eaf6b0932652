import type { Bundle, Observation, Patient } from '@medplum/fhirtypes';
import { testDatabaseKinds } from '@careweave/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLiveServer, type LiveServer } from '../testing/live-server.js';

const LOINC = 'http://loinc.org';
const VITALS = 'http://terminology.hl7.org/CodeSystem/observation-category';

function observation(
  patient: string,
  code: string,
  date: string,
  value: number,
  category = 'vital-signs',
): Observation {
  return {
    resourceType: 'Observation',
    status: 'final',
    category: [{ coding: [{ system: VITALS, code: category }] }],
    code: { coding: [{ system: LOINC, code }] },
    subject: { reference: `Patient/${patient}` },
    effectiveDateTime: date,
    valueQuantity: { value },
  };
}

describe.each(testDatabaseKinds())('Observation/$lastn on %s', (kind) => {
  let server: LiveServer;
  let ana: string;
  let ben: string;

  const get = async (path: string, token = server.token): Promise<Response> =>
    fetch(`${server.baseUrl}/${path}`, { headers: { Authorization: `Bearer ${token}` } });
  const values = async (path: string): Promise<(number | undefined)[]> => {
    const res = await get(path);
    expect(res.status).toBe(200);
    const bundle = (await res.json()) as Bundle<Observation>;
    expect(bundle.type).toBe('searchset');
    return (bundle.entry ?? []).map((e) => e.resource?.valueQuantity?.value);
  };

  beforeAll(async () => {
    server = await startLiveServer(kind);
    const post = async (resource: Patient | Observation): Promise<string> => {
      const res = await fetch(`${server.baseUrl}/${resource.resourceType}`, {
        method: 'POST',
        headers: { ...server.authorization, 'Content-Type': 'application/fhir+json' },
        body: JSON.stringify(resource),
      });
      expect(res.status).toBe(201);
      return ((await res.json()) as { id: string }).id;
    };
    ana = await post({ resourceType: 'Patient', name: [{ family: 'Ana' }] });
    ben = await post({ resourceType: 'Patient', name: [{ family: 'Ben' }] });
    // Ana: three weights and two heart rates; Ben: one weight; Ana also has a lab result.
    for (const o of [
      observation(ana, '29463-7', '2026-01-10', 81),
      observation(ana, '29463-7', '2026-03-10', 79),
      observation(ana, '29463-7', '2026-02-10', 80),
      observation(ana, '8867-4', '2026-03-01', 72),
      observation(ana, '8867-4', '2026-01-01', 90),
      observation(ben, '29463-7', '2026-02-20', 66),
      observation(ana, '4548-4', '2026-03-05', 7.1, 'laboratory'),
    ]) {
      await post(o);
    }
  });
  afterAll(async () => {
    await server?.close();
  });

  it('gives the latest observation per code for a patient (max defaults to 1)', async () => {
    expect(await values(`Observation/$lastn?patient=${ana}&category=vital-signs`)).toEqual([
      79, 72,
    ]);
  });

  it('gives the latest max per code, newest first, and per patient across patients', async () => {
    expect(
      await values(`Observation/$lastn?subject=Patient/${ana}&code=${LOINC}|29463-7&max=2`),
    ).toEqual([79, 80]);
    expect((await values(`Observation/$lastn?code=29463-7`)).sort()).toEqual([66, 79]);
  });

  it('answers in the Patient compartment style, with date and category filters', async () => {
    expect(await values(`Patient/${ana}/Observation/$lastn?max=3&date=lt2026-03-01`)).toEqual([
      80, 81, 90,
    ]);
    expect(await values(`Patient/${ana}/Observation/$lastn?category=laboratory`)).toEqual([7.1]);
  });

  it('refuses a bad max, a parameter $lastn does not take, and other types', async () => {
    expect((await get(`Observation/$lastn?patient=${ana}&max=0`)).status).toBe(400);
    expect((await get(`Observation/$lastn?patient=${ana}&_sort=date`)).status).toBe(400);
    expect((await get(`Condition/$lastn?patient=${ana}`)).status).toBe(404);
  });

  it('applies the access scope: a token without search on Observation is refused', async () => {
    const token = await server.mintToken({
      kind: 'system',
      sub: 'patients-only',
      scopes: ['system/Patient.rs'],
    });
    expect((await get(`Observation/$lastn?patient=${ana}`, token)).status).toBe(403);
    expect((await get(`Patient/${ana}/Observation/$lastn`, token)).status).toBe(403);
  });

  it('is advertised on Observation in the CapabilityStatement', async () => {
    const cs = (await (await get('metadata')).json()) as {
      rest: { resource: { type: string; operation?: { name: string }[] }[] }[];
    };
    const observationOps = cs.rest[0]?.resource.find((r) => r.type === 'Observation')?.operation;
    expect(observationOps?.map((o) => o.name)).toEqual(['lastn']);
  });
});
