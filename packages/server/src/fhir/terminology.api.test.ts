import type { Parameters, ValueSet } from '@medplum/fhirtypes';
import { Client } from 'fhir-kit-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLiveServer, type LiveServer } from '../testing/live-server.js';

const GENDER = 'http://hl7.org/fhir/administrative-gender';
const GENDER_VS = 'http://hl7.org/fhir/ValueSet/administrative-gender';

/** A form builder asks the server what codes mean and which codes a field may take. */
describe('CodeSystem/$lookup and ValueSet/$expand over the shipped terminology', () => {
  let server: LiveServer;
  let client: Client;
  const get = async (path: string): Promise<{ status: number; body: unknown }> => {
    const response = await fetch(`${server.baseUrl}/${path}`, { headers: server.authorization });
    return { status: response.status, body: await response.json() };
  };

  beforeAll(async () => {
    server = await startLiveServer('pglite');
    client = new Client({ baseUrl: server.baseUrl, bearerToken: server.token });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('looks up a code: its display and definition, and says 404 for one it does not know', async () => {
    const found = (await client.operation({
      name: '$lookup',
      resourceType: 'CodeSystem',
      method: 'GET',
      input: { system: GENDER, code: 'female' },
    })) as Parameters;
    const value = (name: string): string | undefined =>
      found.parameter?.find((p) => p.name === name)?.valueString;
    expect(value('display')).toBe('Female');
    expect(value('name')).toBe('AdministrativeGender');
    expect(value('definition')).toMatch(/female/i);

    const posted = await fetch(`${server.baseUrl}/CodeSystem/$lookup`, {
      method: 'POST',
      headers: { ...server.authorization, 'Content-Type': 'application/fhir+json' },
      body: JSON.stringify({
        resourceType: 'Parameters',
        parameter: [{ name: 'coding', valueCoding: { system: GENDER, code: 'unknown' } }],
      }),
    });
    expect(posted.status).toBe(200);
    expect(await posted.json()).toMatchObject({
      parameter: expect.arrayContaining([{ name: 'display', valueString: 'Unknown' }]),
    });
    expect((await get(`CodeSystem/$lookup?system=${GENDER}&code=robot`)).status).toBe(404);
    expect((await get(`CodeSystem/$lookup?system=http://example.org/none&code=x`)).status).toBe(
      404,
    );
    expect((await get(`CodeSystem/$lookup?code=female`)).status).toBe(400);
  });

  it('expands a value set with displays, filter and paging', async () => {
    const all = await get(`ValueSet/$expand?url=${GENDER_VS}`);
    expect(all.status).toBe(200);
    const expansion = (all.body as ValueSet).expansion;
    expect(expansion?.total).toBe(4);
    expect(expansion?.contains).toContainEqual({
      system: GENDER,
      code: 'female',
      display: 'Female',
    });
    expect(expansion?.contains?.map((c) => c.code).sort()).toEqual([
      'female',
      'male',
      'other',
      'unknown',
    ]);

    const filtered = (await get(`ValueSet/$expand?url=${GENDER_VS}&filter=fem`)).body as ValueSet;
    expect(filtered.expansion?.contains?.map((c) => c.code)).toEqual(['female']);
    const page = (await get(`ValueSet/$expand?url=${GENDER_VS}&offset=1&count=2`)).body as ValueSet;
    expect([
      page.expansion?.total,
      page.expansion?.offset,
      page.expansion?.contains?.length,
    ]).toEqual([4, 1, 2]);

    expect((await get(`ValueSet/$expand?url=http://example.org/ValueSet/none`)).status).toBe(404);
    // Drawn from SNOMED CT, which Careweave does not hold: refused rather than half expanded.
    expect(
      (await get(`ValueSet/$expand?url=http://hl7.org/fhir/ValueSet/clinical-findings`)).status,
    ).toBe(400);
    expect((await get(`ValueSet/$expand`)).status).toBe(400);
  });

  it('lists both operations in the CapabilityStatement', async () => {
    const metadata = (await get('metadata')).body as {
      rest: { resource: { type: string; operation?: { name: string }[] }[] }[];
    };
    const ops = (type: string): string[] =>
      metadata.rest[0]?.resource.find((r) => r.type === type)?.operation?.map((o) => o.name) ?? [];
    expect(ops('CodeSystem')).toContain('lookup');
    expect(ops('ValueSet')).toContain('expand');
  });
});
