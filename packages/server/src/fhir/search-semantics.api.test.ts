import type { Bundle, BundleEntry, Observation, Resource } from '@medplum/fhirtypes';
import { testDatabaseKinds } from '@careweave/store/testing';
import { Client, type FhirResource } from 'fhir-kit-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejection, startLiveServer, type LiveServer } from '../testing/live-server.js';

type PageBundle = Parameters<Client['nextPage']>[0]['bundle'];
const LOINC = 'http://loinc.org';
const matches = (bundle: Bundle): string[] =>
  (bundle.entry ?? [])
    .filter((e) => e.search?.mode === 'match')
    .map((e) => `${e.resource?.resourceType}/${e.resource?.id}`);
const includes = (bundle: Bundle): string[] =>
  (bundle.entry ?? [])
    .filter((e) => e.search?.mode === 'include')
    .map((e) => `${e.resource?.resourceType}/${e.resource?.id}`)
    .sort();

// A district nurse's caseload of one patient with 1,000 home blood-pressure readings, driven
// through the HTTP API by an independent FHIR client (fhir-kit-client).
describe.each(testDatabaseKinds())('FHIR search through the API on %s', (kind) => {
  let server: LiveServer;
  let client: Client;
  const readings: string[] = [];

  beforeAll(async () => {
    server = await startLiveServer(kind);
    client = new Client({ baseUrl: server.baseUrl, bearerToken: server.token });
    const entry = (resource: Resource, fullUrl: string): BundleEntry => ({
      fullUrl,
      resource,
      request: { method: 'POST', url: resource.resourceType },
    });
    const transaction: Bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        entry(
          { resourceType: 'Practitioner', name: [{ family: 'Nightingale' }] },
          'urn:uuid:00000000-0000-4000-8000-000000000001',
        ),
        entry(
          {
            resourceType: 'Patient',
            name: [{ family: 'Okafor', given: ['Grace'] }],
            generalPractitioner: [{ reference: 'urn:uuid:00000000-0000-4000-8000-000000000001' }],
          },
          'urn:uuid:00000000-0000-4000-8000-000000000002',
        ),
        ...Array.from({ length: 1000 }, (_, i) => {
          const reading: Observation = {
            resourceType: 'Observation',
            status: 'final',
            code: { coding: [{ system: LOINC, code: '85354-9' }] },
            subject: { reference: 'urn:uuid:00000000-0000-4000-8000-000000000002' },
            effectiveDateTime: new Date(Date.UTC(2025, 0, 1) + i * 3_600_000).toISOString(),
            component: [
              {
                code: { coding: [{ system: LOINC, code: '8480-6' }] },
                valueQuantity: {
                  value: 100 + (i % 80),
                  system: 'http://unitsofmeasure.org',
                  code: 'mm[Hg]',
                },
              },
            ],
          };
          return entry(reading, `urn:uuid:10000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
        }),
      ],
    };
    const response = (await client.transaction({
      body: transaction as unknown as FhirResource,
    })) as unknown as Bundle;
    for (const e of response.entry?.slice(2) ?? []) {
      readings.push(`Observation/${e.response?.location?.split('/')[1]}`);
    }
  }, 300_000);
  afterAll(async () => {
    await server?.close();
  });

  const search = async (
    resourceType: string,
    searchParams: Record<string, string | number>,
  ): Promise<Bundle> => (await client.search({ resourceType, searchParams })) as unknown as Bundle;

  it('pages through 1,000 readings with next links, then back with previous links, seeing each exactly once', async () => {
    const forward: Bundle[] = [];
    let page: FhirResource | undefined = await client.search({
      resourceType: 'Observation',
      searchParams: { code: `${LOINC}|85354-9`, _count: 70, _sort: '-date' },
    });
    while (page) {
      forward.push(page as unknown as Bundle);
      expect(forward.length).toBeLessThan(20);
      page = await client.nextPage({ bundle: page as PageBundle });
    }
    const seen = forward.flatMap(matches);
    expect(seen).toHaveLength(1000);
    expect(new Set(seen).size).toBe(1000);
    expect([...seen].sort()).toEqual([...readings].sort());
    expect(forward[0]?.link?.some((l) => l.relation === 'previous')).toBe(false);

    const backward: Bundle[] = [];
    let back: FhirResource | undefined = forward.at(-1) as unknown as FhirResource;
    while (back) {
      backward.unshift(back as unknown as Bundle);
      back = await client.prevPage({ bundle: back as PageBundle });
    }
    expect(backward.flatMap(matches)).toEqual(seen);
  });

  it('POST _search with a form gives the same result as GET', async () => {
    const params = {
      'component-code-value-quantity': `${LOINC}|8480-6$ge175`,
      _sort: 'date',
      _count: 100,
    };
    const get = await search('Observation', params);
    const post = (await client.search({
      resourceType: 'Observation',
      searchParams: params,
      options: { postSearch: true },
    })) as unknown as Bundle;
    expect(matches(get)).toHaveLength(60);
    expect(matches(post)).toEqual(matches(get));
  });

  it('chains, reverse chains and includes', async () => {
    expect(
      matches(
        await search('Observation', {
          'subject:Patient.general-practitioner.name': 'nightingale',
          _count: 1,
          _total: 'accurate',
        }),
      ),
    ).toHaveLength(1);
    const patient = await search('Patient', {
      '_has:Observation:subject:component-code-value-quantity': '8480-6$179',
      _include: 'Patient:general-practitioner',
      _revinclude: 'Observation:subject',
    });
    expect(matches(patient)).toHaveLength(1);
    // the practitioner, then readings until the cap of 1,000 included resources
    expect(includes(patient)).toHaveLength(1000);
    expect(includes(patient)).toContain(
      `Practitioner/${(patient.entry?.[0]?.resource as { generalPractitioner?: { reference?: string }[] }).generalPractitioner?.[0]?.reference?.split('/')[1]}`,
    );
    const warning = patient.entry?.find((e) => e.search?.mode === 'outcome');
    expect(JSON.stringify(warning)).toContain('truncated');
    expect(
      (await search('Patient', { _revinclude: '*', _count: 1 })).entry?.length,
    ).toBeGreaterThan(1);
  });

  it('compartment search and $everything page the patient compartment', async () => {
    const patientId = (await search('Patient', { name: 'okafor' })).entry?.[0]?.resource
      ?.id as string;
    const compartment = (await client.request(
      `Patient/${patientId}/Observation?component-code-value-quantity=8480-6$lt101&_total=accurate`,
    )) as unknown as Bundle;
    expect(compartment.total).toBe(13);
    expect(compartment.link?.[0]?.url).toContain(`/Patient/${patientId}/Observation?`);
    const everything = (await client.request(
      `Patient/${patientId}/$everything?_count=400`,
    )) as unknown as Bundle;
    expect(matches(everything)).toHaveLength(400);
    const pages = [everything];
    let next: FhirResource | undefined = await client.nextPage({
      bundle: everything as unknown as PageBundle,
    });
    while (next) {
      pages.push(next as unknown as Bundle);
      next = await client.nextPage({ bundle: next as PageBundle });
    }
    expect(new Set(pages.flatMap(matches)).size).toBe(1001);
    // the GP the patient names comes along as an include, with the page that holds the patient
    expect(pages.flatMap(includes)).toEqual([expect.stringMatching(/^Practitioner\//)]);
    expect((await rejection(client.request('Patient/nobody/$everything'))).status).toBe(404);
    expect((await rejection(client.request(`Group/${patientId}/Observation`))).status).toBe(404);
  });

  it('_summary=count and _total', async () => {
    expect((await search('Observation', { _summary: 'count' })).total).toBe(1000);
    expect((await search('Observation', { _count: 5 })).total).toBeUndefined();
    expect((await search('Observation', { _count: 5, _total: 'accurate' })).total).toBe(1000);
  });

  it('hostile names and values answer 200 or a clear 400, never 500', async () => {
    const hostile = [
      "'",
      '"',
      ';',
      '%',
      '_',
      '\\',
      '%00',
      '\u0000',
      "' OR 1=1--",
      'x'.repeat(10_000),
      '日本語',
      '\u{1F600}',
      '$',
      '|',
      ',',
    ];
    for (const value of hostile) {
      for (const name of [
        'name',
        'identifier',
        'birthdate',
        'subject',
        'value-quantity',
        'code-value-quantity',
        '_has:Observation:subject:code',
        'subject.name',
      ]) {
        const type =
          name === 'name' ||
          name === 'identifier' ||
          name === 'birthdate' ||
          name.startsWith('_has')
            ? 'Patient'
            : 'Observation';
        const response = await fetch(
          `${server.baseUrl}/${type}?${encodeURIComponent(name)}=${encodeURIComponent(value)}`,
          { headers: server.authorization },
        );
        expect([200, 400], `${type}?${name}=${value.slice(0, 20)}`).toContain(response.status);
      }
      const response = await fetch(`${server.baseUrl}/Patient?${encodeURIComponent(value)}=x`, {
        headers: server.authorization,
      });
      expect([400], `Patient?${value.slice(0, 20)}=x`).toContain(response.status);
    }
  });
});
