import { Repository, claimRiskJob, lastRiskRun } from '@careweave/store';
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from '@careweave/store/testing';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { msUntilHour, startStratifyJob } from './stratify.js';

describe('the nightly schedule', () => {
  it('waits until the next occurrence of the hour, local time', () => {
    expect(msUntilHour(new Date(2026, 10, 25, 1, 30), 2)).toBe(30 * 60_000);
    expect(msUntilHour(new Date(2026, 10, 25, 2, 0), 2)).toBe(24 * 3_600_000);
    expect(msUntilHour(new Date(2026, 10, 25, 23, 0), 2)).toBe(3 * 3_600_000);
  });
});

describe.each(testDatabaseKinds())('the stratification job on %s', (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('runs once soon after start on a database never stratified', async () => {
    const app = Fastify({ logger: false });
    startStratifyJob({ app, repo: new Repository(t.db), hour: 3, enabled: true });
    for (let i = 0; i < 100 && !(await lastRiskRun(t.db)); i++)
      await new Promise((r) => setTimeout(r, 200));
    expect((await lastRiskRun(t.db))?.kind).toBe('full');
    await app.close();
  });

  it('runs on demand (one run at a time), incrementally while the last full run is recent, and stops with the app', async () => {
    const app = Fastify({ logger: false });
    const job = startStratifyJob({
      app,
      repo: new Repository(t.db),
      hour: 3,
      initialRun: false,
      enabled: true,
    });
    expect(job.nextRun()?.getHours()).toBe(3);
    const [a, b] = [job.runNow(), job.runNow()];
    expect(a).toBe(b);
    expect(await a).toMatchObject({ kind: 'incremental', patients: 0 });
    const monthly = startStratifyJob({
      app,
      repo: new Repository(t.db),
      initialRun: false,
      enabled: true,
      fullEveryDays: 30,
      now: () => new Date(Date.now() + 31 * 86_400_000),
    });
    expect((await monthly.runNow())?.kind).toBe('full');
    await app.close();
  });

  it('lets only one server claim a night', async () => {
    expect(await claimRiskJob(t.db, 'nightly:2026-11-26T02', 'a')).toBe(true);
    expect(await claimRiskJob(t.db, 'nightly:2026-11-26T02', 'b')).toBe(false);
  });
});
