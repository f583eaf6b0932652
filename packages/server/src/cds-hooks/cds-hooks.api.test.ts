/**
 * CDS Hooks 2.0 through a live server, with a plain HTTP client checking the specification's JSON
 * shapes (https://cds-hooks.hl7.org/2.0/): discovery, cards, feedback; the workspace's token and
 * an outside EHR's self-signed JWT; prefetch; the caller's access scope; suggestions performed
 * through the FHIR API (the one write path).
 */
import type { Bundle, Observation, Task } from '@medplum/fhirtypes';
import { careWriteHooks, composeWriteHooks, createAccessService } from '@careweave/care';
import { careStory } from '@careweave/care/testing';
import type {
  CdsCard,
  CdsDiscoveryResponse,
  CdsHookResponse,
  CdsRatesResponse,
} from '@careweave/contract';
import {
  Repository,
  SYSTEM_CONTEXT,
  createAccount,
  createClient,
  setClientJwks,
} from '@careweave/store';
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from '@careweave/store/testing';
import type { FastifyInstance } from 'fastify';
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey } from 'jose';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { generateSigningKeys } from '../auth/keys.js';
import { defaultScopesForRole } from '../auth/scopes.js';
import { mintAccessToken } from '../auth/tokens.js';

type Json = Record<string, unknown>;
const USERS = ['coordinator', 'gpNotOnTeam', 'programmeManager', 'patient'] as const;
type User = (typeof USERS)[number];
const PV = 'careweave-patient-view';
const DAY = 86_400_000;
const daysAgo = (n: number): string => new Date(Date.now() - n * DAY).toISOString();

/** The spec's required card fields and value sets, checked without our own types. */
function expectSpecCard(card: Json): void {
  expect(typeof card['uuid']).toBe('string');
  expect(typeof card['summary']).toBe('string');
  expect((card['summary'] as string).length).toBeLessThanOrEqual(140);
  expect(['info', 'warning', 'critical']).toContain(card['indicator']);
  expect(typeof (card['source'] as Json)['label']).toBe('string');
  for (const s of (card['suggestions'] ?? []) as Json[]) {
    expect(typeof s['label']).toBe('string');
    expect(typeof s['uuid']).toBe('string');
    for (const a of s['actions'] as Json[]) {
      expect(['create', 'update', 'delete']).toContain(a['type']);
      expect(typeof a['description']).toBe('string');
      expect(typeof (a['resource'] as Json)['resourceType']).toBe('string');
    }
  }
  for (const l of (card['links'] ?? []) as Json[]) {
    expect(['absolute', 'smart']).toContain(l['type']);
  }
  if (card['selectionBehavior'] !== undefined) {
    expect(['at-most-one', 'any']).toContain(card['selectionBehavior']);
  }
}

