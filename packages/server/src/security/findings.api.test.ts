import { accessStory } from '@careweave/care/testing';
import { openDatabase } from '@careweave/store';
import { testDatabaseKinds } from '@careweave/store/testing';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStoryServer, type StoryServer } from '../access/testing.js';
import { DEFAULT_TIMEOUTS } from '../app.js';
import { DEFAULT_STATEMENT_TIMEOUT_MS } from '../start.js';
import { startLiveServer, type LiveServer } from '../testing/live-server.js';
import { MAX_IDENTIFIERS } from './json-limits.js';
import { PUBLIC_BODY_LIMIT_BYTES } from './http-hardening.js';

interface Answer {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

/** `{"resourceType":"Patient","extension":[{"extension":[…]}]}` nested `depth` levels deep. */
function deeplyNestedPatient(depth: number): string {
  return `{"resourceType":"Patient","extension":${'[{"extension":'.repeat(depth)}[]${'}]'.repeat(depth)}}`;
}

/**
 * The medium and low findings of the security review, one story each, over HTTP against a real
 * server. Every one of these answered differently before its fix (a 500, a 201, a 400 for a body
 * too large, a missing header, a 404).
 */
describe.each(testDatabaseKinds())('security findings, API hardening on %s', (kind) => {
  let server: LiveServer;
  beforeAll(async () => {
    server = await startLiveServer(kind);
  });
  afterAll(async () => {
    await server?.close();
  });

  async function send(
    method: string,
    path: string,
    init: { body?: unknown; token?: boolean; type?: string } = {},
  ): Promise<Answer> {
    const response = await fetch(`${server.origin}${path}`, {
      method,
      headers: {
        ...(init.token === false ? {} : server.authorization),
        ...(init.body === undefined
          ? {}
          : { 'Content-Type': init.type ?? 'application/fhir+json' }),
      },
      ...(init.body === undefined
        ? {}
        : { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body) }),
    });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
    };
  }
  const issueText = (answer: Answer): string =>
    JSON.stringify((answer.body['issue'] as unknown[] | undefined) ?? []);

  it('answers 400, not 500, to JSON nested 10,000 levels deep', async () => {
    const answer = await send('POST', '/fhir/R4/Patient', { body: deeplyNestedPatient(10_000) });
    expect(answer.status).toBe(400);
    expect(answer.body['resourceType']).toBe('OperationOutcome');
    expect(issueText(answer)).toMatch(/nested more than/);
  });

