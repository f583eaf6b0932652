import type { CarePlan, OperationOutcome, Task } from '@medplum/fhirtypes';
import {
  careWriteHooks,
  composeWriteHooks,
  createAccessService,
  loadPlanTemplates,
} from '@careweave/care';
import { careStory } from '@careweave/care/testing';
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
const USERS = ['coordinator', 'psychologist', 'gpNotOnTeam'] as const;

describe.each(testDatabaseKinds())('care API through a live server on %s', (kind) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let origin = '';
  const tokens = new Map<string, string>();
  let planId = '';
  let taskId = '';

  const call = async (
    user: string,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: Json; etag: string | null }> => {
    const response = await fetch(`${origin}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${tokens.get(user) ?? ''}`,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return {
      status: response.status,
      body: (text ? JSON.parse(text) : {}) as Json,
      etag: response.headers.get('etag'),
    };
  };
  const code = (body: Json): string | undefined =>
    (body as unknown as OperationOutcome).issue?.[0]?.details?.coding?.[0]?.code;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    // Wired like the server: care/access contexts, access + care write hooks, templates loaded at start.
    const access = createAccessService(new Repository(database.db), { cacheTtlMs: 0 });
    const repo = new Repository(database.db, {
      hooks: composeWriteHooks(access.writeHooks, careWriteHooks()),
    });
    const { directory, records } = careStory.careStoryResources();
    await repo.inTransaction(SYSTEM_CONTEXT, (w) =>
      w.upsertMany([...directory, ...records], { skipUnchanged: false }),
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
    tokens.set(
      'readOnly',
      await mintAccessToken(keys, {
        kind: 'user',
        sub: 'coord@example.org',
        fhirUser: 'Practitioner/coord',
        scopes: ['user/*.rs'],
      }),
    );
    // buildApp registers the /api care routes and PlanDefinition/$apply itself, as in production.
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

  it('creates a plan from a template with the standard $apply, then shows it by domain', async () => {
    expect(
      ((await call('coordinator', 'GET', '/api/plan-templates')).body['templates'] as unknown[])
        .length,
    ).toBe(5);
    const applied = await call(
      'coordinator',
      'POST',
      `${FHIR_BASE}/PlanDefinition/diabetes-depression/$apply?subject=Patient/ana`,
    );
    expect(applied.status).toBe(201);
    const plan = applied.body as unknown as CarePlan;
    planId = plan.id as string;
    expect(plan).toMatchObject({
      resourceType: 'CarePlan',
      status: 'active',
      goal: expect.any(Array),
      activity: expect.any(Array),
    });
    expect(
      (await call('coordinator', 'POST', `${FHIR_BASE}/PlanDefinition/diabetes-depression/$apply`))
        .status,
    ).toBe(400);
    expect(
      (
        await call(
          'coordinator',
          'POST',
          `${FHIR_BASE}/PlanDefinition/no-such-template/$apply?subject=Patient/ana`,
        )
      ).status,
    ).toBe(404);
    const list = await call('coordinator', 'GET', '/api/plans?patient=ana');
    expect(list.body['plans']).toEqual([
      expect.objectContaining({ id: planId, title: 'Diabetes + depression', status: 'active' }),
    ]);
    const view = await call('coordinator', 'GET', `/api/plans/${planId}`);
    expect(view.etag).toBe(`W/"${plan.meta?.versionId}"`);
    expect((view.body['domains'] as { domain: string }[]).map((d) => d.domain)).toEqual([
      'physical',
      'mental',
      'social',
      'self-care',
    ]);
    expect(view.body['progress']).toMatchObject({ goals: 3, activities: 5 });
  });

  it('adds a goal in the person’s words with If-Match; a stale version answers 412', async () => {
    const { etag } = await call('coordinator', 'GET', `/api/plans/${planId}`);
    const goal = {
      description: 'Be well enough to babysit my grandchildren on Fridays',
      domain: 'self-care',
      inPersonsWords: true,
      personalRank: 1,
      reason: 'Ana said this at the visit',
    };
    const added = await call('coordinator', 'POST', `/api/plans/${planId}/goals`, goal, {
      'If-Match': etag ?? '',
    });
    expect(added.status).toBe(201);
    expect(added.etag).not.toBe(etag);
    const stale = await call(
      'psychologist',
      'POST',
      `/api/plans/${planId}/goals`,
      { description: 'Sleep better', domain: 'mental' },
      { 'If-Match': etag ?? '' },
    );
    expect([stale.status, stale.body['resourceType']]).toEqual([412, 'OperationOutcome']);
    const merged = await call(
      'psychologist',
      'POST',
      `/api/plans/${planId}/goals`,
      { description: 'Sleep better', domain: 'mental' },
      { 'If-Match': added.etag ?? '' },
    );
    expect(merged.status).toBe(201);
    expect(
      (
        await call('readOnly', 'POST', `/api/plans/${planId}/goals`, {
          description: 'x',
          domain: 'mental',
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await call('coordinator', 'POST', `/api/plans/${planId}/goals`, {
          description: 'x',
          domain: 'spiritual',
        })
      ).status,
    ).toBe(400);
  });

  it('assigns an activity to the psychologist, who finds it in the worklist and completes it; the FHIR API cannot reopen it', async () => {
    const added = await call('coordinator', 'POST', `/api/plans/${planId}/activities`, {
      title: 'Check in about sleep',
      domain: 'mental',
      owner: 'Practitioner/psych',
      due: '2026-12-01',
      priority: 'urgent',
    });
    expect(added.status).toBe(201);
    taskId = (added.body['created'] as { reference: string }).reference.replace('Task/', '');
    const list = await call('psychologist', 'GET', '/api/worklist?scope=mine&status=open');
    const item = (
      list.body['items'] as { id: string; description: string; patient: { id: string } }[]
    ).find((i) => i.id === taskId);
    expect(item).toMatchObject({ description: 'Check in about sleep', patient: { id: 'ana' } });
    expect((await call('psychologist', 'GET', '/api/worklist?scope=everyone')).status).toBe(400);
    const done = await call('psychologist', 'POST', `/api/tasks/${taskId}/complete`, {
      outcome: 'Sleeping 7 hours most nights',
    });
    expect(done.body).toMatchObject({
      status: 'completed',
      output: [{ valueString: 'Sleeping 7 hours most nights' }],
    });
    const reopen = { ...(done.body as unknown as Task), status: 'requested' };
    const put = await call('psychologist', 'PUT', `${FHIR_BASE}/Task/${taskId}`, reopen);
    expect([put.status, put.body['resourceType'], code(put.body)]).toEqual([
      422,
      'OperationOutcome',
      'task-illegal-transition',
    ]);
    const view = await call('coordinator', 'GET', `/api/plans/${planId}`);
    expect(view.body['progress']).toMatchObject({ activitiesDone: 1 });
    const changes = await call('coordinator', 'GET', `/api/plans/${planId}/changes`);
    expect(
      (changes.body['changes'] as { reference: string }[]).some(
        (c) => c.reference === `Task/${taskId}`,
      ),
    ).toBe(true);
  });

  it('messages the team with a mention; notifications and unread counts follow', async () => {
    const posted = await call('coordinator', 'POST', '/api/messages/threads', {
      patient: 'ana',
      topic: 'Sleep',
      text: 'Thanks @Practitioner/psych — shall we review at the next meeting?',
    });
    expect(posted.status).toBe(201);
    const thread = posted.body['thread'] as string;
    expect((await call('psychologist', 'GET', '/api/messages/unread')).body).toMatchObject({
      total: 1,
      byPatient: { ana: 1 },
    });
    expect(
      (await call('psychologist', 'POST', `/api/messages/threads/${thread}/read`)).status,
    ).toBe(204);
    expect((await call('psychologist', 'GET', '/api/messages/unread')).body['total']).toBe(0);
    const feed = await call('psychologist', 'GET', '/api/notifications');
    expect((feed.body['items'] as { kind: string }[]).map((n) => n.kind)).toEqual(
      expect.arrayContaining(['mention', 'task-assigned', 'plan-changed']),
    );
    const coordFeed = await call('coordinator', 'GET', '/api/notifications?unread=true');
    expect(
      (coordFeed.body['items'] as { kind: string; actor: string }[]).some(
        (n) => n.kind === 'plan-changed' && n.actor === 'Practitioner/psych',
      ),
    ).toBe(true);
    expect(
      (await call('coordinator', 'POST', '/api/notifications/read', {})).body['marked'],
    ).toBeGreaterThan(0);
  });

  it('keeps the plan, its tasks and threads from someone who is not on the team', async () => {
    for (const [method, path, body] of [
      ['GET', `/api/plans/${planId}`, undefined],
      ['POST', `/api/plans/${planId}/goals`, { description: 'x', domain: 'physical' }],
      ['GET', `${FHIR_BASE}/CarePlan/${planId}`, undefined],
      ['POST', `/api/tasks/${taskId}/notes`, { text: 'hello' }],
      ['GET', '/api/messages/threads?patient=ana', undefined],
    ] as const) {
      expect([path, (await call('gpNotOnTeam', method, path, body)).status]).toEqual([path, 404]);
    }
    expect((await call('gpNotOnTeam', 'GET', '/api/worklist?scope=team')).body['items']).toEqual(
      [],
    );
  });

  it('lists for any clinician the people whose active care teams list them, with their role', async () => {
    const mine = await call('psychologist', 'GET', '/api/roster/my-patients');
    expect(mine.status).toBe(200);
    const ana = (mine.body['patients'] as { patientId: string; roles: string[] }[]).find(
      (p) => p.patientId === 'ana',
    );
    expect(ana?.roles).toEqual(['psychologist']);
    const none = await call('gpNotOnTeam', 'GET', '/api/roster/my-patients');
    expect(none.body['patients']).toEqual([]);
  });

  it('lists the caseload and reassigns patients with a reason', async () => {
    const load = await call('coordinator', 'GET', '/api/roster/caseload');
    expect(
      (load.body['patients'] as { patientId: string }[]).map((p) => p.patientId).sort(),
    ).toEqual(['ana', 'ben', 'cleo']);
    expect(
      (
        await call('coordinator', 'POST', '/api/roster/reassign', {
          patients: ['ben'],
          to: 'not-a-reference',
          reason: 'x',
        })
      ).status,
    ).toBe(400);
    const moved = await call('coordinator', 'POST', '/api/roster/reassign', {
      patients: ['ben'],
      to: 'Practitioner/coord2',
      reason: 'Caseload balancing',
    });
    expect(moved.body['reassigned']).toEqual([
      expect.objectContaining({
        patientId: 'ben',
        from: 'Practitioner/coord',
        to: 'Practitioner/coord2',
        changed: true,
      }),
    ]);
    const after = await call('coordinator', 'GET', '/api/roster/caseload');
    expect(
      (after.body['patients'] as { patientId: string }[]).map((p) => p.patientId).sort(),
    ).toEqual(['ana', 'cleo']);
  });
});
