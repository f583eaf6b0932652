import type { Bundle, OperationOutcome, Parameters, Task } from '@medplum/fhirtypes';
import {
  careWriteHooks,
  composeWriteHooks,
  createAccessService,
  frequencyResponse,
  loadInstruments,
  loadPlanTemplates,
} from '@careweave/care';
import { careStory } from '@careweave/care/testing';
import { Repository, SYSTEM_CONTEXT, createAccount } from '@careweave/store';
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from '@careweave/store/testing';
import type { FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { generateSigningKeys } from '../auth/keys.js';
import { defaultScopesForRole } from '../auth/scopes.js';
import { mintAccessToken } from '../auth/tokens.js';

type Json = Record<string, unknown>;
const USERS = ['coordinator', 'psychologist', 'gpNotOnTeam'] as const;

describe.each(testDatabaseKinds())('assessments through a live server on %s', (kind) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let origin = '';
  const tokens = new Map<string, string>();

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

  const param = (p: Json, name: string): unknown => {
    const found = (p as unknown as Parameters).parameter?.find((x) => x.name === name);
    return found?.valueInteger ?? found?.valueString ?? found?.valueBoolean;
  };
  const summary = async (user: string): Promise<Json> =>
    (await call(user, 'GET', '/api/assessments/summary?patient=ana')).body;

  it('$score gives the same result as careweave score, for a response or an answer list', async () => {
    const qr = frequencyResponse('phq9', 'ana', [2, 2, 3, 2, 1, 2, 2, 1, 1]);
    const scored = await call('coordinator', 'POST', '/fhir/R4/Questionnaire/phq-9/$score', qr);
    expect(scored.status).toBe(200);
    expect(JSON.parse(String(param(scored.body, 'summary')))).toEqual({
      score: 16,
      band: 'moderately severe',
      safety: true,
    });
    expect(param(scored.body, 'band')).toBe('moderately severe');
    const listed = await call('coordinator', 'POST', '/fhir/R4/Questionnaire/gad-7/$score', {
      resourceType: 'Parameters',
      parameter: [{ name: 'answers', valueString: '3,3,3,3,3,0,0' }],
    });
    expect(param(listed.body, 'summary')).toBe('{"score":15,"band":"severe"}');
    const phq2 = await call(
      'coordinator',
      'POST',
      '/fhir/R4/Questionnaire/phq-2/$score?answers=1,1',
    );
    expect(param(phq2.body, 'positive')).toBe(false);
    const bad = await call(
      'coordinator',
      'POST',
      '/fhir/R4/Questionnaire/phq-9/$score?answers=1,0,2',
    );
    expect(bad.status).toBe(422);
    expect(code(bad.body)).toBe('assessment-too-few-answers');
    expect(JSON.stringify(bad.body)).toMatch(/item 4/);
    // Scoring stores nothing.
    expect(
      ((await call('coordinator', 'GET', '/fhir/R4/QuestionnaireResponse?patient=ana')).body[
        'entry'
      ] ?? []) as unknown[],
    ).toHaveLength(0);
  });

  it('a coordinator records a PHQ-9 with item 9 = 1 (FHIR create): the urgent task is on the behavioural-health clinician’s worklist, the flag on the summary', async () => {
    const created = await call(
      'coordinator',
      'POST',
      '/fhir/R4/QuestionnaireResponse',
      frequencyResponse('phq9', 'ana', [1, 1, 1, 1, 1, 0, 0, 0, 1]),
    );
    expect(created.status).toBe(201);
    const worklist = (await call('psychologist', 'GET', '/api/worklist')).body;
    const items = worklist['items'] as { task: Task }[];
    const urgent = items.find((i) => i.task.priority === 'urgent');
    expect(urgent?.task.description).toMatch(/assess safety today/);
    const s = await summary('psychologist');
    expect(s['safetyFlags']).toHaveLength(1);
    const phq9 = (s['instruments'] as { key: string; latest?: Json }[]).find(
      (i) => i.key === 'phq9',
    );
    expect(phq9?.latest).toMatchObject({ score: 6, band: 'mild' });
  });

  it('a transaction bundle carrying a PHQ-9 gets the same safety task', async () => {
    const before = (await summary('coordinator'))['safetyFlags'] as unknown[];
    const bundle: Bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        {
          fullUrl: 'urn:uuid:7f0c3b5e-1b7e-4a53-9d1a-2b3c4d5e6f70',
          resource: frequencyResponse('phq9', 'ana', [0, 0, 0, 0, 0, 0, 0, 0, 3]),
          request: { method: 'POST', url: 'QuestionnaireResponse' },
        },
      ],
    };
    expect((await call('coordinator', 'POST', '/fhir/R4', bundle)).status).toBe(200);
    expect((await summary('coordinator'))['safetyFlags']).toHaveLength(before.length + 1);
  });

  it('PHQ-9 ≥ 10 suggests a goal and activity: accepted onto the plan; a second is dismissed with a reason', async () => {
    await call(
      'coordinator',
      'POST',
      '/fhir/R4/QuestionnaireResponse',
      frequencyResponse('phq9', 'ana', [2, 2, 2, 2, 2, 1, 1, 0, 0]),
    );
    let suggestions = (await summary('coordinator'))['suggestions'] as {
      id: string;
      kind: string;
    }[];
    expect(suggestions.map((x) => x.kind)).toEqual(['goal']);
    const noPlan = await call(
      'coordinator',
      'POST',
      `/api/assessments/suggestions/${suggestions[0]?.id}/accept`,
      {},
    );
    expect(noPlan.status).toBe(422);
    expect(code(noPlan.body)).toBe('assessment-no-active-plan');
    expect(
      (await call('coordinator', 'POST', '/api/plans', { patient: 'ana', title: 'Ana’s plan' }))
        .status,
    ).toBe(201);
    const accepted = await call(
      'coordinator',
      'POST',
      `/api/assessments/suggestions/${suggestions[0]?.id}/accept`,
      {},
    );
    expect(accepted.status).toBe(200);
    expect((accepted.body['created'] as string[]).map((r) => r.split('/')[0])).toEqual([
      'Goal',
      'Task',
    ]);
    const again = await call(
      'coordinator',
      'POST',
      `/api/assessments/suggestions/${suggestions[0]?.id}/accept`,
      {},
    );
    expect(again.status).toBe(409);

    await call(
      'coordinator',
      'POST',
      '/fhir/R4/QuestionnaireResponse',
      frequencyResponse('gad7', 'ana', [3, 3, 3, 1, 1, 0, 0]),
    );
    suggestions = (await summary('coordinator'))['suggestions'] as { id: string; kind: string }[];
    expect(suggestions).toHaveLength(1);
    const noReason = await call(
      'coordinator',
      'POST',
      `/api/assessments/suggestions/${suggestions[0]?.id}/dismiss`,
      {},
    );
    expect(noReason.status).toBe(400);
    const dismissed = await call(
      'coordinator',
      'POST',
      `/api/assessments/suggestions/${suggestions[0]?.id}/dismiss`,
      {
        reason: 'Already under the anxiety clinic',
      },
    );
    expect(dismissed.status).toBe(200);
    expect((dismissed.body['task'] as Task).statusReason?.text).toBe(
      'Already under the anxiety clinic',
    );
    expect((await summary('coordinator'))['suggestions']).toHaveLength(0);
  });

  it('a staff member outside the team cannot see the summary', async () => {
    expect((await call('gpNotOnTeam', 'GET', '/api/assessments/summary?patient=ana')).status).toBe(
      404,
    );
  });
});