  it('answers 400 to non-string fields of a new message thread', async () => {
    for (const body of [
      { patient: 42, topic: 'Discharge', text: 'Hello' },
      { patient: 'Patient/x', topic: { text: 'Discharge' }, text: 'Hello' },
      { patient: 'Patient/x', topic: 'Discharge', text: ['Hello'] },
    ]) {
      const answer = await send('POST', '/api/messages/threads', {
        body,
        type: 'application/json',
      });
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body['resourceType']).toBe('OperationOutcome');
    }
  });

  it('refuses __proto__ and constructor keys with 400, at any depth, and stores nothing', async () => {
    for (const body of [
      '{"resourceType":"Patient","__proto__":{"isAdmin":true}}',
      '{"resourceType":"Patient","constructor":{"prototype":{"isAdmin":true}}}',
      '{"resourceType":"Patient","name":[{"family":"Roe","__proto__":{"x":1}}]}',
    ]) {
      const answer = await send('POST', '/fhir/R4/Patient', { body });
      expect(answer.status, body).toBe(400);
      expect(issueText(answer)).toMatch(/not accepted as a JSON key/);
    }
    const stored = await send('GET', '/fhir/R4/Patient?family=Roe');
    expect((stored.body['entry'] as unknown[] | undefined) ?? []).toHaveLength(0);
  });

  it('gives anonymous routes a small body limit: 413 with an OperationOutcome', async () => {
    const big = JSON.stringify({
      email: 'x@example.org',
      password: 'p'.repeat(PUBLIC_BODY_LIMIT_BYTES),
    });
    const answer = await send('POST', '/auth/login', {
      body: big,
      token: false,
      type: 'application/json',
    });
    expect(answer.status).toBe(413);
    expect(answer.body['resourceType']).toBe('OperationOutcome');
    expect(issueText(answer)).toMatch(/too-costly/);
    expect(issueText(answer)).toMatch(/64 KiB/);
    // The same size is fine for an authenticated FHIR write (large Synthea patients are MBs).
    const note = {
      resourceType: 'Basic',
      code: { text: 'note' },
      extension: [
        { url: 'http://example.org/n', valueString: 'n'.repeat(PUBLIC_BODY_LIMIT_BYTES) },
      ],
    };
    expect((await send('POST', '/fhir/R4/Basic', { body: note })).status).toBe(201);
  });

  it(`bounds how many identifiers a resource may carry (${MAX_IDENTIFIERS})`, async () => {
    const identifiers = (n: number): unknown[] =>
      Array.from({ length: n }, (_, i) => ({ system: 'urn:example:id', value: String(i) }));
    const many = await send('POST', '/fhir/R4/Patient', {
      body: { resourceType: 'Patient', identifier: identifiers(200_000) },
    });
    expect(many.status).toBe(400);
    expect(issueText(many)).toMatch(/at most 100 identifiers/);
    const enough = await send('POST', '/fhir/R4/Patient', {
      body: { resourceType: 'Patient', identifier: identifiers(MAX_IDENTIFIERS) },
    });
    expect(enough.status).toBe(201);
  });

  it('marks health data answers Cache-Control: no-store, and sends the security headers everywhere', async () => {
    const made = await send('POST', '/fhir/R4/Patient', {
      body: { resourceType: 'Patient', name: [{ family: 'Nostore' }] },
    });
    for (const path of [
      `/fhir/R4/Patient/${String(made.body['id'])}`,
      '/fhir/R4/Patient?family=Nostore',
      '/fhir/R4/Patient/does-not-exist',
      '/api/worklist',
    ]) {
      const answer = await send('GET', path);
      expect(answer.headers.get('cache-control'), path).toBe('no-store');
      expect(answer.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(answer.headers.get('content-security-policy'), path).toMatch(
        /default-src 'none'.*frame-ancestors 'none'/,
      );
      expect(answer.headers.get('strict-transport-security'), path).toBeNull(); // plain HTTP
    }
  });

  it('publishes the token signing key at /.well-known/jwks.json, public half only', async () => {
    const answer = await send('GET', '/.well-known/jwks.json', { token: false });
    expect(answer.status).toBe(200);
    const keys = answer.body['keys'] as Record<string, unknown>[];
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({
      kty: 'EC',
      crv: 'P-256',
      alg: 'ES256',
      use: 'sig',
      kid: server.keys.kid,
    });
    expect(keys[0]).not.toHaveProperty('d');
    // A resource server holding only the JWKS can verify our access tokens.
    const verified = await jwtVerify(server.token, createLocalJWKSet({ keys }));
    expect(verified.payload.sub).toBe('api-tests');
    const smart = await send('GET', '/.well-known/smart-configuration', { token: false });
    expect(smart.body['jwks_uri']).toBe(`${server.origin}/.well-known/jwks.json`);
  });

  it('has header and request timeouts by default', () => {
    expect(server.app.server.headersTimeout).toBe(DEFAULT_TIMEOUTS.headersMs);
    expect(server.app.server.requestTimeout).toBe(DEFAULT_TIMEOUTS.requestMs);
  });

  it.runIf(kind === 'postgres')(
    'cancels a statement that outruns the database statement timeout on PostgreSQL',
    async () => {
      const db = await openDatabase({
        databaseUrl: process.env['DATABASE_URL'],
        statementTimeoutMs: 200,
      });
      try {
        const { rows } = await db.query<{ t: string }>('SELECT current_setting($1) AS t', [
          'statement_timeout',
        ]);
        expect(rows[0]?.t).toBe('200ms');
        await expect(db.query('SELECT pg_sleep(30)')).rejects.toThrow(/statement timeout/);
      } finally {
        await db.close();
      }
      expect(DEFAULT_STATEMENT_TIMEOUT_MS).toBeGreaterThan(0);
    },
  );
});

describe('a half-sent request header does not hold its socket', () => {
  let server: LiveServer;
  beforeAll(async () => {
    server = await startLiveServer('pglite', {
      timeouts: { headersMs: 300, requestMs: 1_000, checkIntervalMs: 100 },
    });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('closes a slowloris connection with 408 once the header timeout passes', async () => {
    const { port } = new URL(server.origin);
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1');
      let received = '';
      socket.on('connect', () =>
        socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: '),
      );
      socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
      socket.on('close', () => resolve(received));
      socket.on('error', reject);
    });
    expect(reply).toMatch(/^HTTP\/1\.1 408/);
  });
});

describe.each(testDatabaseKinds())(
  'conditional writes on records the caller cannot see, on %s',
  (kind) => {
    let server: StoryServer;
    beforeAll(async () => {
      server = await startStoryServer(kind);
    });
    afterAll(async () => {
      await server?.close();
    });

    it('refuses the GP’s conditional update on a patient outside her care, and creates no second Patient', async () => {
      const hidden: string[] = [];
      for (const id of accessStory.PATIENTS) {
        if ((await server.call('gpOnTeam', 'GET', `/fhir/R4/Patient/${id}`)).status === 404)
          hidden.push(id);
      }
      const id = hidden[0];
      expect(id, 'the story has a patient the GP cannot see').toBeDefined();
      const before = await server.call('system', 'GET', '/fhir/R4/Patient?_summary=count');
      const put = await server.call('gpOnTeam', 'PUT', `/fhir/R4/Patient?_id=${String(id)}`, {
        resourceType: 'Patient',
        name: [{ family: 'Overwritten' }],
      });
      expect(put.status).toBe(403);
      expect(put.body['resourceType']).toBe('OperationOutcome');
      const create = await server.call(
        'gpOnTeam',
        'POST',
        '/fhir/R4/Patient',
        { resourceType: 'Patient', name: [{ family: 'Duplicate' }] },
        { 'If-None-Exist': `_id=${String(id)}` },
      );
      expect(create.status).toBe(403);
      const after = await server.call('system', 'GET', '/fhir/R4/Patient?_summary=count');
      expect(after.body['total']).toBe(before.body['total']);
    });
  },
);
