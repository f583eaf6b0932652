import type { Bundle, Observation, Provenance } from '@medplum/fhirtypes';
import { testDatabaseKinds } from '@careweave/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStoryServer, type StoryServer } from '../access/testing.js';

const observation = (value: number): Observation => ({
  resourceType: 'Observation',
  status: 'final',
  code: {
    coding: [{ system: 'http://loinc.org', code: '8480-6', display: 'Systolic blood pressure' }],
  },
  subject: { reference: 'Patient/ana' },
  valueQuantity: { value, unit: 'mm[Hg]', system: 'http://unitsofmeasure.org', code: 'mm[Hg]' },
});

const why = (text: string, target?: string): Record<string, string> => ({
  'X-Provenance': JSON.stringify({
    resourceType: 'Provenance',
    ...(target ? { target: [{ reference: target }] } : {}),
    reason: [{ text }],
  }),
});

/**
 * Plain FHIR writes can say why ("every change is versioned and attributed — who, which
 * organisation, when, why"): the standard X-Provenance header stores a Provenance naming the exact
 * version written, in the same transaction, attributed to the caller.
 */
describe.each(testDatabaseKinds())('X-Provenance on %s', (kind) => {
  let server: StoryServer;
  beforeAll(async () => {
    server = await startStoryServer(kind);
  });
  afterAll(async () => {
    await server?.close();
  });

  const provenancesOf = async (ref: string): Promise<Provenance[]> => {
    const found = await server.call(
      'system',
      'GET',
      `/fhir/R4/Provenance?patient=Patient/ana&_count=200`,
    );
    return ((found.body as unknown as Bundle<Provenance>).entry ?? [])
      .map((e) => e.resource as Provenance)
      .filter((p) => p.target.some((t) => t.reference?.startsWith(`${ref}/_history/`)));
  };

  it('stores the reason with create, update and patch, targeting each version written', async () => {
    const created = await server.call(
      'gpOnTeam',
      'POST',
      '/fhir/R4/Observation',
      observation(150),
      why('Re-measured after rest'),
    );
    expect(created.status).toBe(201);
    const id = String(created.body['id']);
    const updated = await server.call(
      'gpOnTeam',
      'PUT',
      `/fhir/R4/Observation/${id}`,
      { ...observation(142), id },
      why('Transcription error corrected', `Observation/${id}`),
    );
    expect(updated.status).toBe(200);

    const provenances = await provenancesOf(`Observation/${id}`);
    expect(provenances.map((p) => [p.reason?.[0]?.text, p.target.map((t) => t.reference)])).toEqual(
      expect.arrayContaining([
        ['Re-measured after rest', [`Observation/${id}/_history/1`, 'Patient/ana']],
        ['Transcription error corrected', [`Observation/${id}/_history/2`, 'Patient/ana']],
      ]),
    );
    const first = provenances.find((p) => p.reason?.[0]?.text === 'Re-measured after rest');
    expect(first?.agent[0]?.who?.reference).toBe('Practitioner/gp-team');
    expect(first?.recorded).toBeTruthy();
  });

  it('refuses a header that is not a Provenance, or targets another resource, and writes nothing', async () => {
    const before = await server.call(
      'system',
      'GET',
      '/fhir/R4/Observation?patient=Patient/ana&_summary=count',
    );
    const garbage = await server.call(
      'gpOnTeam',
      'POST',
      '/fhir/R4/Observation',
      observation(120),
      { 'X-Provenance': '{not json' },
    );
    expect(garbage.status).toBe(400);
    expect(garbage.body['resourceType']).toBe('OperationOutcome');
    const wrongType = await server.call(
      'gpOnTeam',
      'POST',
      '/fhir/R4/Observation',
      observation(120),
      { 'X-Provenance': JSON.stringify({ resourceType: 'Patient' }) },
    );
    expect(wrongType.status).toBe(400);
    const elsewhere = await server.call(
      'gpOnTeam',
      'POST',
      '/fhir/R4/Observation',
      observation(120),
      why('x', 'Observation/some-other'),
    );
    expect(elsewhere.status).toBe(400);
    const after = await server.call(
      'system',
      'GET',
      '/fhir/R4/Observation?patient=Patient/ana&_summary=count',
    );
    expect(after.body['total']).toBe(before.body['total']);
  });
});
