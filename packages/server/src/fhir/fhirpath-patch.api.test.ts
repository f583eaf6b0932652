import type {
  OperationOutcome,
  Parameters,
  ParametersParameter,
  Patient,
} from '@medplum/fhirtypes';
import { testDatabaseKinds } from '@careweave/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLiveServer, type LiveServer } from '../testing/live-server.js';

/** One FHIRPath Patch operation as a Parameters part list. */
function operation(...parts: ParametersParameter[]): Parameters {
  return { resourceType: 'Parameters', parameter: [{ name: 'operation', part: parts }] };
}

describe.each(testDatabaseKinds())('FHIRPath Patch over HTTP on %s', (kind) => {
  let server: LiveServer;
  let patientId: string;

  const patch = (body: unknown, headers: Record<string, string> = {}): Promise<Response> =>
    fetch(`${server.baseUrl}/Patient/${patientId}`, {
      method: 'PATCH',
      headers: {
        ...server.authorization,
        'Content-Type': 'application/fhir+json',
        ...headers,
      },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    server = await startLiveServer(kind);
    const created = await fetch(`${server.baseUrl}/Patient`, {
      method: 'POST',
      headers: { ...server.authorization, 'Content-Type': 'application/fhir+json' },
      body: JSON.stringify({
        resourceType: 'Patient',
        name: [{ family: 'Okafor', given: ['Ngozi'] }],
        telecom: [{ system: 'phone', value: '111' }],
      }),
    });
    patientId = ((await created.json()) as Patient).id!;
  });
  afterAll(async () => {
    await server?.close();
  });

  it('replaces, adds and reorders in one request, as a new version that search finds', async () => {
    const res = await patch(
      {
        resourceType: 'Parameters',
        parameter: [
          ...operation(
            { name: 'type', valueCode: 'replace' },
            { name: 'path', valueString: "Patient.telecom.where(system = 'phone').value" },
            { name: 'value', valueString: '222' },
          ).parameter!,
          ...operation(
            { name: 'type', valueCode: 'add' },
            { name: 'path', valueString: 'Patient' },
            { name: 'name', valueString: 'birthDate' },
            { name: 'value', valueDate: '1961-04-12' },
          ).parameter!,
          ...operation(
            { name: 'type', valueCode: 'insert' },
            { name: 'path', valueString: 'Patient.name' },
            { name: 'index', valueInteger: 0 },
            { name: 'value', valueHumanName: { use: 'official', family: 'Okafor-Eze' } },
          ).parameter!,
        ],
      },
      { 'If-Match': 'W/"1"' },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe('W/"2"');
    const patched = (await res.json()) as Patient;
    expect(patched.telecom).toEqual([{ system: 'phone', value: '222' }]);
    expect(patched.birthDate).toBe('1961-04-12');
    expect(patched.name?.map((n) => n.family)).toEqual(['Okafor-Eze', 'Okafor']);

    const search = await fetch(`${server.baseUrl}/Patient?birthdate=1961-04-12`, {
      headers: server.authorization,
    });
    expect(((await search.json()) as { total?: number }).total).toBe(1);
  });

  it('honours If-Match: a stale version is 412 and nothing changes', async () => {
    const res = await patch(
      operation(
        { name: 'type', valueCode: 'delete' },
        { name: 'path', valueString: 'Patient.birthDate' },
      ),
      { 'If-Match': 'W/"1"' },
    );
    expect(res.status).toBe(412);
    const read = await fetch(`${server.baseUrl}/Patient/${patientId}`, {
      headers: server.authorization,
    });
    expect(((await read.json()) as Patient).birthDate).toBe('1961-04-12');
  });

  it('answers 400 for a malformed patch and 422 for one that cannot apply', async () => {
    const malformed = await patch(operation({ name: 'type', valueCode: 'upsert' }));
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as OperationOutcome).resourceType).toBe('OperationOutcome');

    const missing = await patch(
      operation(
        { name: 'type', valueCode: 'add' },
        { name: 'path', valueString: "Patient.identifier.where(use = 'official').period" },
        { name: 'name', valueString: 'end' },
        { name: 'value', valueDate: '2021-12-01' },
      ),
    );
    expect(missing.status).toBe(422);
    expect(((await missing.json()) as OperationOutcome).issue[0]?.details?.text).toContain(
      'No content found',
    );
  });

  it('validates the patched resource like any write: an invalid gender is refused', async () => {
    const res = await patch(
      operation(
        { name: 'type', valueCode: 'add' },
        { name: 'path', valueString: 'Patient' },
        { name: 'name', valueString: 'gender' },
        { name: 'value', valueCode: 'robot' },
      ),
    );
    expect(res.status).toBe(400);
    const read = await fetch(`${server.baseUrl}/Patient/${patientId}`, {
      headers: server.authorization,
    });
    expect(((await read.json()) as Patient).gender).toBeUndefined();
  });

  it('keeps JSON Patch for application/json-patch+json and refuses a Parameters body there', async () => {
    const json = await patch([{ op: 'add', path: '/gender', value: 'female' }], {
      'Content-Type': 'application/json-patch+json',
    });
    expect(json.status).toBe(200);
    const wrong = await patch(operation({ name: 'type', valueCode: 'delete' }), {
      'Content-Type': 'application/json-patch+json',
    });
    expect(wrong.status).toBe(400);
  });

  it('advertises both patch formats', async () => {
    const res = await fetch(`${server.baseUrl}/metadata`);
    const cs = (await res.json()) as { patchFormat?: string[] };
    expect(cs.patchFormat).toEqual(['application/json-patch+json', 'application/fhir+json']);
  });
});
