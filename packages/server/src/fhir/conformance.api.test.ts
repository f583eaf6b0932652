import { MedplumClient } from '@medplum/core';
import type { Bundle, Observation, Patient } from '@medplum/fhirtypes';
import { testDatabaseKinds } from '@careweave/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLiveServer, type LiveServer } from '../testing/live-server.js';

/**
 * What an integrator finds at the edges of the REST API: conditional delete, format
 * negotiation, `_summary`/`_elements` on reads, conditional reads (304), comma-separated
 * includes (as Medplum's client sends them) and `Preference-Applied`.
 */
describe.each(testDatabaseKinds())('FHIR REST conformance at the edges on %s', (kind) => {
  let server: LiveServer;
  let json: Record<string, string>;

  const call = (path: string, init: RequestInit = {}): Promise<Response> =>
    fetch(`${server.baseUrl}/${path}`, {
      ...init,
      headers: { ...json, ...(init.headers as Record<string, string> | undefined) },
    });
  const create = async <T extends { resourceType: string }>(
    resource: T,
  ): Promise<T & { id: string }> => {
    const response = await call(resource.resourceType, {
      method: 'POST',
      body: JSON.stringify(resource),
    });
    expect(response.status).toBe(201);
    return (await response.json()) as T & { id: string };
  };

  beforeAll(async () => {
    server = await startLiveServer(kind);
    json = { ...server.authorization, 'Content-Type': 'application/fhir+json' };
  });
  afterAll(async () => {
    await server?.close();
  });

  it('deletes conditionally: one match 204, several 412, none 404', async () => {
    const system = `https://conformance.example/${kind}/mrn`;
    const one = await create<Patient>({
      resourceType: 'Patient',
      identifier: [{ system, value: 'A-1' }],
    });
    await create<Patient>({ resourceType: 'Patient', identifier: [{ system, value: 'B-1' }] });
    await create<Patient>({ resourceType: 'Patient', identifier: [{ system, value: 'B-2' }] });

    const deleted = await call(`Patient?identifier=${encodeURIComponent(`${system}|A-1`)}`, {
      method: 'DELETE',
    });
    expect(deleted.status).toBe(204);
    expect((await call(`Patient/${one.id}`)).status).toBe(410);

    const several = await call(`Patient?identifier=${encodeURIComponent(system + '|')}`, {
      method: 'DELETE',
    });
    expect(several.status).toBe(412);
    expect(await several.json()).toMatchObject({ resourceType: 'OperationOutcome' });
    const stillTwo = (await (
      await call(`Patient?identifier=${encodeURIComponent(system + '|')}`)
    ).json()) as Bundle;
    expect(stillTwo.entry?.length).toBe(2);

    const none = await call(`Patient?identifier=${encodeURIComponent(`${system}|nobody`)}`, {
      method: 'DELETE',
    });
    expect(none.status).toBe(404);
    expect((await call('Patient', { method: 'DELETE' })).status).toBe(400);
  });

  it('answers 406 to XML (JSON only) and JSON to JSON or anything', async () => {
    const patient = await create<Patient>({ resourceType: 'Patient', gender: 'female' });
    for (const [query, accept] of [
      ['?_format=xml', undefined],
      ['?_format=application/fhir%2Bxml', undefined],
      ['', 'application/fhir+xml'],
      ['', 'application/xml, text/xml'],
    ] as const) {
      const response = await call(`Patient/${patient.id}${query}`, {
        headers: accept ? { Accept: accept } : {},
      });
      expect(response.status, `${query} ${accept ?? ''}`).toBe(406);
      expect(await response.json()).toMatchObject({ resourceType: 'OperationOutcome' });
    }
    expect((await call(`metadata?_format=xml`)).status).toBe(406);
    for (const [query, accept] of [
      ['?_format=json', undefined],
      ['?_format=application/fhir%2Bjson', undefined],
      ['', 'application/fhir+json'],
      ['', 'application/fhir+xml;q=0.9, application/fhir+json'],
      ['', 'text/html,application/xhtml+xml,*/*;q=0.8'],
      ['?_format=json', 'application/fhir+xml'], // _format overrides Accept
    ] as const) {
      const response = await call(`Patient/${patient.id}${query}`, {
        headers: accept ? { Accept: accept } : {},
      });
      expect(response.status, `${query} ${accept ?? ''}`).toBe(200);
    }
  });

  it('applies _summary and _elements on reads, keeping mandatory elements and tagging SUBSETTED', async () => {
    const obs = await create<Observation>({
      resourceType: 'Observation',
      status: 'final',
      code: { coding: [{ system: 'http://loinc.org', code: '44261-6' }] },
      valueQuantity: { value: 12 },
      note: [{ text: 'felt low this week' }],
      text: {
        status: 'generated',
        div: '<div xmlns="http://www.w3.org/1999/xhtml">PHQ-9 12</div>',
      },
    });
    const elements = (await (
      await call(`Observation/${obs.id}?_elements=value`)
    ).json()) as Observation;
    expect(Object.keys(elements).sort()).toEqual(
      ['code', 'id', 'meta', 'resourceType', 'status', 'valueQuantity'].sort(),
    );
    expect(elements.meta?.tag).toContainEqual(expect.objectContaining({ code: 'SUBSETTED' }));
    const summary = (await (
      await call(`Observation/${obs.id}?_summary=true`)
    ).json()) as Observation;
    expect(summary.note).toBeUndefined();
    expect(summary.status).toBe('final');
    const text = (await (
      await call(`Observation/${obs.id}/_history/1?_summary=text`)
    ).json()) as Observation;
    expect(text.text?.div).toContain('PHQ-9');
    expect(text.valueQuantity).toBeUndefined();
    expect((await call(`Observation/${obs.id}?_summary=nonsense`)).status).toBe(400);

    // Searches keep mandatory elements too.
    const bundle = (await (
      await call(`Observation?_id=${obs.id}&_elements=note`)
    ).json()) as Bundle<Observation>;
    expect(bundle.entry?.[0]?.resource).toMatchObject({ status: 'final', code: obs.code });
  });

  it('answers 304 to a conditional read of the current version', async () => {
    const patient = await create<Patient>({ resourceType: 'Patient', gender: 'male' });
    const first = await call(`Patient/${patient.id}`);
    const etag = first.headers.get('etag') ?? '';
    const lastModified = first.headers.get('last-modified') ?? '';
    expect(etag).toBe('W/"1"');
    const cached = await call(`Patient/${patient.id}`, { headers: { 'If-None-Match': etag } });
    expect(cached.status).toBe(304);
    expect(cached.headers.get('etag')).toBe(etag);
    expect(
      (await call(`Patient/${patient.id}`, { headers: { 'If-Modified-Since': lastModified } }))
        .status,
    ).toBe(304);

    const update = await call(`Patient/${patient.id}`, {
      method: 'PUT',
      body: JSON.stringify({ ...patient, gender: 'other' }),
    });
    expect(update.status).toBe(200);
    const changed = await call(`Patient/${patient.id}`, { headers: { 'If-None-Match': etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).toBe('W/"2"');
    const past = new Date(Date.parse(lastModified) - 60_000).toUTCString();
    expect(
      (await call(`Patient/${patient.id}`, { headers: { 'If-Modified-Since': past } })).status,
    ).toBe(200);
  });

  it('takes comma-separated _include and _revinclude, as Medplum’s client sends them', async () => {
    const patient = await create<Patient>({ resourceType: 'Patient', gender: 'female' });
    const practitioner = await create({ resourceType: 'Practitioner' as const });
    const obs = await create<Observation>({
      resourceType: 'Observation',
      status: 'final',
      code: { text: 'weight' },
      subject: { reference: `Patient/${patient.id}` },
      performer: [{ reference: `Practitioner/${practitioner.id}` }],
    });
    const medplum = new MedplumClient({
      baseUrl: server.origin,
      fhirUrlPath: 'fhir/R4',
      fetch: (url: string, init?: RequestInit) => fetch(url, init),
    });
    medplum.setAccessToken(server.token);
    const bundle = await medplum.search('Observation', {
      _id: obs.id,
      _include: 'Observation:subject,Observation:performer',
    });
    expect(
      bundle.entry?.map((e) => `${e.search?.mode} ${e.resource?.resourceType}`).sort(),
    ).toEqual(['include Patient', 'include Practitioner', 'match Observation']);
    const rev = (await (
      await call(`Patient?_id=${patient.id}&_revinclude=Observation:subject,Observation:patient`)
    ).json()) as Bundle;
    expect(rev.entry?.map((e) => e.resource?.resourceType)).toEqual(['Patient', 'Observation']);
  });

  it('says which Prefer it applied', async () => {
    const minimal = await call('Patient', {
      method: 'POST',
      headers: { Prefer: 'return=minimal' },
      body: JSON.stringify({ resourceType: 'Patient' }),
    });
    expect(minimal.status).toBe(201);
    expect(minimal.headers.get('preference-applied')).toBe('return=minimal');
    expect(await minimal.text()).toBe('');
    const outcome = await call('Patient', {
      method: 'POST',
      headers: { Prefer: 'return=OperationOutcome' },
      body: JSON.stringify({ resourceType: 'Patient' }),
    });
    expect(outcome.headers.get('preference-applied')).toBe('return=OperationOutcome');
    expect(await outcome.json()).toMatchObject({ resourceType: 'OperationOutcome' });
    const plain = await call('Patient', {
      method: 'POST',
      body: JSON.stringify({ resourceType: 'Patient' }),
    });
    expect(plain.headers.get('preference-applied')).toBeNull();
    const lenient = await call('Patient?no-such-param=1', {
      headers: { Prefer: 'handling=lenient' },
    });
    expect(lenient.status).toBe(200);
    expect(lenient.headers.get('preference-applied')).toBe('handling=lenient');
  });
});
