import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CarePlan, Task } from '@medplum/fhirtypes';
import { loadPlanTemplates } from '@careweave/care';
import { wireAccess } from '@careweave/server';
import { SYSTEM_CONTEXT } from '@careweave/store';
import { openTestDatabase, type TestDatabase } from '@careweave/store/testing';
import { generatePopulation } from '@careweave/synth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFiles } from '../import/importer.js';
import { listSources } from '../import/sources.js';
import { ensureDemoAccounts } from './demo-accounts.js';
import { seedDemoWork } from './demo-work.js';
import { seedDemoStays } from './demo-stays.js';

/** The demo's first login finds work waiting: plans from fitting templates and overdue tasks (PGlite, as the demo runs). */
describe('the demo working state', () => {
  let t: TestDatabase;
  let dir: string;
  let wired: ReturnType<typeof wireAccess>;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'careweave-demo-work-'));
    await generatePopulation({ patients: 200, seed: 42, outDir: dir });
    t = await openTestDatabase('pglite');
    wired = wireAccess(t.db);
    await importFiles(wired.repo, listSources([dir]));
    await loadPlanTemplates(wired.repo);
    await ensureDemoAccounts(t.db, wired.repo);
  }, 600_000);
  afterAll(async () => {
    await t?.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  it('gives the coordinator’s people plans and some late follow-ups, once', async () => {
    const now = new Date();
    const work = await seedDemoWork(t.db, wired.repo, wired.access, now);
    expect(work.plans).toBeGreaterThan(1);
    const plans = (
      await wired.repo.search(SYSTEM_CONTEXT, 'CarePlan', [
        ['status', 'active'],
        ['_count', '100'],
      ])
    ).resources as CarePlan[];
    const seeded = plans.filter((p) => p.instantiatesCanonical?.length);
    expect(seeded).toHaveLength(work.plans);
    // The tour's own people are left for a plan made by hand.
    expect(seeded.map((p) => p.subject.reference)).not.toContain('Patient/demo-patient-1');
    const tasks = (
      await wired.repo.search(SYSTEM_CONTEXT, 'Task', [
        ['status', 'requested'],
        ['_count', '500'],
      ])
    ).resources as Task[];
    expect(tasks.length).toBe(work.tasks);
    const today = now.toISOString().slice(0, 10);
    expect(tasks.some((task) => (task.restriction?.period?.end ?? '9999') < today)).toBe(true);
    expect(await seedDemoWork(t.db, wired.repo, wired.access, now)).toEqual({ plans: 0, tasks: 0 });
  });

  it('puts a recent discharge and a stay in progress on her caseload, through the protocol, once', async () => {
    const now = new Date();
    const stays = await seedDemoStays(t.db, wired.repo, wired.access, now);
    expect(stays.encounters).toHaveLength(2);
    const codes = async (id: string): Promise<string[]> =>
      (
        (
          await wired.repo.search(SYSTEM_CONTEXT, 'Task', [
            ['focus', `Encounter/${id}`],
            ['status', 'requested'],
            ['_count', '50'],
          ])
        ).resources as Task[]
      )
        .map((task) => task.code?.coding?.[0]?.code ?? '')
        .sort();
    const [discharged = '', inHospital = ''] = stays.encounters;
    expect(await codes(discharged)).toEqual([
      'follow-up-7-days',
      'medication-reconciliation',
      'post-discharge-contact',
    ]);
    expect(await codes(inHospital)).toEqual(['admission-contact']);
    expect(await seedDemoStays(t.db, wired.repo, wired.access, now)).toEqual({ encounters: [] });
  });
});
