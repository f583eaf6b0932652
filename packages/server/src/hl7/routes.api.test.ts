import type { Patient } from '@medplum/fhirtypes';
import { createAdtFeed, type AdtFeed } from '@careweave/care';
import type {
  Hl7MessageDetail,
  Hl7MessagePage,
  Hl7ReplayResult,
  MatchReviewList,
} from '@careweave/contract';
import { SYSTEM_CONTEXT } from '@careweave/store';
import { testDatabaseKinds } from '@careweave/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_SCOPE } from '../admin/guard.js';
import { startLiveServer, type LiveServer } from '../testing/live-server.js';

const adt = (event: string, controlId: string, pid: string, pv1 = true): string =>
  [
    `MSH|^~\\&|ADT1|NORTH|CW|CW|20261201090000||ADT^${event}|${controlId}|P|2.5`,
    `EVN|${event}|20261201090000`,
    `PID|1||${pid}`,
    ...(pv1 ? [`PV1|1|I|W1||||||||||||||||V-${controlId}^^^NORTH^VN`] : []),
  ].join('\r');

describe.each(testDatabaseKinds())('/api/hl7 on %s', (kind) => {
  let server: LiveServer;
  let feed: AdtFeed;
  let admin: string;

  const call = async <T>(
    method: string,
    path: string,
    token: string | undefined,
    body?: unknown,
  ): Promise<{ status: number; body: T }> => {
    const response = await fetch(`${server.origin}${path}`, {
      method,
      headers: {
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: response.status, body: (await response.json()) as T };
  };

  beforeAll(async () => {
    server = await startLiveServer(kind, { domainHooks: true });
    feed = createAdtFeed(server.repo);
    admin = await server.mintToken({ kind: 'system', sub: 'hl7-admin', scopes: [ADMIN_SCOPE] });
  });
  afterAll(() => server?.close());

  it('lists the message log for administrators only, newest first, with filters and paging', async () => {
    await feed.receive(adt('A01', 'API-1', 'P-1^^^NORTH^MR||Ito^Yuki||19600101|F'));
    await feed.receive(adt('A01', 'API-2', 'P-2^^^NORTH^MR||Ito^Ren||19610101|M', false));
    await feed.receive('not hl7 at all');
    expect((await call('GET', '/api/hl7/messages', undefined)).status).toBe(401);
    expect((await call('GET', '/api/hl7/messages', server.token)).status).toBe(403);

    const all = await call<Hl7MessagePage>('GET', '/api/hl7/messages', admin);
    expect(all.status).toBe(200);
    expect(all.body.messages.map((m) => [m.controlId, m.status, m.ack])).toEqual([
      [null, 'rejected', 'AR'],
      ['API-2', 'error', 'AE'],
      ['API-1', 'processed', 'AA'],
    ]);
    expect(all.body.messages[2]).toMatchObject({
      sender: 'ADT1|NORTH',
      event: 'A01',
      messageType: 'ADT^A01',
      version: '2.5',
      patient: expect.stringMatching(/^Patient\//),
    });
    const errors = await call<Hl7MessagePage>('GET', '/api/hl7/messages?status=error', admin);
    expect(errors.body.messages.map((m) => m.controlId)).toEqual(['API-2']);
    expect(errors.body.messages[0]?.error).toMatch(/PV1/);
    const page1 = await call<Hl7MessagePage>('GET', '/api/hl7/messages?limit=2', admin);
    expect(page1.body.messages).toHaveLength(2);
    const page2 = await call<Hl7MessagePage>(
      'GET',
      `/api/hl7/messages?limit=2&before=${page1.body.next}`,
      admin,
    );
    expect(page2.body.messages.map((m) => m.controlId)).toEqual(['API-1']);
    expect(page2.body.next).toBeUndefined();
    expect((await call('GET', '/api/hl7/messages?status=nonsense', admin)).status).toBe(400);
    expect((await call('GET', '/api/hl7/messages?from=yesterday', admin)).status).toBe(400);

    const detail = await call<Hl7MessageDetail>(
      'GET',
      `/api/hl7/messages/${all.body.messages[1]?.id}`,
      admin,
    );
    expect(detail.body.raw).toMatch(/^MSH\|/);
    expect((await call('GET', '/api/hl7/messages/999999', admin)).status).toBe(404);
  });

  it('replays a failed message after its cause is fixed, and refuses to replay an applied one', async () => {
    // A11 for a stay not yet known: AE. Once the admission has arrived, the replay cancels it.
    const failed = await feed.receive(adt('A11', 'API-R', 'P-R^^^NORTH^MR||Sato^Emi||19700101|F'));
    expect(failed.code).toBe('AE');
    await feed.receive(
      adt('A01', 'API-R0', 'P-R^^^NORTH^MR||Sato^Emi||19700101|F').replace('V-API-R0', 'V-API-R'),
    );
    const replayed = await call<Hl7ReplayResult>(
      'POST',
      `/api/hl7/messages/${failed.messageId}/replay`,
      admin,
    );
    expect(replayed.status).toBe(200);
    expect(replayed.body.message).toMatchObject({ status: 'processed', ack: 'AA', attempts: 2 });
    const again = await call<{ issue: { details: { coding: { code: string }[] } }[] }>(
      'POST',
      `/api/hl7/messages/${failed.messageId}/replay`,
      admin,
    );
    expect(again.status).toBe(409);
    expect(again.body.issue[0]?.details.coding[0]?.code).toBe('hl7-message-not-replayable');
    expect((await call('POST', '/api/hl7/messages/424242/replay', admin)).status).toBe(404);
  });

  it('shows uncertain matches side by side and applies the decision: link to the candidate, or register as new', async () => {
    const known = (
      await server.repo.create<Patient>(SYSTEM_CONTEXT, {
        resourceType: 'Patient',
        name: [{ family: 'Brennan', given: ['Siobhan'] }],
        birthDate: '1957-03-17',
        gender: 'female',
        address: [{ postalCode: 'D04' }],
      })
    ).resource;
    // Same name and birth date, no postcode: uncertain.
    const held1 = await feed.receive(
      adt('A01', 'API-M1', 'M-1^^^NORTH^MR||Brennan^Siobhan||19570317|F'),
    );
    const held2 = await feed.receive(
      adt('A04', 'API-M2', 'M-2^^^SOUTH^MR||Brennan^Siobhan||19570317|F'),
    );
    expect([held1.code, held2.code]).toEqual(['AA', 'AA']);
    const queue = await call<MatchReviewList>('GET', '/api/hl7/matches', admin);
    expect(queue.status).toBe(200);
    expect(queue.body.reviews).toHaveLength(2);
    const [first, second] = queue.body.reviews;
    expect(first).toMatchObject({
      status: 'open',
      event: 'A01',
      incoming: { family: 'Brennan', given: 'Siobhan', birthDate: '1957-03-17', postcode: null },
      candidates: [
        {
          patient: `Patient/${known.id}`,
          person: { family: 'Brennan', postcode: 'D04' },
          fields: { family: 'agree', given: 'agree', birthDate: 'agree', postcode: 'missing' },
        },
      ],
    });
    expect((await call('GET', '/api/hl7/matches', server.token)).status).toBe(403);
    expect(
      (await call('POST', `/api/hl7/matches/${first?.id}/resolve`, admin, { action: 'merge' }))
        .status,
    ).toBe(400);

    const linked = await call<Hl7ReplayResult>(
      'POST',
      `/api/hl7/matches/${first?.id}/resolve`,
      admin,
      { action: 'link', patient: `Patient/${known.id}` },
    );
    expect(linked.status).toBe(200);
    expect(linked.body.message).toMatchObject({
      status: 'processed',
      patient: `Patient/${known.id}`,
    });
    const registered = await call<Hl7ReplayResult>(
      'POST',
      `/api/hl7/matches/${second?.id}/resolve`,
      admin,
      { action: 'register' },
    );
    expect(registered.body.message.patient).not.toBe(`Patient/${known.id}`);
    expect(
      (await call('POST', `/api/hl7/matches/${second?.id}/resolve`, admin, { action: 'register' }))
        .status,
    ).toBe(409);
    const decided = await call<MatchReviewList>('GET', '/api/hl7/matches?status=all', admin);
    expect(decided.body.reviews.map((r) => [r.status, r.resolvedBy])).toEqual([
      ['linked', 'system'],
      ['registered', 'system'],
    ]);
    expect((await call<MatchReviewList>('GET', '/api/hl7/matches', admin)).body.reviews).toEqual(
      [],
    );
  });
});
