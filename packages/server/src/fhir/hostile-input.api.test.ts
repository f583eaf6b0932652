import type { OperationOutcome } from '@medplum/fhirtypes';
import { testDatabaseKinds } from '@careweave/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLiveServer, type LiveServer } from '../testing/live-server.js';

/**
 * Inputs that once reached the database and came back as 500s. Each must now be a clear 4xx
 * OperationOutcome (or a normal answer), never a server error.
 */
describe.each(testDatabaseKinds())('hostile input on %s', (kind) => {
  let server: LiveServer;
  beforeAll(async () => {
    server = await startLiveServer(kind);
  });
  afterAll(async () => {
    await server?.close();
  });

  const send = async (
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: OperationOutcome }> => {
    const response = await fetch(`${server.baseUrl}${path}`, {
      method,
      headers: { ...server.authorization, 'content-type': 'application/fhir+json' },
      ...(body === undefined
        ? {}
        : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await response.text();
    return {
      status: response.status,
      body: (text ? JSON.parse(text) : undefined) as OperationOutcome,
    };
  };

  it('answers 404 for ids that are not FHIR ids (NUL byte, too long)', async () => {
    expect((await send('GET', '/Patient/%00')).status).toBe(404);
    expect((await send('GET', `/Patient/${'a'.repeat(65)}`)).status).toBe(404);
  });

  it('accepts a partial date as _since and _at', async () => {
    expect((await send('GET', '/_history?_since=2020')).status).toBe(200);
    expect((await send('GET', '/_history?_at=2020-05')).status).toBe(200);
    expect((await send('GET', '/_history?_since=not-a-date')).status).toBe(400);
  });

  it('refuses strings PostgreSQL cannot store (unpaired surrogate, NUL) with 400', async () => {
    const surrogate = await send(
      'POST',
      '/Patient',
      '{"resourceType":"Patient","name":[{"family":"\\ud800"}]}',
    );
    expect(surrogate.status).toBe(400);
    const nul = await send(
      'POST',
      '/Patient',
      '{"resourceType":"Patient","name":[{"family":"a\\u0000b"}]}',
    );
    expect(nul.status).toBe(400);
  });

  it('refuses malformed transaction entries and dangling urn:uuid references with 400 naming the entry', async () => {
    for (const entry of ['x', [null], [{ request: { method: 'GET', url: 5 } }]]) {
      const result = await send('POST', '', { resourceType: 'Bundle', type: 'transaction', entry });
      expect(result.status).toBe(400);
    }
    const dangling = await send('POST', '', {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        {
          resource: {
            resourceType: 'Observation',
            status: 'final',
            code: { text: 'x' },
            subject: { reference: 'urn:uuid:missing' },
          },
          request: { method: 'POST', url: 'Observation' },
        },
      ],
    });
    expect(dangling.status).toBe(400);
    expect(JSON.stringify(dangling.body)).toContain('Bundle.entry[0]');
  });

  it('names the failing entry of a transaction by its position, not by a server-minted id', async () => {
    const result = await send('POST', '', {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        { resource: { resourceType: 'Patient' }, request: { method: 'POST', url: 'Patient' } },
        {
          resource: { resourceType: 'Patient', gender: 'robot' },
          request: { method: 'POST', url: 'Patient' },
        },
      ],
    });
    expect(result.status).toBe(400);
    expect(result.body.issue.some((i) => i.diagnostics === 'Bundle.entry[1]')).toBe(true);
  });

  it('lets exactly one of several racing PUTs create a new id, and none fails with 500', async () => {
    const statuses = await Promise.all(
      Array.from({ length: 4 }, () =>
        send('PUT', '/Patient/race-1', { resourceType: 'Patient', id: 'race-1' }).then(
          (r) => r.status,
        ),
      ),
    );
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.every((s) => s === 200 || s === 201 || s === 409)).toBe(true);
  });
});
