import { RiskError } from '@careweave/contract';
import { createAccessService, stratify } from '@careweave/care';
import { accessStory } from '@careweave/care/testing';
import { Repository, SYSTEM_CONTEXT, createAccount } from '@careweave/store';
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from '@careweave/store/testing';
import type { Resource } from '@medplum/fhirtypes';
import type { FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { generateSigningKeys } from '../auth/keys.js';
import { defaultScopesForRole } from '../auth/scopes.js';
import { mintAccessToken } from '../auth/tokens.js';

const ACT = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';
const stay = (id: string, start: string, end: string): Resource => ({
  resourceType: 'Encounter',
  id,
  status: 'finished',
  class: { system: ACT, code: 'IMP' },
  subject: { reference: 'Patient/dan' },
  period: { start, end },
  hospitalization: {
    admitSource: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/admit-source', code: 'emd' }],
    },
  },
});

/** Dan (opted in to network sharing, not enrolled) has heart failure and two emergency admissions this year. */
const DAN: Resource[] = [
  {
    resourceType: 'Condition',
    id: 'dan-hf',
    clinicalStatus: {
      coding: [
        { system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' },
      ],
    },
    code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'I50.9' }] },
    subject: { reference: 'Patient/dan' },
    recordedDate: '2023-01-01',
  },
  stay('dan-stay-1', '2026-02-01T10:00:00Z', '2026-02-05T10:00:00Z'),
  stay('dan-stay-2', '2026-09-01T10:00:00Z', '2026-09-09T10:00:00Z'),
];

describe.each(testDatabaseKinds())('population API on %s', (kind) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let origin = '';
  const tokens = new Map<string, string>();

  const call = async (
    user: string,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: Record<string, unknown> }> => {
    const response = await fetch(`${origin}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${tokens.get(user) ?? ''}`,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    const access = createAccessService(new Repository(database.db));
    const repo = new Repository(database.db, { hooks: access.writeHooks });
    const { directory, records } = accessStory.storyResources();
    await repo.inTransaction(SYSTEM_CONTEXT, (w) =>
      w.upsertMany([...directory, ...records, ...DAN], { skipUnchanged: false }),
    );
    await stratify(repo, { asOf: new Date('2026-11-01T00:00:00Z') });
    const keys = await generateSigningKeys();
    for (const name of ['programmeManager', 'patient'] as const) {
      const identity = accessStory.USERS[name];
      if (identity.kind !== 'user') throw new Error('story users are users');
      const { email, fhirUser, role, organizationIds, displayName } = identity;
      await createAccount(database.db, {
        email,
        passwordHash: 'not-used',
        fhirUser,
        role,
        organizationIds: [...organizationIds],
        displayName,
      });
      tokens.set(
        name,
        await mintAccessToken(keys, {
          kind: 'user',
          sub: email,
          fhirUser,
          scopes: defaultScopesForRole(role),
        }),
      );
    }
    // buildApp registers the population routes itself, as in production.
    app = await buildApp({
      db: database.db,
      repo,
      version: 'test',
      logger: false,
      auth: { keys, access },
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await app?.close();
    await database?.dispose();
  });

  it('the programme manager sees tier counts and, first in the queue, Dan with the reasons in words', async () => {
    const summary = await call('programmeManager', 'GET', '/api/population/summary');
    expect(summary.status).toBe(200);
    expect(summary.body['total']).toBeGreaterThanOrEqual(1);
    expect((summary.body['lastRun'] as { kind: string }).kind).toBe('full');
    const queue = await call(
      'programmeManager',
      'GET',
      '/api/population/candidates?tier=very-high,high&sort=-score',
    );
    expect(queue.status).toBe(200);
    const first = (
      queue.body['items'] as {
        patientId: string;
        tier: string;
        factors: { text: string }[];
        conditions: string[];
      }[]
    )[0];
    expect(first).toMatchObject({ patientId: 'dan', conditions: ['heart-failure'] });
    expect(first?.factors.map((f) => f.text)).toContain('2 admissions in 12 months');
    const filtered = await call(
      'programmeManager',
      'GET',
      '/api/population/candidates?tier=very-high,high,rising,low&condition=copd',
    );
    expect(filtered.body['items']).toEqual([]);
  });

  it('answers bad filters with 400 and an OperationOutcome, and refuses patients', async () => {
    for (const query of [
      'tier=bogus',
      'count=0',
      'minAge=old',
      'minAge=80&maxAge=20',
      'sort=name',
      'cursor=not-a-cursor',
      'condition=depression',
    ]) {
      const r = await call('programmeManager', 'GET', `/api/population/candidates?${query}`);
      expect([query, r.status, r.body['resourceType']]).toEqual([query, 400, 'OperationOutcome']);
    }
    expect((await call('patient', 'GET', '/api/population/summary')).status).toBe(403);
    // A cursor is only good for the order it was made for.
    const page = await call(
      'programmeManager',
      'GET',
      '/api/population/candidates?tier=very-high,high,rising,low&count=1',
    );
    expect(typeof page.body['next']).toBe('string');
    const next = await call(
      'programmeManager',
      'GET',
      `/api/population/candidates?tier=very-high,high,rising,low&count=1&cursor=${String(page.body['next'])}`,
    );
    expect(next.status).toBe(200);
    expect((next.body['items'] as { patientId: string }[])[0]?.patientId).not.toBe(
      (page.body['items'] as { patientId: string }[])[0]?.patientId,
    );
    const mixed = await call(
      'programmeManager',
      'GET',
      `/api/population/candidates?tier=very-high,high,rising,low&count=1&sort=-age&cursor=${String(page.body['next'])}`,
    );
    expect(mixed.status).toBe(400);
  });

  it('enrols Dan once through the roster: 201 with the EpisodeOfCare and care team, then he leaves the queue; again is 409', async () => {
    const enrol = await call('programmeManager', 'POST', '/api/population/enrol', {
      patient: 'Patient/dan',
      coordinator: 'Practitioner/coord',
    });
    expect(enrol.status).toBe(201);
    expect(enrol.body['episode']).toMatchObject({
      resourceType: 'EpisodeOfCare',
      status: 'active',
      patient: { reference: 'Patient/dan' },
      careManager: { reference: 'Practitioner/coord' },
    });
    const queue = await call(
      'programmeManager',
      'GET',
      '/api/population/candidates?tier=very-high,high,rising,low',
    );
    expect((queue.body['items'] as { patientId: string }[]).map((i) => i.patientId)).not.toContain(
      'dan',
    );
    expect(
      (
        await call('programmeManager', 'POST', '/api/population/enrol', {
          patient: 'Patient/dan',
          coordinator: 'Practitioner/coord',
        })
      ).status,
    ).toBe(409);
    expect(
      (await call('programmeManager', 'POST', '/api/population/enrol', { who: 'dan' })).status,
    ).toBe(400);
  });

  it('records an attributed override with a reason', async () => {
    const noReason = await call('programmeManager', 'POST', '/api/population/override', {
      patient: 'Patient/dan',
      tier: 'rising',
    });
    expect(noReason.status).toBe(400);
    // the refusal carries its machine code, so a client never has to read the text
    expect(JSON.stringify(noReason.body)).toContain(RiskError.REASON_REQUIRED);
    const ok = await call('programmeManager', 'POST', '/api/population/override', {
      patient: 'Patient/dan',
      tier: 'rising',
      reason: 'Admissions were planned surgery',
    });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({
      resourceType: 'RiskAssessment',
      performer: { reference: 'Practitioner/pm' },
    });
  });
});
