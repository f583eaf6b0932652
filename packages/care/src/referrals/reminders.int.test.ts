import type { Task } from '@medplum/fhirtypes';
import { SYSTEM_CONTEXT } from '@careweave/store';
import { testDatabaseKinds } from '@careweave/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCareWorld, type CareWorld } from '../plans/testing/world.js';
import { businessDaysBetween, runReferralReminders } from './reminders.js';

const referral = (
  id: string,
  status: Task['status'],
  authoredOn: string,
  lastModified?: string,
): Task => ({
  resourceType: 'Task',
  id,
  status,
  intent: 'order',
  for: { reference: 'Patient/ana' },
  focus: { reference: 'ServiceRequest/ana-referral' },
  requester: { reference: 'Practitioner/coord' },
  owner: { reference: 'Organization/food-bank' },
  authoredOn,
  lastModified: lastModified ?? authoredOn,
});

describe('business days', () => {
  it('counts Monday to Thursday as 3, and skips the weekend', () => {
    expect(
      businessDaysBetween(new Date('2026-03-02T10:00:00Z'), new Date('2026-03-05T10:00:00Z')),
    ).toBe(3);
    expect(
      businessDaysBetween(new Date('2026-03-02T10:00:00Z'), new Date('2026-03-05T09:00:00Z')),
    ).toBe(2);
    expect(
      businessDaysBetween(new Date('2026-03-06T10:00:00Z'), new Date('2026-03-10T10:00:00Z')),
    ).toBe(2);
  });
});

describe.each(testDatabaseKinds())('referral reminders on %s (injected clock)', (kind) => {
  let world: CareWorld;
  beforeAll(async () => {
    world = await openCareWorld(kind);
    await world.repo.inTransaction(SYSTEM_CONTEXT, (w) =>
      w.upsertMany(
        [
          // Sent Monday 2 March: by Thursday 5 March three business days have passed.
          referral('late-accept', 'requested', '2026-03-02T10:00:00Z'),
          // Sent Wednesday 4 March: still within its three business days on Thursday.
          referral('fresh', 'requested', '2026-03-04T10:00:00Z'),
          // In progress, last update 15 days before Thursday 5 March.
          referral('stale', 'in-progress', '2026-02-01T10:00:00Z', '2026-02-18T10:00:00Z'),
          // In progress, updated last week.
          referral('busy', 'in-progress', '2026-02-01T10:00:00Z', '2026-02-27T10:00:00Z'),
        ],
        { skipUnchanged: false },
      ),
    );
  });
  afterAll(() => world?.dispose());

  it('escalates to the coordinator: not accepted within 3 business days, in progress without an update for 14 days — once', async () => {
    const now = new Date('2026-03-05T12:00:00Z');
    const run = await runReferralReminders(world.repo, now);
    expect(run.notAccepted.filter((id) => ['late-accept', 'fresh'].includes(id))).toEqual([
      'late-accept',
    ]);
    expect(run.stale.filter((id) => ['stale', 'busy'].includes(id))).toEqual(['stale']);
    const followUp = await world.repo.read<Task>(SYSTEM_CONTEXT, 'Task', 'rna-late-accept');
    expect(followUp).toMatchObject({
      status: 'requested',
      owner: { reference: 'Practitioner/coord' },
      partOf: [{ reference: 'Task/late-accept' }],
      code: { coding: [{ code: 'referral-not-accepted' }] },
    });
    expect(await world.repo.read<Task>(SYSTEM_CONTEXT, 'Task', 'rnu-stale')).toMatchObject({
      code: { coding: [{ code: 'referral-no-update' }] },
    });
    const again = await runReferralReminders(world.repo, now);
    expect(
      again.created.filter((id) => id.endsWith('late-accept') || id.endsWith('stale')),
    ).toEqual([]);
    // A shorter setting escalates the fresh one too.
    const strict = await runReferralReminders(world.repo, now, {
      acceptBusinessDays: 1,
      staleDays: 14,
    });
    expect(strict.created).toContain('rna-fresh');
  });
});
