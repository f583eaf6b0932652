import type { Bundle, OperationOutcome, Patient } from '@medplum/fhirtypes';
import { testDatabaseKinds } from '@careweave/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listenOn, startLiveServer, type LiveServer } from '../testing/live-server.js';

/** Anything in a body that looks like a leaked stack trace or source location. */
const STACK = /\n\s+at |node_modules|\.[jt]s:\d+/;

interface Answer {
  status: number;
  contentType: string;
  body: OperationOutcome;
}

describe.each(testDatabaseKinds())(
  'bad requests answered with a clear OperationOutcome on %s',
  (kind) => {
    let server: LiveServer;
    const answers: { what: string; status: number; text: string }[] = [];

    /** Sends a raw request (no FHIR client in the way) and keeps the answer for the final audit. */
    async function send(
      what: string,
      path: string,
      init: {
        method?: string;
        body?: string;
        headers?: Record<string, string>;
        base?: string;
      } = {},
    ): Promise<Answer> {
      const response = await fetch(`${init.base ?? server.baseUrl}${path}`, {
        method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
        headers: {
          ...server.authorization,
          ...(init.body === undefined ? {} : { 'Content-Type': 'application/fhir+json' }),
          ...init.headers,
        },
        ...(init.body === undefined ? {} : { body: init.body }),
      });
      const text = await response.text();
      answers.push({ what, status: response.status, text });
      return {
        status: response.status,
        contentType: response.headers.get('content-type') ?? '',
        body: JSON.parse(text) as OperationOutcome,
      };
    }

    async function expectOutcome(
      answer: Promise<Answer>,
      status: number,
      mentions?: string,
    ): Promise<OperationOutcome> {
      const { status: actual, contentType, body } = await answer;
      expect(actual).toBe(status);
      expect(contentType).toMatch(/^application\/fhir\+json/);
      expect(body.resourceType).toBe('OperationOutcome');
      expect(body.issue.length).toBeGreaterThan(0);
      expect(body.issue.every((i) => i.severity === 'error' || i.severity === 'fatal')).toBe(true);
      if (mentions) {
        expect(JSON.stringify(body)).toContain(mentions);
      }
      return body;
    }

    const count = async (): Promise<number> =>
      (
        (await (
          await fetch(`${server.baseUrl}/Patient?_count=0&_total=accurate`, {
            headers: server.authorization,
          })
        ).json()) as Bundle
      ).total ?? -1;

    beforeAll(async () => {
      server = await startLiveServer(kind);
    });
    afterAll(async () => {
      await server?.close();
    });

    it('rejects malformed JSON, a wrong resourceType, an id mismatch and an unknown type', async () => {
      const before = await count();
      await expectOutcome(
        send('malformed JSON', '/Patient', { body: '{"resourceType": "Patient", "name": [' }),
        400,
        'JSON',
      );
      await expectOutcome(send('empty body', '/Patient', { body: '' }), 400);
      await expectOutcome(send('JSON array', '/Patient', { body: '[]' }), 400);
      await expectOutcome(
        send('wrong resourceType', '/Patient', {
          body: JSON.stringify({ resourceType: 'Observation', status: 'final' }),
        }),
        400,
        'Observation',
      );

      const created = (await (
        await fetch(`${server.baseUrl}/Patient`, {
          method: 'POST',
          headers: { ...server.authorization, 'Content-Type': 'application/fhir+json' },
          body: '{"resourceType":"Patient"}',
        })
      ).json()) as Patient;
      await expectOutcome(
        send('id mismatch', `/Patient/${created.id}`, {
          method: 'PUT',
          body: JSON.stringify({ resourceType: 'Patient', id: 'someone-else' }),
        }),
        400,
        'someone-else',
      );
      await expectOutcome(
        send('no id in body', `/Patient/${created.id}`, {
          method: 'PUT',
          body: JSON.stringify({ resourceType: 'Patient' }),
        }),
        400,
      );

      await expectOutcome(send('unknown type read', '/Robot/1'), 404, 'Robot');
      await expectOutcome(
        send('unknown type create', '/Robot', { body: JSON.stringify({ resourceType: 'Robot' }) }),
        404,
        'Robot',
      );
      await expectOutcome(send('unknown type search', '/Robot?name=x'), 404, 'Robot');
      await expectOutcome(send('unknown route', '/Patient/1/2/3/4'), 404);
      await expectOutcome(send('unknown patient', '/Patient/no-such-patient'), 404);
      await expectOutcome(
        send('unsupported media type', '/Patient', {
          body: 'name=Ana',
          headers: { 'Content-Type': 'text/plain' },
        }),
        415,
      );
      expect(await count()).toBe(before + 1);
    });

    it('rejects an invalid patient with issues that locate each problem, and stores nothing', async () => {
      const before = await count();
      const invalid = JSON.stringify({
        resourceType: 'Patient',
        gender: 'robot',
        birthDate: '31/02/1950',
      });
      const outcome = await expectOutcome(
        send('invalid patient', '/Patient', { body: invalid }),
        400,
      );
      const located = outcome.issue.flatMap((i) => i.expression ?? []);
      expect(located).toContain('Patient.gender');
      expect(located).toContain('Patient.birthDate');
      expect(await count()).toBe(before);

      // The same problems through $validate: an OperationOutcome naming them, still nothing stored.
      const validated = await send('$validate', '/Patient/$validate', { body: invalid });
      expect(validated.body.resourceType).toBe('OperationOutcome');
      expect(validated.body.issue.flatMap((i) => i.expression ?? [])).toEqual(
        expect.arrayContaining(['Patient.gender', 'Patient.birthDate']),
      );
      const wrapped = await send('$validate Parameters', '/Patient/$validate', {
        body: JSON.stringify({
          resourceType: 'Parameters',
          parameter: [{ name: 'resource', resource: JSON.parse(invalid) as Patient }],
        }),
      });
      expect(wrapped.body.issue.flatMap((i) => i.expression ?? [])).toContain('Patient.gender');
      const valid = await send('$validate ok', '/Patient/$validate', {
        body: JSON.stringify({
          resourceType: 'Patient',
          gender: 'female',
          birthDate: '1950-02-28',
        }),
      });
      expect(valid.status).toBe(200);
      expect(valid.body.issue.map((i) => i.severity)).toEqual(['information']);
      expect(await count()).toBe(before);
    });

    it('rejects an invalid JSON Patch result and a patch that is not a JSON Patch', async () => {
      const patient = (await (
        await fetch(`${server.baseUrl}/Patient`, {
          method: 'POST',
          headers: { ...server.authorization, 'Content-Type': 'application/fhir+json' },
          body: '{"resourceType":"Patient","gender":"male"}',
        })
      ).json()) as Patient;
      const patch = (
        ops: unknown,
      ): { method: string; body: string; headers: Record<string, string> } => ({
        method: 'PATCH',
        body: JSON.stringify(ops),
        headers: { 'Content-Type': 'application/json-patch+json' },
      });
      const bad = await expectOutcome(
        send(
          'patch to invalid',
          `/Patient/${patient.id}`,
          patch([{ op: 'replace', path: '/gender', value: 'robot' }]),
        ),
        400,
      );
      expect(bad.issue.flatMap((i) => i.expression ?? [])).toContain('Patient.gender');
      await expectOutcome(
        send(
          'patch not an array',
          `/Patient/${patient.id}`,
          patch({ op: 'remove', path: '/gender' }),
        ),
        400,
      );
      await expectOutcome(
        send(
          'patch failing test op',
          `/Patient/${patient.id}`,
          patch([{ op: 'test', path: '/gender', value: 'female' }]),
        ),
        400,
      );
      const now = (await (
        await fetch(`${server.baseUrl}/Patient/${patient.id}`, { headers: server.authorization })
      ).json()) as Patient;
      expect([now.gender, now.meta?.versionId]).toEqual(['male', '1']);
    });

    it('refuses bad search, history and version requests with 400 or 404', async () => {
      await expectOutcome(
        send('unknown search parameter', '/Patient?shoe-size=42'),
        400,
        'shoe-size',
      );
      await expectOutcome(send('negative _count', '/Patient?_count=-1'), 400);
      await expectOutcome(send('bad date', '/Patient?_lastUpdated=last-tuesday'), 400);
      await expectOutcome(send('bad _since', '/_history?_since=yesterday'), 400);
      await expectOutcome(
        send('bad If-Match', '/Patient/x', {
          method: 'PUT',
          body: '{"resourceType":"Patient","id":"x"}',
          headers: { 'If-Match': 'version five' },
        }),
        400,
      );
      await expectOutcome(send('unknown version', '/Patient/no-such-patient/_history/7'), 404);
      await expectOutcome(
        send('not a transaction', '/', {
          body: JSON.stringify({ resourceType: 'Bundle', type: 'collection' }),
        }),
        400,
      );
      await expectOutcome(
        send('entry without request', '/', {
          body: JSON.stringify({
            resourceType: 'Bundle',
            type: 'transaction',
            entry: [{ resource: { resourceType: 'Patient' } }],
          }),
        }),
        400,
      );
    });

    it('answers a body over the limit with 413 and an OperationOutcome', async () => {
      // The same database behind an app with a 1 MB limit; a 2 MB patient is refused before parsing.
      const small = await listenOn(server.db, server.repo, {
        bodyLimitMb: 1,
        auth: { keys: server.keys },
      });
      try {
        const before = await count();
        const big = JSON.stringify({
          resourceType: 'Patient',
          name: [{ text: 'x'.repeat(2 * 1024 * 1024) }],
        });
        await expectOutcome(
          send('too large', '/Patient', { body: big, base: small.baseUrl }),
          413,
          'limit',
        );
        const fits = await send('fits', '/Patient', {
          body: JSON.stringify({ resourceType: 'Patient', name: [{ text: 'x'.repeat(1000) }] }),
          base: small.baseUrl,
        });
        expect(fits.status).toBe(201);
        expect(await count()).toBe(before + 1);
      } finally {
        await small.close();
      }
    });

    it('never answered with a 500 or a stack trace', () => {
      expect(answers.length).toBeGreaterThan(25);
      expect(answers.filter((a) => a.status >= 500)).toEqual([]);
      expect(answers.filter((a) => STACK.test(a.text)).map((a) => a.what)).toEqual([]);
    });
  },
);
