import type { WhoNeedsMeResponse } from '@careweave/contract';
import {
  careWriteHooks,
  composeWriteHooks,
  createAccessService,
  setAutomationOptOut,
} from '@careweave/care';
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

const DAY = 86_400_000;
const iso = (t: number): string => new Date(t).toISOString();
const ACT = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';

/**
 * Nora coordinates Ana and Ben. Ana left hospital three days ago; Ben has a task that was due
 * yesterday. Nora's list puts Ana first ("discharged 3 days ago"), then Ben ("1 overdue task"),
 * then Cleo (no contact recorded).
 * When Ben opts out of automated recommendations he leaves the list.
 */
describe.each(testDatabaseKinds())('GET /api/who-needs-me on %s', (kind) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let repo: Repository;
  let origin = '';
  const tokens = new Map<string, string>();
  const get = async (
    user: string,
    query = '',
  ): Promise<{ status: number; body: WhoNeedsMeResponse }> => {
    const r = await fetch(`${origin}/api/who-needs-me${query}`, {
      headers: { Authorization: `Bearer ${tokens.get(user) ?? ''}` },
    });
    return { status: r.status, body: (await r.json()) as WhoNeedsMeResponse };
  };

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    const access = createAccessService(new Repository(database.db));
    repo = new Repository(database.db, {
      hooks: composeWriteHooks(access.writeHooks, careWriteHooks()),
    });
    const now = Date.now();
    const { directory, records } = accessStory.storyResources();
    const events: Resource[] = [
      {
        resourceType: 'Encounter',
        id: 'ana-stay',
        status: 'finished',
        class: { system: ACT, code: 'IMP' },
        subject: { reference: 'Patient/ana' },
        period: { start: iso(now - 9 * DAY), end: iso(now - 3 * DAY) },
      },
      {
        resourceType: 'Task',
        id: 'ben-call',
        status: 'requested',
        intent: 'order',
        description: 'Call Ben about his inhaler',
        for: { reference: 'Patient/ben' },
        restriction: { period: { end: iso(now - DAY).slice(0, 10) } },
      },
    ];
    await repo.inTransaction(SYSTEM_CONTEXT, (w) =>
      w.upsertMany([...directory, ...records, ...events], { skipUnchanged: false }),
    );
    const keys = await generateSigningKeys();
    for (const name of ['coordinator', 'patient'] as const) {
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
    tokens.set(
      'system',
      await mintAccessToken(keys, { kind: 'system', sub: 'tests', scopes: ['system/*.rs'] }),
    );
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

  it('ranks the coordinator’s people with the top reasons in words', async () => {
    const { status, body } = await get('coordinator');
    expect(status).toBe(200);
    expect(body.coordinator).toBe('Practitioner/coord');
    // Cleo, also on Nora's caseload, has only "no contact recorded".
    expect(body.items.map((i) => i.patientId)).toEqual(['ana', 'ben', 'cleo']);
    expect(body.items[2]?.reasons.map((r) => r.text)).toEqual(['no contact recorded']);
    expect(body.items[0]?.reasons[0]?.text).toBe('discharged 3 days ago');
    expect(body.items[1]?.reasons.map((r) => r.text)).toContain('1 overdue task');
    expect(body.items[0]?.score).toBeGreaterThan(body.items[1]?.score ?? Infinity);
  });

  it('leaves out a person who opted out of automated recommendations', async () => {
    await setAutomationOptOut(repo, SYSTEM_CONTEXT, 'ben', true);
    const { body } = await get('coordinator');
    expect(body.items.map((i) => i.patientId)).toEqual(['ana', 'cleo']);
    expect(body.optedOut).toBe(1);
  });

  it('is for care staff: a patient is refused; a system client names the coordinator', async () => {
    expect((await get('patient')).status).toBe(403);
    expect((await get('system')).status).toBe(400);
    const named = await get('system', '?coordinator=Practitioner/coord&limit=5');
    expect(named.status).toBe(200);
    expect(named.body.items.map((i) => i.patientId)).toEqual(['ana', 'cleo']);
    expect((await get('coordinator', '?limit=0')).status).toBe(400);
  });
});
