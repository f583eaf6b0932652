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
  ...['2026-02-01', '2026-09-01'].map((day, i): Resource => ({
    resourceType: 'Encounter',
    id: `dan-stay-${i}`,
    status: 'finished',
    class: { system: ACT, code: 'IMP' },
    subject: { reference: 'Patient/dan' },
    period: { start: `${day}T10:00:00Z`, end: `${day.slice(0, 8)}09T10:00:00Z` },
    hospitalization: {
      admitSource: {
        coding: [{ system: 'http://terminology.hl7.org/CodeSystem/admit-source', code: 'emd' }],
      },
    },
  })),
];

/**
 * The care coordinator's outreach view over HTTP (care/access README "Outreach"): Nora finds Dan in
 * her Population queue, but `GET /fhir/R4/Patient/dan` answers 404 until she enrols him; then she
 * manages his episode and the FHIR API opens his record to her.
 */
describe.each(testDatabaseKinds())('the coordinator outreach view over HTTP on %s', (kind) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let origin = '';
  let token = '';

  const call = async (
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: Record<string, unknown> }> => {
    const response = await fetch(`${origin}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${token}`,
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
    const identity = accessStory.USERS.coordinator;
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
    token = await mintAccessToken(keys, {
      kind: 'user',
      sub: email,
      fhirUser,
      scopes: defaultScopesForRole(role),
    });
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

  it('lists Dan in her queue but keeps his record closed; after she enrols him, she reads it', async () => {
    const queue = await call('GET', '/api/population/candidates?tier=very-high,high,rising,low');
    expect(queue.status).toBe(200);
    expect((queue.body['items'] as { patientId: string }[]).map((i) => i.patientId)).toContain(
      'dan',
    );
    expect((await call('GET', '/fhir/R4/Patient/dan')).status).toBe(404);
    expect((await call('GET', '/fhir/R4/Condition/dan-hf')).status).toBe(404);

    const enrol = await call('POST', '/api/population/enrol', { patient: 'Patient/dan' });
    expect(enrol.status).toBe(201);
    expect(enrol.body['episode']).toMatchObject({
      careManager: { reference: 'Practitioner/coord' },
    });

    const record = await call('GET', '/fhir/R4/Patient/dan');
    expect(record.status).toBe(200);
    expect(record.body).toMatchObject({ resourceType: 'Patient', id: 'dan' });
  });
});
