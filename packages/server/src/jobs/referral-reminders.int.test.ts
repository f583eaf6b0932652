import { DEFAULT_REMINDER_CONFIG } from '@careweave/care';
import { Repository } from '@careweave/store';
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from '@careweave/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runReferralRemindersOnce } from './referral-reminders.js';

describe.each(testDatabaseKinds())('the hourly referral reminders on %s', (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('run once per hour however many servers ask: the first to claim the hour does the work', async () => {
    const repo = new Repository(t.db);
    const at = new Date('2026-12-08T09:05:00Z');
    const first = await runReferralRemindersOnce(repo, at, DEFAULT_REMINDER_CONFIG, 'server-a');
    expect(first).toEqual({ notAccepted: [], stale: [], created: [] });
    // A second server on the same timer, a few seconds later in the same hour: skipped.
    const later = new Date('2026-12-08T09:05:04Z');
    expect(
      await runReferralRemindersOnce(repo, later, DEFAULT_REMINDER_CONFIG, 'server-b'),
    ).toBeUndefined();
    // The same server again within the hour: skipped too.
    expect(
      await runReferralRemindersOnce(repo, later, DEFAULT_REMINDER_CONFIG, 'server-a'),
    ).toBeUndefined();
    // The next hour is anyone's.
    const next = new Date('2026-12-08T10:05:00Z');
    expect(
      await runReferralRemindersOnce(repo, next, DEFAULT_REMINDER_CONFIG, 'server-b'),
    ).toBeDefined();
  });

  it('two servers asking at the same moment: exactly one runs', async () => {
    const repo = new Repository(t.db);
    const at = new Date('2026-12-08T11:00:00Z');
    const runs = await Promise.all(
      ['a', 'b', 'c'].map((by) => runReferralRemindersOnce(repo, at, DEFAULT_REMINDER_CONFIG, by)),
    );
    expect(runs.filter((r) => r !== undefined)).toHaveLength(1);
  });
});
