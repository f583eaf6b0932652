import type {
  Bundle,
  CapabilityStatement,
  Encounter,
  OperationOutcome,
  Parameters,
  Subscription,
} from '@medplum/fhirtypes';
import { SYSTEM_CONTEXT } from '@careweave/store';
import { testDatabaseKinds } from '@careweave/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { FIXTURE_PASSWORD, seedAuthFixture } from '../testing/auth-fixtures.js';
import { listenOn, startLiveServer, type LiveServer } from '../testing/live-server.js';
import { Receiver, describeNotification, until } from '../testing/webhook-receiver.js';

const BACKPORT = 'http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition';
const TOPIC = 'https://careweave.org/fhir/SubscriptionTopic';
const HEART_RATE = 'http://loinc.org|8867-4';

/** A topic-based R4 Subscription (backport IG profile) on a rest-hook endpoint. */
function restHook(
  endpoint: string,
  criteria: string,
  content: 'empty' | 'id-only' | 'full-resource',
  extra: { header?: string[]; heartbeat?: number; filter?: string } = {},
): Subscription {
  return {
    resourceType: 'Subscription',
    meta: { profile: [`${BACKPORT}/backport-subscription`] },
    status: 'requested',
    reason: 'integration test',
    criteria,
    ...(extra.filter
      ? {
          _criteria: {
            extension: [{ url: `${BACKPORT}/backport-filter-criteria`, valueString: extra.filter }],
          },
        }
      : {}),
    channel: {
      type: 'rest-hook',
      endpoint,
      payload: 'application/fhir+json',
      _payload: {
        extension: [{ url: `${BACKPORT}/backport-payload-content`, valueCode: content }],
      },
      ...(extra.header ? { header: extra.header } : {}),
      ...(extra.heartbeat
        ? {
            extension: [
              { url: `${BACKPORT}/backport-heartbeat-period`, valueUnsignedInt: extra.heartbeat },
            ],
          }
        : {}),
    },
  } as Subscription;
}

function admission(id: string, patient: string, status: Encounter['status']): Encounter {
  return {
    resourceType: 'Encounter',
    id,
    status,
    class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'IMP' },
    subject: { reference: `Patient/${patient}` },
    period: { start: '2026-11-30T08:00:00Z' },
  };
}