describe.each(testDatabaseKinds())('CDS Hooks 2.0 through a live server on %s', (kind) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let origin = '';
  const tokens = new Map<User, string>();
  let ehrKey: CryptoKey;

  const send = async (
    token: string | undefined,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: Json }> => {
    const response = await fetch(`${origin}${path}`, {
      method,
      headers: {
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      ...(body === undefined
        ? {}
        : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : {}) as Json };
  };
  const as = (user: User) => tokens.get(user) ?? '';
  const hook = (userId: string, patientId = 'ana', extra: Json = {}): Json => ({
    hook: 'patient-view',
    hookInstance: randomUUID(),
    context: { userId, patientId },
    ...extra,
  });
  const cardsOf = (body: Json): CdsCard[] => (body as unknown as CdsHookResponse).cards;
  const byRule = (cards: CdsCard[], rule: string): CdsCard | undefined =>
    cards.find((c) => c.source.topic?.code === rule);
  const ehrJwt = async (aud: string, iss = 'ehr-one', key: CryptoKey = ehrKey): Promise<string> =>
    new SignJWT({})
      .setProtectedHeader({ alg: 'ES384', kid: 'ehr-key-1', typ: 'JWT' })
      .setIssuer(iss)
      .setSubject(iss)
      .setAudience(aud)
      .setIssuedAt()
      .setExpirationTime('5m')
      .setJti(randomUUID())
      .sign(key);

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    const access = createAccessService(new Repository(database.db), { cacheTtlMs: 0 });
    const repo = new Repository(database.db, {
      hooks: composeWriteHooks(access.writeHooks, careWriteHooks({})),
    });
    const { directory, records } = careStory.careStoryResources();
    const phq = (code: string, value: number): Observation => ({
      resourceType: 'Observation',
      status: 'final',
      code: { coding: [{ system: 'http://loinc.org', code }] },
      subject: { reference: 'Patient/ana' },
      effectiveDateTime: daysAgo(3),
      valueInteger: value,
    });
    await repo.inTransaction(SYSTEM_CONTEXT, (w) =>
      w.upsertMany([...directory, ...records], { skipUnchanged: false }),
    );
    // Ana's PHQ-9: 12 (positive), item 9 answered 0.
    await repo.create(SYSTEM_CONTEXT, { ...phq('44261-6', 12), id: 'ana-phq9' });
    await repo.create(SYSTEM_CONTEXT, { ...phq('44260-8', 0), id: 'ana-phq9-item9' });
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
    // An outside EHR registers its public key (CDS Hooks 2.0: JWKS of the client).
    const pair = await generateKeyPair('ES384');
    ehrKey = pair.privateKey;
    await createClient(database.db, {
      clientId: 'ehr-one',
      name: 'Outside EHR',
      redirectUris: [],
      allowedScopes: [],
      kind: 'confidential',
      secretHash: 'unused',
    });
    await setClientJwks(database.db, 'ehr-one', {
      keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'ehr-key-1', alg: 'ES384' }],
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
  }, 300_000);
  afterAll(async () => {
    await app?.close();
    await database?.dispose();
  });

  it('discovery lists the services with hook, id, title, description and prefetch, without a token', async () => {
    const { status, body } = await send(undefined, 'GET', '/cds-services');
    expect(status).toBe(200);
    const services = (body as unknown as CdsDiscoveryResponse).services;
    expect(services.map((s) => [s.hook, s.id])).toEqual([
      ['patient-view', PV],
      ['order-sign', 'careweave-order-sign'],
    ]);
    for (const s of services) {
      expect(s.title.length).toBeGreaterThan(0);
      expect(s.description.length).toBeGreaterThan(0);
      expect(s.prefetch['patient']).toBe('Patient/{{context.patientId}}');
    }
  });

  it('the coordinator sees the PHQ-9 card; accepting creates the Task through the FHIR API and the card goes', async () => {
    const first = await send(
      as('coordinator'),
      'POST',
      `/cds-services/${PV}`,
      hook('Practitioner/coord'),
    );
    expect(first.status).toBe(200);
    const cards = cardsOf(first.body);
    cards.forEach((c) => expectSpecCard(c as unknown as Json));
    expect(byRule(cards, 'phq9-item9')).toBeUndefined();
    const card = byRule(cards, 'phq9-follow-up');
    expect(card).toMatchObject({
      indicator: 'warning',
      source: { label: expect.stringContaining('CMS2') },
    });
    const suggestion = card?.suggestions?.[0];
    const resource = suggestion?.actions[0]?.resource as unknown as Task;
    const created = await send(as('coordinator'), 'POST', '/fhir/R4/Task', resource);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ resourceType: 'Task', for: { reference: 'Patient/ana' } });
    const feedback = await send(as('coordinator'), 'POST', `/cds-services/${PV}/feedback`, {
      feedback: [
        {
          card: card?.uuid,
          outcome: 'accepted',
          acceptedSuggestions: [{ id: suggestion?.uuid }],
          outcomeTimestamp: new Date().toISOString(),
        },
      ],
    });
    expect(feedback.status).toBe(200);
    const again = await send(
      as('coordinator'),
      'POST',
      `/cds-services/${PV}`,
      hook('Practitioner/coord'),
    );
    expect(byRule(cardsOf(again.body), 'phq9-follow-up')).toBeUndefined();
  });

  /** A prefetched PHQ-9 item 9 answer of 2 for Ana (not in the database). */
  const item9Prefetch = () => {
    return {
      observations: {
        resourceType: 'Bundle',
        type: 'searchset',
        entry: [
          {
            resource: {
              resourceType: 'Observation',
              id: 'pre-1',
              status: 'final',
              code: { coding: [{ system: 'http://loinc.org', code: '44260-8' }] },
              subject: { reference: 'Patient/ana' },
              effectiveDateTime: daysAgo(1),
              valueInteger: 2,
            },
          },
        ],
      } satisfies Bundle,
    };
  };

  it('prefetch is honoured: a prefetched item 9 answer raises the critical card', async () => {
    const prefetch = item9Prefetch();
    const { status, body } = await send(
      as('coordinator'),
      'POST',
      `/cds-services/${PV}`,
      hook('Practitioner/coord', 'ana', { prefetch }),
    );
    expect(status).toBe(200);
    expect(byRule(cardsOf(body), 'phq9-item9')).toMatchObject({
      indicator: 'critical',
      summary: expect.stringContaining('item 9 = 2'),
    });
  });

  it('dismissing needs a reason; with one it is recorded and counted for the programme manager', async () => {
    const { body } = await send(
      as('coordinator'),
      'POST',
      `/cds-services/${PV}`,
      hook('Practitioner/coord', 'ana', { prefetch: item9Prefetch() }),
    );
    const card = byRule(cardsOf(body), 'phq9-item9');
    expect(card).toBeDefined();
    const override = (overrideReason?: Json) => ({
      feedback: [
        {
          card: card?.uuid,
          outcome: 'overridden',
          ...(overrideReason ? { overrideReason } : {}),
          outcomeTimestamp: new Date().toISOString(),
        },
      ],
    });
    const refused = await send(
      as('coordinator'),
      'POST',
      `/cds-services/${PV}/feedback`,
      override(),
    );
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toContain('cds-reason-required');
    const blank = await send(
      as('coordinator'),
      'POST',
      `/cds-services/${PV}/feedback`,
      override({ userComment: '  ' }),
    );
    expect(blank.status).toBe(400);
    const ok = await send(
      as('coordinator'),
      'POST',
      `/cds-services/${PV}/feedback`,
      override({
        reason: { code: 'not-relevant', display: 'Not relevant' },
        userComment: 'Seen by psychiatry',
      }),
    );
    expect(ok.status).toBe(200);
    const rates = await send(as('programmeManager'), 'GET', '/api/decision-support/rates');
    expect(rates.status).toBe(200);
    const rules = (rates.body as unknown as CdsRatesResponse).rules;
    expect(rules.length).toBeGreaterThanOrEqual(8);
    const followUp = rules.find((r) => r.ruleId === 'phq9-follow-up');
    expect(followUp?.accepted).toBe(1);
    expect(followUp?.overridden).toBe(0);
    expect(followUp?.acceptanceRate).toBe(1);
    const item9 = rules.find((r) => r.ruleId === 'phq9-item9');
    expect(item9).toMatchObject({ accepted: 0, overridden: 1, acceptanceRate: 0 });
    expect((await send(as('coordinator'), 'GET', '/api/decision-support/rates')).status).toBe(403);
  });

  it('the caller’s access scope applies: no care relationship → 403 and no cards; a patient login → 403', async () => {
    const other = await send(
      as('gpNotOnTeam'),
      'POST',
      `/cds-services/${PV}`,
      hook('Practitioner/gp-other'),
    );
    expect(other.status).toBe(403);
    expect(other.body['cards']).toBeUndefined();
    expect(other.body['resourceType']).toBe('OperationOutcome');
    const unknown = await send(
      as('coordinator'),
      'POST',
      `/cds-services/${PV}`,
      hook('Practitioner/coord', 'nobody'),
    );
    expect(unknown.status).toBe(403);
    const self = await send(as('patient'), 'POST', `/cds-services/${PV}`, hook('Patient/ana'));
    expect(self.status).toBe(403);
  });

  it('an outside EHR calls with its own JWT: aud must be the service URL, the key registered, the user known', async () => {
    const url = `${origin}/cds-services/${PV}`;
    const ok = await send(
      await ehrJwt(url),
      'POST',
      `/cds-services/${PV}`,
      hook('Practitioner/coord'),
    );
    expect(ok.status).toBe(200);
    expect(Array.isArray(ok.body['cards'])).toBe(true);
    const wrongAud = await send(
      await ehrJwt(`${origin}/cds-services/other`),
      'POST',
      `/cds-services/${PV}`,
      hook('Practitioner/coord'),
    );
    expect(wrongAud.status).toBe(401);
    const stranger = (await generateKeyPair('ES384')).privateKey;
    const wrongKey = await send(
      await ehrJwt(url, 'ehr-one', stranger),
      'POST',
      `/cds-services/${PV}`,
      hook('Practitioner/coord'),
    );
    expect(wrongKey.status).toBe(401);
    const unregistered = await send(
      await ehrJwt(url, 'ehr-two'),
      'POST',
      `/cds-services/${PV}`,
      hook('Practitioner/coord'),
    );
    expect(unregistered.status).toBe(401);
    const noRelationship = await send(
      await ehrJwt(url),
      'POST',
      `/cds-services/${PV}`,
      hook('Practitioner/gp-other'),
    );
    expect(noRelationship.status).toBe(403);
    const nobody = await send(
      await ehrJwt(url),
      'POST',
      `/cds-services/${PV}`,
      hook('Practitioner/not-an-account'),
    );
    expect(nobody.status).toBe(403);
  });

  it('order-sign: the tenth medicine being signed brings the pharmacist review card', async () => {
    const med = (code: string, status: string) => ({
      resourceType: 'MedicationRequest',
      status,
      intent: 'order',
      medicationCodeableConcept: {
        coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code }],
      },
      subject: { reference: 'Patient/ana' },
    });
    const active = Array.from({ length: 9 }, (_, i) => ({ resource: med(`rx-${i}`, 'active') }));
    const body = {
      hook: 'order-sign',
      hookInstance: randomUUID(),
      context: {
        userId: 'Practitioner/coord',
        patientId: 'ana',
        draftOrders: {
          resourceType: 'Bundle',
          type: 'collection',
          entry: [{ resource: med('rx-new', 'draft') }],
        },
      },
      prefetch: {
        medicationRequests: { resourceType: 'Bundle', type: 'searchset', entry: active },
      },
    };
    const { status, body: answer } = await send(
      as('coordinator'),
      'POST',
      '/cds-services/careweave-order-sign',
      body,
    );
    expect(status).toBe(200);
    expect(byRule(cardsOf(answer), 'polypharmacy-review')?.summary).toContain(
      'makes 10 active medicines',
    );
  });

  it('malformed requests get 400, unknown services 404, no token 401 — never 500', async () => {
    const coord = as('coordinator');
    expect(
      (await send(coord, 'POST', '/cds-services/nope', hook('Practitioner/coord'))).status,
    ).toBe(404);
    expect(
      (await send(coord, 'POST', `/cds-services/${PV}`, { hook: 'patient-view', context: {} }))
        .status,
    ).toBe(400);
    expect(
      (
        await send(coord, 'POST', `/cds-services/${PV}`, {
          ...hook('Practitioner/coord'),
          hook: 'order-sign',
        })
      ).status,
    ).toBe(400);
    expect((await send(coord, 'POST', `/cds-services/${PV}`, '{"hook":')).status).toBe(400);
    expect((await send(coord, 'POST', `/cds-services/${PV}`, [1, 2])).status).toBe(400);
    expect(
      (
        await send(
          coord,
          'POST',
          `/cds-services/${PV}`,
          hook('Practitioner/coord', 'ana', { prefetch: 7 }),
        )
      ).status,
    ).toBe(400);
    expect(
      (await send(undefined, 'POST', `/cds-services/${PV}`, hook('Practitioner/coord'))).status,
    ).toBe(401);
    expect(
      (await send('not-a-jwt', 'POST', `/cds-services/${PV}`, hook('Practitioner/coord'))).status,
    ).toBe(401);
    const fb = (item: Json) =>
      send(coord, 'POST', `/cds-services/${PV}/feedback`, { feedback: [item] });
    expect(
      (
        await fb({
          card: randomUUID(),
          outcome: 'accepted',
          outcomeTimestamp: new Date().toISOString(),
        })
      ).status,
    ).toBe(404);
    expect(
      (await fb({ card: 'x', outcome: 'maybe', outcomeTimestamp: new Date().toISOString() }))
        .status,
    ).toBe(400);
    expect(
      (await send(coord, 'POST', `/cds-services/${PV}/feedback`, { feedback: [] })).status,
    ).toBe(400);
  });
});
