import type { HealthcareService, OperationOutcome, Task } from '@medplum/fhirtypes';
import {
  careWriteHooks,
  composeWriteHooks,
  createAccessService,
  loadPlanTemplates,
} from '@careweave/care';
import { careStory } from '@careweave/care/testing';
import type { ReferralList, ReferralMetrics, ReferralSummary } from '@careweave/contract';
import { Repository, SYSTEM_CONTEXT, createAccount } from '@careweave/store';
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from '@careweave/store/testing';
import type { FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { FHIR_BASE } from '../fhir/http.js';
import { generateSigningKeys } from '../auth/keys.js';
import { defaultScopesForRole } from '../auth/scopes.js';
import { mintAccessToken } from '../auth/tokens.js';

type Json = Record<string, unknown>;
const USERS = ['coordinator', 'foodBankWorker', 'programmeManager'] as const;
const SERVICE: HealthcareService = {
  resourceType: 'HealthcareService',
  id: 'hs-food-parcels',
  active: true,
  providedBy: { reference: 'Organization/food-bank' },
  name: 'Emergency food parcels',
  category: [
    {
      coding: [
        {
          system: 'https://careweave.org/fhir/CodeSystem/community-service-category',
          code: 'food',
        },
      ],
    },
  ],
};

/**
 * The referral loop over HTTP, as the coordinator and the food bank live it: the coordinator
 * refers Ana to the food bank; the food bank sees it in its New tab, cannot cancel it, accepts it,
 * completes it with "need met"; the coordinator's list shows it closed and the loop-closure count
 * rises. FHIR PUT of an illegal change answers 422.
 */
describe.each(testDatabaseKinds())('referrals API through a live server on %s', (kind) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let origin = '';
  const tokens = new Map<string, string>();

  const call = async (
    user: string,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: Json }> => {
    const response = await fetch(`${origin}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${tokens.get(user) ?? ''}`,
        ...(body === undefined
          ? {}
          : {
              'Content-Type': path.startsWith(FHIR_BASE)
                ? 'application/fhir+json'
                : 'application/json',
            }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : {}) as Json };
  };
  const code = (body: Json): string | undefined =>
    (body as unknown as OperationOutcome).issue?.[0]?.details?.coding?.[0]?.code;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    const access = createAccessService(new Repository(database.db), { cacheTtlMs: 0 });
    const repo = new Repository(database.db, {
      hooks: composeWriteHooks(access.writeHooks, careWriteHooks()),
    });
    const { directory, records } = careStory.careStoryResources();
    await repo.inTransaction(SYSTEM_CONTEXT, (w) =>
      w.upsertMany([...directory, SERVICE, ...records], { skipUnchanged: false }),
    );
    await loadPlanTemplates(repo);
    const keys = await generateSigningKeys();
    for (const name of USERS) {
      const user = careStory.CARE_USERS[name];
      if (user.kind !== 'user') throw new Error('story users are people');
      const { email, fhirUser, role, organizationIds, displayName } = user;
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

  it('closes the loop: refer, accept, complete with need met; the coordinator sees it closed and the count rise', async () => {
    const before = (await call('coordinator', 'GET', '/api/referrals/metrics'))
      .body as unknown as ReferralMetrics;
    const created = await call('coordinator', 'POST', '/api/referrals', {
      patient: 'ana',
      need: 'food',
      service: 'HealthcareService/hs-food-parcels',
      preferredTimes: 'weekday mornings',
    });
    expect(created.status).toBe(201);
    const taskId = (created.body['task'] as Task).id as string;

    const inbox = (await call('foodBankWorker', 'GET', '/api/referrals/inbox?tab=new'))
      .body as unknown as ReferralList;
    const mine = inbox.items.find((r) => r.id === taskId);
    expect(mine).toMatchObject({
      status: 'requested',
      patient: { id: 'ana', phone: '555-0100' },
      need: { code: 'food' },
      preferredTimes: 'Preferred contact times: weekday mornings',
    });
    expect(inbox.counts.new).toBeGreaterThanOrEqual(1);

    // Wrong side and illegal changes: 422 on /api and on FHIR PUT.
    expect(
      (await call('foodBankWorker', 'POST', `/api/referrals/${taskId}/cancel`, {})).status,
    ).toBe(422);
    expect((await call('coordinator', 'POST', `/api/referrals/${taskId}/accept`, {})).status).toBe(
      422,
    );
    const declineWithout = await call(
      'foodBankWorker',
      'POST',
      `/api/referrals/${taskId}/decline`,
      {},
    );
    expect([declineWithout.status, code(declineWithout.body)]).toEqual([
      422,
      'referral-reason-required',
    ]);
    const task = (await call('foodBankWorker', 'GET', `${FHIR_BASE}/Task/${taskId}`))
      .body as unknown as Task;
    const put = await call('foodBankWorker', 'PUT', `${FHIR_BASE}/Task/${taskId}`, {
      ...task,
      status: 'completed',
    });
    expect([put.status, code(put.body)]).toEqual([422, 'referral-illegal-transition']);

    expect(
      (await call('foodBankWorker', 'POST', `/api/referrals/${taskId}/accept`, {})).status,
    ).toBe(200);
    const done = await call('foodBankWorker', 'POST', `/api/referrals/${taskId}/complete`, {
      needMet: true,
      outcome: 'Weekly parcels arranged',
    });
    expect(done.status).toBe(200);
    expect(done.body as unknown as ReferralSummary).toMatchObject({
      status: 'completed',
      needMet: true,
    });

    const sent = (await call('coordinator', 'GET', '/api/referrals?patient=ana'))
      .body as unknown as ReferralList;
    expect(sent.items.find((r) => r.id === taskId)).toMatchObject({
      status: 'completed',
      needMet: true,
      outcome: 'Weekly parcels arranged',
      procedure: expect.stringMatching(/^Procedure\//),
    });
    const after = (await call('coordinator', 'GET', '/api/referrals/metrics'))
      .body as unknown as ReferralMetrics;
    expect(after.total.loopClosed).toBe(before.total.loopClosed + 1);
    expect(after.total.needMet).toBe(before.total.needMet + 1);
    expect(after.byNeed.find((r) => r.key === 'food')?.completed).toBeGreaterThanOrEqual(1);
  });

  it('the food bank cannot list the requesting side’s referrals of people beyond its inbox, nor run reminders', async () => {
    const list = (await call('foodBankWorker', 'GET', '/api/referrals?patient=ben'))
      .body as unknown as ReferralList;
    expect(list.items).toEqual([]);
    expect(
      (await call('foodBankWorker', 'POST', '/api/referrals/reminders/run')).status,
    ).toBeGreaterThanOrEqual(400);
  });
});
