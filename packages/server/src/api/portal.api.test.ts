import type { OperationOutcome } from '@medplum/fhirtypes';
import {
  careWriteHooks,
  composeWriteHooks,
  createAccessService,
  frequencyResponse,
  loadInstruments,
  loadPlanTemplates,
} from '@careweave/care';
import { accessStory, careStory } from '@careweave/care/testing';
import type {
  NotificationFeed,
  PortalAccessLog,
  PortalConsent,
  PortalHome,
  PortalPlan,
  PortalQuestionnaires,
  PortalThreadDetail,
} from '@careweave/contract';
import { Repository, SYSTEM_CONTEXT, createAccount } from '@careweave/store';
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from '@careweave/store/testing';
import type { FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerAccessRoutes } from '../access/routes.js';
import { buildApp } from '../app.js';
import { generateSigningKeys } from '../auth/keys.js';
import { defaultScopesForRole } from '../auth/scopes.js';
import { mintAccessToken } from '../auth/tokens.js';

type Json = Record<string, unknown>;
const USERS = [
  'patient',
  'caregiverWithConsent',
  'coordinator',
  'erDoctor',
  'gpNotOnTeam',
  'psychologist',
] as const;
const HOSPITAL = accessStory.ORG.hospital;

/**
 * The person's portal over HTTP, told as Ana's story (the care story: Ana opted in to network
 * sharing and named mental health; her daughter Carla may see her Observations, Conditions and
 * care plan). Ana adds a priority, comments and marks her own activity done, writes to her team,
 * fills in the PHQ-9 she was asked for, stops sharing mental-health data with the hospital — and
 * the hospital's doctor no longer sees it on the next request — and reads who looked at her record.
 */
