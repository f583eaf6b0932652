import { testDatabaseKinds } from '@careweave/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markNotificationsAsRead, notificationFeed } from '../notifications/feed.js';
import { failure, openCareWorld, type CareWorld } from '../plans/testing/world.js';
import { MessageError } from './codes.js';
import { getThread, listThreads, markRead, postMessage, unreadSummary } from './threads.js';

describe.each(testDatabaseKinds())('team messages and notifications on %s', (kind) => {
  let world: CareWorld;
  beforeAll(async () => {
    world = await openCareWorld(kind);
  });
  afterAll(() => world?.dispose());

  it('threads messages per patient, notifies the people mentioned and counts unread per reader', async () => {
    const coord = await world.as('coordinator');
    const psych = await world.as('psychologist');
    const start = await postMessage(world.repo, coord, {
      patientId: 'ana',
      topic: 'After discharge',
      text: 'Ana is home. @Practitioner/psych can you see her this week?',
    });
    expect(start).toMatchObject({
      status: 'completed',
      subject: { reference: 'Patient/ana' },
      topic: { text: 'After discharge' },
      sender: { reference: 'Practitioner/coord' },
    });
    expect(start.recipient?.map((r) => r.reference)).toEqual(
      expect.arrayContaining([
        'Practitioner/psych',
        'PractitionerRole/gp-team-role',
        'Patient/ana',
      ]),
    );
    // Only people on the team can be mentioned.
    expect(
      await failure(() =>
        postMessage(world.repo, coord, {
          thread: start.id,
          text: 'cc @Practitioner/gp-other',
        }),
      ),
    ).toMatchObject({ status: 422, code: MessageError.MENTION_NOT_ON_TEAM });

    const feed = await notificationFeed(world.repo, psych);
    expect(feed.items[0]).toMatchObject({
      kind: 'mention',
      focus: `Communication/${start.id}`,
      actor: 'Practitioner/coord',
      patientId: 'ana',
    });
    expect(feed.items[0]?.summary).toContain('Nora Coordinator mentioned you: Ana is home.');
    expect((await unreadSummary(world.repo, psych)).byPatient).toEqual({ ana: 1 });

    await postMessage(world.repo, psych, {
      thread: start.id,
      text: 'Booked for Thursday.',
    });
    const threads = await listThreads(world.repo, coord, 'ana');
    expect(threads).toEqual([
      expect.objectContaining({
        id: start.id,
        topic: 'After discharge',
        messages: 2,
        unread: 1,
        lastMessage: 'Booked for Thursday.',
      }),
    ]);
    const thread = await getThread(world.repo, coord, start.id as string);
    expect(thread.messages.map((m) => [m.sender, m.mentions])).toEqual([
      ['Practitioner/coord', ['Practitioner/psych']],
      ['Practitioner/psych', []],
    ]);
    await markRead(world.repo, coord, start.id as string);
    expect((await unreadSummary(world.repo, coord)).total).toBe(0);
    expect((await unreadSummary(world.repo, psych)).total).toBe(1);

    expect(await markNotificationsAsRead(world.repo, psych)).toBeGreaterThan(0);
    expect((await notificationFeed(world.repo, psych)).unread).toBe(0);
  });

  it('keeps threads and feeds from people outside the team', async () => {
    const outsider = await world.as('gpNotOnTeam');
    expect(await failure(() => listThreads(world.repo, outsider, 'ana'))).toMatchObject({
      status: 404,
    });
    expect(
      await failure(() =>
        postMessage(world.repo, outsider, { patientId: 'ana', topic: 'Hi', text: 'Hello' }),
      ),
    ).toMatchObject({ status: 404 });
    expect((await unreadSummary(world.repo, outsider)).total).toBe(0);
    expect((await notificationFeed(world.repo, outsider)).items).toEqual([]);
  });
});
