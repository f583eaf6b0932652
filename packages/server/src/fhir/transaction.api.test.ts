import type { Bundle, BundleEntry, Encounter, Observation, Patient } from '@medplum/fhirtypes';
import { testDatabaseKinds } from '@careweave/store/testing';
import { Client } from 'fhir-kit-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejection, startLiveServer, type LiveServer } from '../testing/live-server.js';

const PATIENT = 'urn:uuid:6f1c2a8e-0d5b-4c51-9a43-4b8f1f0e7a01';
const ENCOUNTER = 'urn:uuid:6f1c2a8e-0d5b-4c51-9a43-4b8f1f0e7a02';

function observation(i: number, status: Observation['status'] = 'final'): BundleEntry {
  return {
    fullUrl: `urn:uuid:00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    resource: {
      resourceType: 'Observation',
      status,
      code: { text: `Home blood pressure reading ${i}` },
      subject: { reference: PATIENT },
    },
    request: { method: 'POST', url: 'Observation' },
  };
}

/** Forty entries: a patient and thirty-nine readings about them. */
function fortyEntries(): BundleEntry[] {
  return [
    {
      fullUrl: PATIENT,
      resource: { resourceType: 'Patient', name: [{ family: 'Okafor' }] },
      request: { method: 'POST', url: 'Patient' },
    },
    ...Array.from({ length: 39 }, (_, i) => observation(i + 1)),
  ];
}

describe.each(testDatabaseKinds())('transaction and batch Bundles on %s', (kind) => {
  let server: LiveServer;
  let client: Client;

  const total = async (type: string): Promise<number> =>
    (
      (await client.search({
        resourceType: type,
        searchParams: { _count: 0, _total: 'accurate' },
      })) as unknown as Bundle
    ).total ?? -1;
  const counts = async (): Promise<number[]> => [
    await total('Patient'),
    await total('Observation'),
    await total('Encounter'),
  ];
  const systemHistorySize = async (): Promise<number> =>
    ((await client.request('_history?_count=1')) as unknown as Bundle).total ?? -1;

  beforeAll(async () => {
    server = await startLiveServer(kind);
    client = new Client({ baseUrl: server.baseUrl, bearerToken: server.token });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('rewrites urn:uuid references between entries to the ids the server assigns', async () => {
    const response = (await client.transaction({
      body: {
        resourceType: 'Bundle',
        type: 'transaction',
        entry: [
          // The observation comes first and points at entries further down: order must not matter.
          {
            fullUrl: 'urn:uuid:6f1c2a8e-0d5b-4c51-9a43-4b8f1f0e7a03',
            resource: {
              resourceType: 'Observation',
              status: 'final',
              code: { text: 'Weight' },
              subject: { reference: PATIENT },
              encounter: { reference: ENCOUNTER },
              valueQuantity: { value: 71.5, unit: 'kg' },
            },
            request: { method: 'POST', url: 'Observation' },
          },
          {
            fullUrl: ENCOUNTER,
            resource: {
              resourceType: 'Encounter',
              status: 'finished',
              class: { code: 'AMB' },
              subject: { reference: PATIENT },
            },
            request: { method: 'POST', url: 'Encounter' },
          },
          {
            fullUrl: PATIENT,
            resource: { resourceType: 'Patient', name: [{ family: 'Nakamura' }] },
            request: { method: 'POST', url: 'Patient' },
          },
        ],
      } satisfies Bundle,
    })) as unknown as Bundle;
    expect(response.type).toBe('transaction-response');
    expect(response.entry?.map((e) => e.response?.status)).toEqual([
      '201 Created',
      '201 Created',
      '201 Created',
    ]);
    const [obsId, encId, patId] = (response.entry ?? []).map(
      (e) => e.response?.location?.split('/')[1],
    );
    expect(response.entry?.map((e) => e.response?.location?.split('/')[0])).toEqual([
      'Observation',
      'Encounter',
      'Patient',
    ]);

    const obs = (await client.read({
      resourceType: 'Observation',
      id: obsId as string,
    })) as unknown as Observation;
    expect(obs.subject?.reference).toBe(`Patient/${patId}`);
    expect(obs.encounter?.reference).toBe(`Encounter/${encId}`);
    const enc = (await client.read({
      resourceType: 'Encounter',
      id: encId as string,
    })) as unknown as Encounter;
    expect(enc.subject?.reference).toBe(`Patient/${patId}`);
    const byPatient = (await client.search({
      resourceType: 'Observation',
      searchParams: { subject: `Patient/${patId}` },
    })) as unknown as Bundle;
    expect(byPatient.entry?.map((e) => e.resource?.id)).toEqual([obsId]);
  });

  it('leaves the database exactly as before when entry 37 of 40 is invalid', async () => {
    const before = await counts();
    const historyBefore = await systemHistorySize();
    const entry = fortyEntries();
    entry[36] = observation(37, 'robot' as Observation['status']);

    const failed = await rejection(
      client.transaction({
        body: { resourceType: 'Bundle', type: 'transaction', entry } satisfies Bundle,
      }),
    );
    expect(failed.status).toBe(400);
    expect(failed.body.resourceType).toBe('OperationOutcome');
    expect(failed.body.issue.flatMap((i) => i.expression ?? [])).toContain('Observation.status');

    expect(await counts()).toEqual(before);
    expect(await systemHistorySize()).toBe(historyBefore);
  });

  it('rolls back rows already written when entry 37 of 40 fails at write time (stale If-Match)', async () => {
    const existing = (await client.create({
      resourceType: 'Patient',
      body: { resourceType: 'Patient', gender: 'female' },
    })) as Patient;
    await client.update({
      resourceType: 'Patient',
      id: existing.id,
      body: { ...existing, gender: 'other' },
    });
    const before = await counts();
    const historyBefore = await systemHistorySize();

    // The spec runs POSTs before PUTs, so 39 creates are written before the stale update fails.
    const entry = fortyEntries();
    entry[36] = {
      resource: { ...existing, gender: 'unknown' },
      request: { method: 'PUT', url: `Patient/${existing.id}`, ifMatch: 'W/"1"' },
    };
    const failed = await rejection(
      client.transaction({
        body: { resourceType: 'Bundle', type: 'transaction', entry } satisfies Bundle,
      }),
    );
    expect(failed.status).toBe(412);
    expect(failed.body.resourceType).toBe('OperationOutcome');

    expect(await counts()).toEqual(before);
    expect(await systemHistorySize()).toBe(historyBefore);
    const still = (await client.read({
      resourceType: 'Patient',
      id: existing.id as string,
    })) as Patient;
    expect([still.gender, still.meta?.versionId]).toEqual(['other', '2']);

    // The same forty entries without the bad one commit together.
    entry.splice(36, 1);
    const ok = (await client.transaction({
      body: { resourceType: 'Bundle', type: 'transaction', entry } satisfies Bundle,
    })) as unknown as Bundle;
    expect(ok.entry).toHaveLength(39);
    expect(await counts()).toEqual([before[0]! + 1, before[1]! + 38, before[2]]);
  });

  it('processes entries in the order the spec prescribes and answers in request order', async () => {
    const keep = (await client.create({
      resourceType: 'Patient',
      body: { resourceType: 'Patient', gender: 'male' },
    })) as Patient;
    const drop = (await client.create({
      resourceType: 'Patient',
      body: { resourceType: 'Patient', gender: 'female' },
    })) as Patient;
    const response = (await client.transaction({
      body: {
        resourceType: 'Bundle',
        type: 'transaction',
        entry: [
          { request: { method: 'GET', url: `Patient/${keep.id}` } },
          {
            resource: { ...keep, birthDate: '1961-07-04' },
            request: { method: 'PUT', url: `Patient/${keep.id}` },
          },
          { request: { method: 'DELETE', url: `Patient/${drop.id}` } },
          {
            resource: { resourceType: 'Patient', gender: 'unknown' },
            request: { method: 'POST', url: 'Patient' },
          },
        ],
      } satisfies Bundle,
    })) as unknown as Bundle;
    expect(response.entry?.map((e) => e.response?.status)).toEqual([
      '200 OK',
      '200 OK',
      '204 No Content',
      '201 Created',
    ]);
    // GET runs last, so it already sees the update made by the PUT listed after it.
    expect((response.entry?.[0]?.resource as Patient).birthDate).toBe('1961-07-04');
    expect(
      (await rejection(client.read({ resourceType: 'Patient', id: drop.id as string }))).status,
    ).toBe(410);
  });

  it('processes batch entries independently and reports each outcome', async () => {
    const before = await total('Patient');
    const response = (await client.batch({
      body: {
        resourceType: 'Bundle',
        type: 'batch',
        entry: [
          {
            resource: { resourceType: 'Patient', name: [{ family: 'Haddad' }] },
            request: { method: 'POST', url: 'Patient' },
          },
          {
            resource: { resourceType: 'Patient', gender: 'robot' } as unknown as Patient,
            request: { method: 'POST', url: 'Patient' },
          },
          { request: { method: 'GET', url: 'Patient/does-not-exist' } },
          {
            resource: { resourceType: 'Patient', name: [{ family: 'Lindqvist' }] },
            request: { method: 'POST', url: 'Patient' },
          },
        ],
      } satisfies Bundle,
    })) as unknown as Bundle;
    expect(response.type).toBe('batch-response');
    expect(response.entry?.map((e) => e.response?.status.split(' ')[0])).toEqual([
      '201',
      '400',
      '404',
      '201',
    ]);
    expect(
      response.entry?.[1]?.response?.outcome?.issue?.flatMap((i) => i.expression ?? []),
    ).toContain('Patient.gender');
    expect(await total('Patient')).toBe(before + 2);
  });
});