describe.each(testDatabaseKinds())('the person’s portal through a live server on %s', (kind) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let origin = '';
  const tokens = new Map<string, string>();

  const call = async <T = Json>(
    user: string,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: T; etag: string | null }> => {
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
      body: (text ? JSON.parse(text) : {}) as T,
      etag: response.headers.get('etag'),
    };
  };
  const code = (body: unknown): string | undefined =>
    (body as OperationOutcome).issue?.[0]?.details?.coding?.[0]?.code;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    const access = createAccessService(new Repository(database.db), { cacheTtlMs: 60_000 });
    const repo = new Repository(database.db, {
      hooks: composeWriteHooks(access.writeHooks, careWriteHooks()),
    });
    const { directory, records } = careStory.careStoryResources();
    await repo.inTransaction(SYSTEM_CONTEXT, (w) =>
      w.upsertMany([...directory, ...records], { skipUnchanged: false }),
    );
    await loadPlanTemplates(repo);
    await loadInstruments(repo);
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
    // As in production: break-the-glass, the access log and the audit hook on every FHIR answer.
    registerAccessRoutes(app, access);
    await app.listen({ port: 0, host: '127.0.0.1' });
    origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    // Ana's plan, from the heart-failure template (it has an activity the person does herself).
    const created = await call('coordinator', 'POST', '/api/plans', {
      patient: 'ana',
      template: 'heart-failure-discharge',
      reason: 'Agreed with Ana',
    });
    if (created.status !== 201) throw new Error(`plan: ${JSON.stringify(created.body)}`);
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await database?.dispose();
  });

  it('says whose record it is: the patient sees every section; the caregiver only what was shared', async () => {
    const mine = await call<PortalHome>('patient', 'GET', '/api/me');
    expect(mine.status).toBe(200);
    expect(mine.body.viewer.kind).toBe('patient');
    expect(mine.body.person.id).toBe('ana');
    expect(mine.body.sections).toEqual([
      'plan',
      'team',
      'messages',
      'questionnaires',
      'referrals',
      'consent',
      'access-log',
    ]);
    const carla = await call<PortalHome>('caregiverWithConsent', 'GET', '/api/me');
    expect(carla.status).toBe(200);
    expect(carla.body.viewer).toMatchObject({ kind: 'caregiver', name: 'Carla Alvarez' });
    expect(carla.body.person.id).toBe('ana');
    // Ana granted Patient, Observation, Condition and CarePlan: her plan and results, not her messages.
    expect(carla.body.sections).toEqual(['plan', 'questionnaires']);
    const messages = await call('caregiverWithConsent', 'GET', '/api/me/messages');
    expect(messages.status).toBe(403);
    expect(code(messages.body)).toBe('portal-not-shared');
    const log = await call('caregiverWithConsent', 'GET', '/api/me/access-log');
    expect(code(log.body)).toBe('portal-not-shared');
    const staff = await call('coordinator', 'GET', '/api/me');
    expect(staff.status).toBe(403);
    expect(code(staff.body)).toBe('portal-not-a-person');
  });

  it('Ana adds a priority, comments on a goal and marks her own activity done; the team sees the changes as hers', async () => {
    const before = await call<PortalPlan>('patient', 'GET', '/api/me/plan');
    expect(before.status).toBe(200);
    expect(before.body.plan?.title).toBeTruthy();
    expect(before.body.mine.map((a) => a.title)).toEqual(['Record morning weight']);
    expect(before.body.team.every((a) => !a.mine && a.who !== 'You')).toBe(true);

    const added = await call<PortalPlan>('patient', 'POST', '/api/me/priorities', {
      text: 'Walk to church on Sundays',
    });
    expect(added.status).toBe(201);
    const priority = added.body.goals[0];
    expect(priority).toMatchObject({ text: 'Walk to church on Sundays', inMyWords: true, rank: 1 });
    const empty = await call('patient', 'POST', '/api/me/priorities', { text: '  ' });
    expect(empty.status).toBe(400);

    const goal = added.body.goals.find((g) => !g.inMyWords);
    const commented = await call<PortalPlan>(
      'patient',
      'POST',
      `/api/me/goals/${goal?.id}/comments`,
      { text: 'Weighing is hard when my back hurts' },
    );
    expect(commented.status).toBe(201);
    expect(commented.body.goals.find((g) => g.id === goal?.id)?.comments).toEqual([
      expect.objectContaining({
        text: 'Weighing is hard when my back hurts',
        by: 'You',
        mine: true,
      }),
    ]);

    const mine = added.body.mine[0];
    const done = await call<PortalPlan>(
      'patient',
      'POST',
      `/api/me/activities/${mine?.reference.split('/')[1]}/done`,
      {},
    );
    expect(done.status).toBe(200);
    expect(done.body.mine[0]).toMatchObject({ done: true, status: 'Done' });
    const theirs = added.body.team[0];
    const refused = await call(
      'patient',
      'POST',
      `/api/me/activities/${theirs?.reference.split('/')[1]}/done`,
      {},
    );
    expect(refused.status).toBe(422);
    expect(code(refused.body)).toBe('portal-not-my-activity');

    // The team's view of the plan: the new goal, in Ana's words, and who changed what.
    const planId = added.body.plan?.id as string;
    const changes = await call<{ changes: { title: string; by?: string }[] }>(
      'coordinator',
      'GET',
      `/api/plans/${planId}/changes`,
    );
    expect(changes.body.changes).toContainEqual(
      expect.objectContaining({ title: 'Walk to church on Sundays', by: 'Patient/ana' }),
    );
    const notifications = await call<NotificationFeed>('coordinator', 'GET', '/api/notifications');
    expect(notifications.body.items).toContainEqual(
      expect.objectContaining({ kind: 'plan-changed', actor: 'Patient/ana' }),
    );

    // Carla sees the plan, but may not change it.
    const carla = await call<PortalPlan>('caregiverWithConsent', 'GET', '/api/me/plan');
    expect(carla.status).toBe(200);
    expect(carla.body.plan?.id).toBe(planId);
    const carlaAdds = await call('caregiverWithConsent', 'POST', '/api/me/priorities', {
      text: 'Mum should rest more',
    });
    expect(carlaAdds.status).toBe(403);
    expect(code(carlaAdds.body)).toBe('portal-person-only');
  });

  it('Ana writes to her team; the coordinator reads it in the team thread and Ana sees the read receipt', async () => {
    const sent = await call<{ thread: string }>('patient', 'POST', '/api/me/messages', {
      topic: 'My water tablets',
      text: 'Can I take the water tablet later in the day?',
    });
    expect(sent.status).toBe(201);
    const threads = await call<{ threads: { id: string; unread: number; topic: string }[] }>(
      'coordinator',
      'GET',
      '/api/messages/threads?patient=ana',
    );
    expect(threads.body.threads).toContainEqual(
      expect.objectContaining({ id: sent.body.thread, topic: 'My water tablets', unread: 1 }),
    );
    let detail = await call<PortalThreadDetail>(
      'patient',
      'GET',
      `/api/me/messages/${sent.body.thread}`,
    );
    expect(detail.body.messages[0]).toMatchObject({ mine: true, from: 'You', readBy: [] });
    expect(
      (await call('coordinator', 'POST', `/api/messages/threads/${sent.body.thread}/read`)).status,
    ).toBe(204);
    detail = await call<PortalThreadDetail>(
      'patient',
      'GET',
      `/api/me/messages/${sent.body.thread}`,
    );
    expect(detail.body.messages[0]?.readBy.map((r) => r.name)).toEqual(['Nora Coordinator']);
    const reply = await call(
      'coordinator',
      'POST',
      `/api/messages/threads/${sent.body.thread}/messages`,
      {
        text: 'Yes, before 2 pm is fine.',
      },
    );
    expect(reply.status).toBe(201);
    const mine = await call<{ threads: { unread: number }[] }>(
      'patient',
      'GET',
      '/api/me/messages',
    );
    expect(mine.body.threads[0]?.unread).toBe(1);
  });

  it('Ana fills in the PHQ-9 her team asked for; the request closes and the result is explained', async () => {
    const assigned = await call('coordinator', 'POST', '/api/assessments/assignments', {
      patient: 'Patient/ana',
      instrument: 'phq9',
    });
    expect(assigned.status).toBe(201);
    let mine = await call<PortalQuestionnaires>('patient', 'GET', '/api/me/questionnaires');
    expect(mine.body.assigned).toEqual([
      expect.objectContaining({ instrument: 'phq9', overdue: false, askedBy: 'Nora Coordinator' }),
    ]);
    expect(mine.body.available.map((a) => a.instrument)).toEqual(['phq9', 'gad7', 'ahc-hrsn']);
    const wrong = await call(
      'patient',
      'POST',
      '/api/me/questionnaires/gad7',
      frequencyResponse('phq9', 'ana', [1, 1, 1, 1, 1, 1, 1, 1, 0]),
    );
    expect(wrong.status).toBe(400);
    const sent = await call<{ safety: boolean }>(
      'patient',
      'POST',
      '/api/me/questionnaires/phq9',
      frequencyResponse('phq9', 'ana', [2, 2, 1, 1, 1, 1, 1, 0, 0]),
    );
    expect(sent.status).toBe(201);
    expect(sent.body.safety).toBe(false);
    mine = await call<PortalQuestionnaires>('patient', 'GET', '/api/me/questionnaires');
    expect(mine.body.assigned).toEqual([]);
    expect(mine.body.results).toEqual([
      expect.objectContaining({
        instrument: 'phq9',
        results: [
          expect.objectContaining({
            score: 9,
            band: 'mild',
            words: 'Your answers suggest mild symptoms of depression.',
          }),
        ],
      }),
    ]);
    const refused = await call(
      'caregiverWithConsent',
      'POST',
      '/api/me/questionnaires/phq9',
      frequencyResponse('phq9', 'ana', [0, 0, 0, 0, 0, 0, 0, 0, 0]),
    );
    expect(code(refused.body)).toBe('portal-person-only');
  });

  it('Ana stops sharing mental-health data with the hospital: a new Consent version, and the hospital doctor no longer sees it', async () => {
    // The hospital doctor joins Ana's team and sees her depression diagnosis (written at the clinic).
    const joined = await call('coordinator', 'POST', '/api/roster/care-teams/ana-team/members', {
      member: 'Practitioner/er-doc',
      role: 'gp',
      reason: 'Admitted last week',
    });
    expect(joined.status).toBe(200);
    expect((await call('erDoctor', 'GET', '/fhir/R4/Condition/ana-cond-psy')).status).toBe(200);

    const before = await call<PortalConsent>('patient', 'GET', '/api/me/consent');
    expect(before.status).toBe(200);
    const hospital = before.body.organisations.find((o) => o.id === HOSPITAL);
    expect(hospital).toMatchObject({ shares: true, categories: { 'mental-health': true } });
    expect(before.body.caregivers).toEqual([expect.objectContaining({ name: 'Carla Alvarez' })]);
    const stale = await call(
      'patient',
      'PUT',
      '/api/me/consent',
      { organisations: [] },
      { 'If-Match': 'W/"999"' },
    );
    expect(stale.status).toBe(412);
    const unknown = await call('patient', 'PUT', '/api/me/consent', {
      organisations: [{ id: 'nowhere', shares: true, categories: {} }],
    });
    expect(code(unknown.body)).toBe('portal-unknown-organisation');

    const revoked = await call<PortalConsent>(
      'patient',
      'PUT',
      '/api/me/consent',
      {
        organisations: [
          {
            id: HOSPITAL,
            shares: true,
            categories: { ...hospital?.categories, 'mental-health': false },
          },
        ],
      },
      { 'If-Match': before.etag ?? '' },
    );
    expect(revoked.status).toBe(200);
    expect(revoked.body.consent?.version).toBe(String(Number(before.body.consent?.version) + 1));
    expect(revoked.body.history).toHaveLength(2);
    expect(revoked.body.organisations.find((o) => o.id === HOSPITAL)).toMatchObject({
      shares: true,
      categories: { 'mental-health': false },
    });
    // The next request: gone for the hospital, still there for the network's coordinator.
    expect((await call('erDoctor', 'GET', '/fhir/R4/Condition/ana-cond-psy')).status).toBe(404);
    expect((await call('erDoctor', 'GET', '/fhir/R4/Observation/ana-obs-network')).status).toBe(
      200,
    );
    expect((await call('coordinator', 'GET', '/fhir/R4/Condition/ana-cond-psy')).status).toBe(200);
    // Carla's grant is carried over unchanged.
    expect(revoked.body.caregivers).toEqual(before.body.caregivers);
  });

  it('Ana reads who looked at her record, break-the-glass marked with its reason', async () => {
    const opened = await call('gpNotOnTeam', 'POST', '/api/break-glass', {
      patient: 'Patient/ana',
      reason: 'Unconscious in the emergency department',
    });
    expect(opened.status).toBe(201);
    await call('gpNotOnTeam', 'GET', '/fhir/R4/Condition?patient=ana');
    const log = await call<PortalAccessLog>('patient', 'GET', '/api/me/access-log');
    expect(log.status).toBe(200);
    expect(log.body.entries).toContainEqual(
      expect.objectContaining({
        who: 'Dr. Eve Emergency',
        organisation: 'Org hospital',
        what: 'looked at your health problems',
        breakTheGlass: false,
      }),
    );
    expect(log.body.entries).toContainEqual(
      expect.objectContaining({
        who: 'Dr. Otto Othergp',
        breakTheGlass: true,
        reason: 'Unconscious in the emergency department',
      }),
    );
    expect(log.body.entries.some((e) => e.who === 'Ana Alvarez')).toBe(false);
  });
});
