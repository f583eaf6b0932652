import { readFileSync } from 'node:fs';
import type { Bundle, Condition, Patient, Resource } from '@medplum/fhirtypes';
import { testDatabaseKinds } from '@careweave/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLiveServer, type LiveServer } from '../testing/live-server.js';

const DISCHARGE = readFileSync(
  new URL('../../../care/src/ccda/fixtures/discharge-summary.xml', import.meta.url),
  'utf8',
);

describe.each(testDatabaseKinds())('C-CDA import over HTTP on %s', (kind) => {
  let server: LiveServer;
  let patientId: string;

  const post = (id: string, body: string, token = server.token): Promise<Response> =>
    fetch(`${server.baseUrl}/Patient/${id}/$import-ccda`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/xml' },
      body,
    });
  const search = async <T extends Resource = Resource>(query: string): Promise<T[]> => {
    const res = await fetch(`${server.baseUrl}/${query}`, { headers: server.authorization });
    return ((await res.json()) as Bundle<T>).entry?.map((e) => e.resource as T) ?? [];
  };

  beforeAll(async () => {
    server = await startLiveServer(kind);
    const res = await fetch(`${server.baseUrl}/Patient`, {
      method: 'POST',
      headers: { ...server.authorization, 'Content-Type': 'application/fhir+json' },
      body: JSON.stringify({ resourceType: 'Patient', name: [{ family: 'Quintero' }] }),
    });
    patientId = ((await res.json()) as Patient).id!;
  });
  afterAll(async () => {
    await server?.close();
  });

  it("files a discharge summary's problems, allergy, medication and weight for the patient", async () => {
    const res = await post(patientId, DISCHARGE);
    expect(res.status).toBe(200);
    const response = (await res.json()) as Bundle;
    expect(response.type).toBe('transaction-response');
    expect(response.entry?.every((e) => e.response?.status?.startsWith('201'))).toBe(true);

    const conditions = await search<Condition>(`Condition?patient=${patientId}`);
    expect(conditions.map((c) => c.code?.coding?.[0]?.code).sort()).toEqual([
      '44054006',
      '84114007',
    ]);
    expect(await search(`AllergyIntolerance?patient=${patientId}`)).toHaveLength(1);
    expect(await search(`MedicationRequest?patient=${patientId}`)).toHaveLength(1);
    expect(
      await search(`Observation?patient=${patientId}&code=http://loinc.org|29463-7`),
    ).toHaveLength(1);
    expect(
      await search(`Composition?patient=${patientId}&type=http://loinc.org|18842-5`),
    ).toHaveLength(1);
    // No second Patient was created from the document's recordTarget.
    expect(await search('Patient?family=Quintero')).toHaveLength(1);
  });

  it('a second document from the same hospital reuses its author and custodian', async () => {
    expect((await post(patientId, DISCHARGE)).status).toBe(200);
    expect(await search('Organization?name=Seacoast')).toHaveLength(1);
    expect(await search('Practitioner?family=Okoro')).toHaveLength(1);
  });

  it('answers 404 for an unknown patient, 400 for a body that is not C-CDA, 403 without create', async () => {
    expect((await post('no-such-patient', DISCHARGE)).status).toBe(404);
    expect((await post(patientId, '<html/>')).status).toBe(400);
    const readOnly = await server.mintToken({
      kind: 'system',
      sub: 'reader',
      scopes: ['system/*.rs'],
    });
    expect((await post(patientId, DISCHARGE, readOnly)).status).toBe(403);
  });
});