describe.each(testDatabaseKinds())('Subscriptions (R4 backport IG), on %s', (kind) => {
  let server: LiveServer;
  const receiver = new Receiver();

  async function fhir(
    method: string,
    path: string,
    body?: unknown,
    token?: string,
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await fetch(`${server.baseUrl}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${token ?? server.token}`,
        ...(body ? { 'Content-Type': 'application/fhir+json' } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    return {
      status: response.status,
      body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
    };
  }

  async function subscribe(sub: Subscription, token?: string): Promise<Subscription> {
    const created = await fhir('POST', '/Subscription', sub, token);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body as unknown as Subscription;
  }

  async function statusOf(id: string): Promise<string | undefined> {
    return ((await fhir('GET', `/Subscription/${id}`)).body as unknown as Subscription).status;
  }

  beforeAll(async () => {
    process.env['CAREWEAVE_WEBHOOK_ALLOW'] = '127.0.0.1';
    await receiver.start();
    server = await startLiveServer(kind, {
      domainHooks: true,
      subscriptionDelivery: { pollMs: 100 },
    });
    for (const id of ['ana', 'ben']) {
      await server.repo.update(SYSTEM_CONTEXT, {
        resourceType: 'Patient',
        id,
        name: [{ family: id }],
      });
    }
  }, 180_000);

  afterAll(async () => {
    await server?.close();
    await receiver.stop();
  });

  it('advertises exactly what is tested: the backport profile, its topics, $status and websocket binding', async () => {
    const { body } = await fhir('GET', '/metadata');
    const statement = body as unknown as CapabilityStatement;
    const subscription = statement.rest?.[0]?.resource?.find((r) => r.type === 'Subscription');
    expect(subscription?.supportedProfile).toEqual([`${BACKPORT}/backport-subscription`]);
    expect(subscription?.operation?.map((o) => o.name)).toEqual(['status', 'get-ws-binding-token']);
    expect(subscription?.extension?.map((e) => e.valueCanonical)).toEqual([
      `${TOPIC}/admission`,
      `${TOPIC}/discharge`,
      `${TOPIC}/referral-status`,
      `${TOPIC}/task-assigned`,
      `${TOPIC}/care-plan-change`,
    ]);
  });

  it('handshakes a rest-hook, then delivers admissions in order with the headers asked for, and heartbeats', async () => {
    const sub = await subscribe(
      restHook(receiver.url, `${TOPIC}/admission`, 'full-resource', {
        header: ['Authorization: Bearer hook-secret'],
        heartbeat: 1,
      }),
    );
    // Created `requested`; the handshake makes it active.
    expect(sub.status).toBe('requested');
    const id = sub.id as string;
    await until(async () => (await statusOf(id)) === 'active', 'the handshake');
    const [handshake] = receiver.acknowledged(id, 'handshake');
    expect(handshake?.headers['authorization']).toBe('Bearer hook-secret');
    expect(handshake?.headers['content-type']).toBe('application/fhir+json');
    expect(handshake?.bundle.type).toBe('history');

    // Two admissions and, between them, an Encounter that is no admission (planned).
    await server.repo.update(SYSTEM_CONTEXT, admission('adm-1', 'ana', 'in-progress'));
    await server.repo.update(SYSTEM_CONTEXT, admission('adm-x', 'ben', 'planned'));
    await server.repo.update(SYSTEM_CONTEXT, admission('adm-2', 'ben', 'in-progress'));
    // Updating an admitted stay without a new arrival fires nothing.
    await server.repo.update(SYSTEM_CONTEXT, {
      ...admission('adm-1', 'ana', 'in-progress'),
      priority: { text: 'urgent' },
    });
    await until(() => receiver.acknowledged(id, 'event-notification').length >= 2, 'two events');
    const events = receiver.acknowledged(id, 'event-notification');
    expect(events.map((e) => e.events)).toEqual([[1], [2]]);
    const first = events[0]?.bundle as Bundle;
    expect(first.entry?.[1]?.resource).toMatchObject({ resourceType: 'Encounter', id: 'adm-1' });
    expect(first.entry?.[0]?.request?.url).toMatch(new RegExp(`/Subscription/${id}/\\$status$`));

    await until(() => receiver.acknowledged(id, 'heartbeat').length > 0, 'a heartbeat');

    const status = await fhir('GET', `/Subscription/${id}/$status`);
    expect(status.status).toBe(200);
    const parameters = (status.body as unknown as Bundle).entry?.[0]?.resource as Parameters;
    expect(parameters.parameter).toEqual(
      expect.arrayContaining([
        { name: 'status', valueCode: 'active' },
        { name: 'type', valueCode: 'query-status' },
        { name: 'events-since-subscription-start', valueString: '2' },
        { name: 'topic', valueCanonical: `${TOPIC}/admission` },
      ]),
    );
    await fhir('DELETE', `/Subscription/${id}`);
  });

  it('fires classic R4 criteria (Observation?code=…) with id-only payloads, and not on other codes', async () => {
    const sub = await subscribe(
      restHook(receiver.url, `Observation?code=${HEART_RATE}`, 'id-only'),
    );
    const id = sub.id as string;
    await until(async () => (await statusOf(id)) === 'active', 'the handshake');
    const observation = (code: string, obsId: string) => ({
      resourceType: 'Observation' as const,
      id: obsId,
      status: 'final' as const,
      code: { coding: [{ system: 'http://loinc.org', code }] },
      subject: { reference: 'Patient/ana' },
    });
    await server.repo.update(SYSTEM_CONTEXT, observation('2339-0', 'glucose-1'));
    await server.repo.update(SYSTEM_CONTEXT, observation('8867-4', 'hr-1'));
    await until(() => receiver.acknowledged(id, 'event-notification').length >= 1, 'the event');
    const [event] = receiver.acknowledged(id, 'event-notification');
    expect(event?.events).toEqual([1]);
    expect(event?.bundle.entry?.[1]?.fullUrl).toBe(`${server.baseUrl}/Observation/hr-1`);
    expect(event?.bundle.entry?.[1]?.resource).toBeUndefined();
    await fhir('DELETE', `/Subscription/${id}`);
  });

  it('refuses rest-hook endpoints on loopback, private and link-local addresses (server-side request forgery)', async () => {
    for (const endpoint of [
      'http://localhost:9/hook',
      'http://10.1.2.3/hook',
      'http://169.254.169.254/latest/meta-data',
      'http://[::1]:8080/hook',
      'http://192.168.0.10/hook',
    ]) {
      const answer = await fhir(
        'POST',
        '/Subscription',
        restHook(endpoint, `${TOPIC}/admission`, 'empty'),
      );
      expect(answer.status, endpoint).toBe(422);
      const text = (answer.body as unknown as OperationOutcome).issue?.[0]?.details?.text ?? '';
      expect(text).toMatch(/loopback, private or link-local|CAREWEAVE_WEBHOOK_ALLOW/);
    }
    const unknownTopic = await fhir(
      'POST',
      '/Subscription',
      restHook(receiver.url, `${TOPIC}/nothing`, 'empty'),
    );
    expect(unknownTopic.status).toBe(422);
  });

  it('puts a Subscription whose handshake fails in error', async () => {
    receiver.answer = (r) => (r.type === 'handshake' && r.bundle.entry ? 500 : 200);
    try {
      const sub = await subscribe(
        restHook(`${receiver.url}/broken`, `${TOPIC}/discharge`, 'empty'),
      );
      await until(
        async () => (await statusOf(sub.id as string)) === 'error',
        'the error status',
        30_000,
      );
    } finally {
      receiver.answer = () => 200;
    }
  }, 40_000);

  it('delivers an event whose server stopped before delivering it exactly once, after a restart', async () => {
    const sub = await subscribe(restHook(receiver.url, `${TOPIC}/task-assigned`, 'id-only'));
    const id = sub.id as string;
    await until(async () => (await statusOf(id)) === 'active', 'the handshake');
    // The endpoint is down for the first event: the attempt fails and is due again later…
    const mine = (r: { subscription: string }): boolean =>
      r.subscription.endsWith(`/Subscription/${id}`);
    receiver.answer = (r) =>
      mine(r) &&
      r.type === 'event-notification' &&
      !receiver.received.some((x) => mine(x) && x.events[0] === 1)
        ? 503
        : 200;
    await server.repo.update(SYSTEM_CONTEXT, {
      resourceType: 'Task',
      id: 'task-1',
      status: 'requested',
      intent: 'order',
      for: { reference: 'Patient/ana' },
      owner: { reference: 'Practitioner/p-1' },
    });
    await until(
      () => receiver.received.some((r) => mine(r) && r.events[0] === 1 && r.answered === 503),
      'the failed attempt',
    );
    // …and the server goes away without draining anything.
    await server.app.close();
    const again = await listenOn(server.db, server.repo, { subscriptionDelivery: { pollMs: 100 } });
    try {
      await until(
        () => receiver.acknowledged(id, 'event-notification').length >= 1,
        'the event after restart',
      );
      // A later event proves the queue moved on without delivering the first one twice.
      await server.repo.update(SYSTEM_CONTEXT, {
        resourceType: 'Task',
        id: 'task-1',
        status: 'requested',
        intent: 'order',
        for: { reference: 'Patient/ana' },
        owner: { reference: 'Practitioner/p-2' },
      });
      await until(
        () => receiver.acknowledged(id, 'event-notification').length >= 2,
        'the second event',
      );
      expect(receiver.acknowledged(id, 'event-notification').map((r) => r.events)).toEqual([
        [1],
        [2],
      ]);
      await fetch(`${again.baseUrl}/Subscription/${id}`, {
        method: 'DELETE',
        headers: again.authorization,
      });
    } finally {
      await again.close();
    }
  }, 180_000);
});

describe.each(testDatabaseKinds())('Subscriptions: owner scope and websocket, on %s', (kind) => {
  let server: LiveServer;
  const receiver = new Receiver();

  beforeAll(async () => {
    process.env['CAREWEAVE_WEBHOOK_ALLOW'] = '127.0.0.1';
    await receiver.start();
    server = await startLiveServer(kind, {
      domainHooks: true,
      subscriptionDelivery: { pollMs: 100 },
    });
  }, 180_000);

  afterAll(async () => {
    await server?.close();
    await receiver.stop();
  });

  async function post(
    path: string,
    body: unknown,
    token: string,
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await fetch(`${server.baseUrl}${path}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/fhir+json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  it("delivers only what the Subscription's owner may see", async () => {
    await seedAuthFixture(server.db, server.repo, 'sub');
    await server.repo.update(SYSTEM_CONTEXT, {
      resourceType: 'Patient',
      id: 'sub-other',
      name: [{ family: 'Other' }],
    });
    // Nadia is on Ana's care team, not on the other person's.
    await server.repo.update(SYSTEM_CONTEXT, {
      resourceType: 'CareTeam',
      id: 'sub-team',
      status: 'active',
      subject: { reference: 'Patient/sub-ana' },
      participant: [{ member: { reference: 'Practitioner/sub-nadia' } }],
    });
    const login = await fetch(`${server.origin}/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'nadia.sub@example.org', password: FIXTURE_PASSWORD }),
    });
    const token = ((await login.json()) as { access_token: string }).access_token;
    const created = await post(
      '/Subscription',
      restHook(receiver.url, `Observation?code=${HEART_RATE}`, 'full-resource'),
      token,
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body['id'] as string;
    await until(() => receiver.acknowledged(id, 'handshake').length === 1, 'the handshake');
    await until(
      async () =>
        (await server.repo.read<Subscription>(SYSTEM_CONTEXT, 'Subscription', id)).status ===
        'active',
      'active',
    );
    for (const [obsId, patient] of [
      ['o-other', 'sub-other'],
      ['o-ana', 'sub-ana'],
    ] as const) {
      await server.repo.update(SYSTEM_CONTEXT, {
        resourceType: 'Observation',
        id: obsId,
        status: 'final',
        code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] },
        subject: { reference: `Patient/${patient}` },
      });
    }
    await until(() => receiver.acknowledged(id, 'event-notification').length >= 1, "Ana's event");
    // The other person's observation was event 1, withheld; Ana's is event 2 and the only one sent.
    const sent = receiver.acknowledged(id, 'event-notification');
    expect(sent.map((r) => r.events)).toEqual([[2]]);
    expect(sent[0]?.bundle.entry?.[1]?.resource).toMatchObject({ id: 'o-ana' });
    expect(receiver.received.some((r) => JSON.stringify(r.bundle).includes('o-other'))).toBe(false);
  });

  it('binds a websocket with a token and sends the handshake, then task assignments in order', async () => {
    const created = await post(
      '/Subscription',
      {
        resourceType: 'Subscription',
        meta: { profile: [`${BACKPORT}/backport-subscription`] },
        status: 'requested',
        reason: 'websocket test',
        criteria: `${TOPIC}/task-assigned`,
        channel: {
          type: 'websocket',
          payload: 'application/fhir+json',
          _payload: {
            extension: [{ url: `${BACKPORT}/backport-payload-content`, valueCode: 'id-only' }],
          },
        },
      },
      server.token,
    );
    expect(created.status).toBe(201);
    const id = created.body['id'] as string;
    const binding = await post(
      `/Subscription/${id}/$get-ws-binding-token`,
      { resourceType: 'Parameters' },
      server.token,
    );
    const param = (name: string) =>
      (binding.body as unknown as Parameters).parameter?.find((p) => p.name === name);
    const token = param('token')?.valueString as string;
    const url = param('websocket-url')?.valueUrl as string;
    expect(url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\//);
    const socket = new WebSocket(url);
    const messages: Bundle[] = [];
    socket.on('message', (data: Buffer) => messages.push(JSON.parse(data.toString()) as Bundle));
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    try {
      socket.send(`bind-with-token: ${token}`);
      await until(() => messages.length >= 1, 'the handshake');
      expect(describeNotification(messages[0] as Bundle).type).toBe('handshake');
      for (const owner of ['Practitioner/a', 'Practitioner/b']) {
        await server.repo.update(SYSTEM_CONTEXT, {
          resourceType: 'Task',
          id: 'ws-task',
          status: 'requested',
          intent: 'order',
          owner: { reference: owner },
        });
      }
      await until(() => messages.length >= 3, 'two events');
      expect(messages.slice(1).map((m) => describeNotification(m).events)).toEqual([[1], [2]]);
      expect(messages[1]?.entry?.[1]?.fullUrl).toBe(`${server.baseUrl}/Task/ws-task`);
    } finally {
      socket.close();
    }
  });
});
