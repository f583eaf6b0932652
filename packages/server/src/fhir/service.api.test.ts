import type { CapabilityStatement, Patient } from '@medplum/fhirtypes';
import { testDatabaseKinds } from '@careweave/store/testing';
import { Client } from 'fhir-kit-client';
import { request } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLiveServer, type LiveServer } from '../testing/live-server.js';

/** A raw GET (node:http does not decompress), so the test sees the bytes on the wire. */
function rawGet(
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
      res.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

describe.each(testDatabaseKinds())('the service around the FHIR API on %s', (kind) => {
  let server: LiveServer;
  let client: Client;

  beforeAll(async () => {
    server = await startLiveServer(kind);
    client = new Client({ baseUrl: server.baseUrl, bearerToken: server.token });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('reports itself healthy with the database it runs on', async () => {
    const response = await fetch(`${server.origin}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', database: kind });
  });

  it('describes what it supports in a CapabilityStatement generated from the code', async () => {
    const capability = (await client.capabilityStatement()) as unknown as CapabilityStatement;
    expect(capability.resourceType).toBe('CapabilityStatement');
    expect(capability.fhirVersion).toBe('4.0.1');
    const rest = capability.rest?.[0];
    expect(rest?.interaction?.map((i) => i.code)).toEqual(
      expect.arrayContaining(['transaction', 'batch', 'history-system']),
    );

    const patient = rest?.resource?.find((r) => r.type === 'Patient');
    expect(patient?.interaction?.map((i) => i.code)).toEqual(
      expect.arrayContaining([
        'read',
        'vread',
        'update',
        'patch',
        'delete',
        'history-instance',
        'history-type',
        'create',
        'search-type',
      ]),
    );
    expect(patient?.searchParam).toEqual(
      expect.arrayContaining([
        { name: '_id', type: 'token' },
        { name: '_lastUpdated', type: 'date' },
        { name: 'identifier', type: 'token' },
        { name: 'birthdate', type: 'date' },
        { name: 'name', type: 'string' },
      ]),
    );
    const observation = rest?.resource?.find((r) => r.type === 'Observation');
    expect(observation?.searchParam?.map((p) => p.name)).toEqual(
      expect.arrayContaining(['patient', 'subject']),
    );

    // Every advertised Patient search parameter is accepted by search (none answers 400).
    for (const param of patient?.searchParam ?? []) {
      const samples: Record<string, string> = {
        date: '2020-01-01',
        number: '1',
        quantity: '1',
        reference: 'Patient/x',
        token: 'x',
        uri: 'urn:x',
        string: 'x',
      };
      const value = samples[param.type];
      const res = await fetch(
        `${server.baseUrl}/Patient?${encodeURIComponent(param.name)}=${encodeURIComponent(value ?? 'x')}&_count=1`,
        { headers: server.authorization },
      );
      expect([param.name, res.status]).toEqual([param.name, 200]);
    }
  });

  it('compresses responses with gzip when the client accepts it', async () => {
    const plain = await rawGet(`${server.baseUrl}/metadata`, {});
    expect(plain.headers['content-encoding']).toBeUndefined();

    const zipped = await rawGet(`${server.baseUrl}/metadata`, { 'Accept-Encoding': 'gzip' });
    expect(zipped.status).toBe(200);
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.body.length).toBeLessThan(plain.body.length / 3);
    expect(JSON.parse(gunzipSync(zipped.body).toString('utf8'))).toEqual(
      JSON.parse(plain.body.toString('utf8')),
    );
  });

  it('counts requests by route and status in the Prometheus metrics', async () => {
    const created = (await client.create({
      resourceType: 'Patient',
      body: { resourceType: 'Patient', gender: 'female' },
    })) as Patient;
    await client.read({ resourceType: 'Patient', id: created.id as string });
    await fetch(`${server.baseUrl}/Patient/does-not-exist`, { headers: server.authorization });

    const response = await fetch(`${server.origin}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await response.text();
    expect(text).toContain('# TYPE careweave_http_requests_total counter');
    expect(text).toMatch(
      /careweave_http_requests_total\{method="POST",route="\/fhir\/R4\/:type",status="201"\} [1-9]/,
    );
    expect(text).toMatch(
      /careweave_http_requests_total\{method="GET",route="\/fhir\/R4\/:type\/:id",status="404"\} [1-9]/,
    );
    expect(text).toContain('careweave_http_request_duration_seconds_bucket');
    // Route patterns, not raw URLs: ids never become label values.
    expect(text).not.toContain(created.id as string);
  });
});
