import type { Provenance, Task } from '@medplum/fhirtypes';
import { SYSTEM_CONTEXT, listNotifications } from '@careweave/store';
import { testDatabaseKinds } from '@careweave/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure, openCareWorld, type CareWorld } from '../plans/testing/world.js';
import { createTask, reassignTasks, transitionTask } from './actions.js';
import { TASK_STATUSES, TASK_TRANSITIONS, TaskError, type TaskStatus } from './state-machine.js';
import { worklist } from './worklist.js';

const NOW = new Date('2026-03-10T12:00:00Z');
const task = (status: TaskStatus, extra: Partial<Task> = {}): Task => ({
  resourceType: 'Task',
  status,
  intent: 'order',
  for: { reference: 'Patient/ana' },
  ...extra,
});

describe.each(testDatabaseKinds())('tasks on %s', (kind) => {
  let world: CareWorld;
  beforeAll(async () => {
    world = await openCareWorld(kind);
  });
  afterAll(() => world?.dispose());

  it('accepts every legal status change and refuses illegal ones on the plain write path (what FHIR PUT uses)', async () => {
    const { repo } = world;
    const ctx = await world.as('coordinator');
    for (const from of TASK_STATUSES) {
      for (const to of TASK_TRANSITIONS[from]) {
        const created = (await repo.create(ctx, task(from))).resource;
        const updated = (await repo.update(ctx, { ...created, status: to })).resource;
        expect(updated.status, `${from} → ${to}`).toBe(to);
      }
      const stuck = (await repo.create(ctx, task(from))).resource;
      for (const to of TASK_STATUSES.filter(
        (s) => s !== from && !TASK_TRANSITIONS[from].includes(s),
      )) {
        const result = await failure(() => repo.update(ctx, { ...stuck, status: to }));
        expect(result, `${from} → ${to}`).toMatchObject({
          status: 422,
          code: TaskError.ILLEGAL_TRANSITION,
        });
      }
      expect((await repo.read<Task>(ctx, 'Task', stuck.id as string)).status).toBe(from);
    }
    // Imports are held to the same rule: completed → requested fails for the system too.
    const done = (await repo.create(SYSTEM_CONTEXT, task('completed'))).resource;
    expect(
      await failure(() => repo.update(SYSTEM_CONTEXT, { ...done, status: 'requested' })),
    ).toMatchObject({ status: 422, code: TaskError.ILLEGAL_TRANSITION });
  });

  it('completes a requested task with an outcome along a legal path, one version per step, with a Provenance', async () => {
    const { repo } = world;
    const ctx = await world.as('coordinator');
    const created = await createTask(repo, ctx, {
      patientId: 'ana',
      description: 'Call Ana about her appointment',
      owner: 'Practitioner/coord',
    });
    const held = await transitionTask(repo, ctx, created.id as string, {
      to: 'on-hold',
      reason: 'Ana is away until Monday',
    });
    expect(held).toMatchObject({
      status: 'on-hold',
      statusReason: { text: 'Ana is away until Monday' },
    });
    const done = await transitionTask(repo, ctx, created.id as string, {
      to: 'completed',
      outcome: 'Appointment confirmed for 14 March',
    });
    expect(done.output?.[0]).toMatchObject({ valueString: 'Appointment confirmed for 14 March' });
    const history = await repo.history(ctx, {
      resourceType: 'Task',
      id: created.id,
      count: 20,
    });
    expect(history.entries.map((e) => (e.resource as Task).status).reverse()).toEqual([
      'requested',
      'accepted',
      'in-progress',
      'on-hold',
      'in-progress',
      'completed',
    ]);
    const provenance = await repo.search(ctx, 'Provenance', [['target', `Task/${created.id}`]]);
    expect(provenance.resources).toHaveLength(2);
    expect(
      (provenance.resources as Provenance[]).some(
        (p) =>
          p.reason?.[0]?.text === 'Ana is away until Monday' &&
          p.agent[0]?.onBehalfOf?.reference === 'Organization/riverside-network',
      ),
    ).toBe(true);
    expect(
      await failure(() => transitionTask(repo, ctx, created.id as string, { to: 'requested' })),
    ).toMatchObject({ status: 422, code: TaskError.NO_PATH });
  });

  it('orders the worklist overdue first, then urgency, then due date; pages with a cursor; counts the tabs', async () => {
    const { repo } = world;
    const ctx = await world.as('coordinator');
    const code = { system: 'https://example.org/test', code: 'worklist-order' };
    const make = (description: string, priority: Task['priority'], due?: string) =>
      createTask(repo, ctx, {
        patientId: 'ana',
        description,
        owner: 'Practitioner/coord',
        code,
        ...(priority ? { priority } : {}),
        ...(due ? { due } : {}),
      });
    await make('A routine overdue', 'routine', '2026-03-01');
    await make('B stat', 'stat', '2026-03-20');
    await make('C urgent overdue', 'urgent', '2026-03-05');
    await make('D routine', 'routine', '2026-03-12');
    await make('E urgent no due date', 'urgent');
    const f = await make('F asap', 'asap', '2026-03-15');
    await transitionTask(repo, ctx, f.id as string, { to: 'on-hold', reason: 'waiting' });
    const g = await make('G asap', 'asap', '2026-03-15');
    const type = `${code.system}|${code.code}`;
    const first = await worklist(repo, ctx, { scope: 'mine', type, count: 3 }, NOW);
    expect(first.items.map((i) => i.description)).toEqual([
      'C urgent overdue',
      'A routine overdue',
      'B stat',
    ]);
    expect(first.items.map((i) => i.overdue)).toEqual([true, true, false]);
    expect(first.items[0]?.patient).toEqual({ id: 'ana', name: 'ana ANA' });
    const second = await worklist(
      repo,
      ctx,
      { scope: 'mine', type, count: 3, cursor: first.next as string },
      NOW,
    );
    expect(second.items.map((i) => i.description)).toEqual([
      'G asap',
      'E urgent no due date',
      'D routine',
    ]);
    expect(second.next).toBeUndefined();
    expect(first.counts).toEqual({ open: 6, 'on-hold': 1, overdue: 2 });
    expect(
      (await worklist(repo, ctx, { scope: 'mine', type, status: 'on-hold' }, NOW)).items.map(
        (i) => i.description,
      ),
    ).toEqual(['F asap']);
    expect(
      (await worklist(repo, ctx, { scope: 'mine', type, due: 'overdue' }, NOW)).items,
    ).toHaveLength(2);
    expect(
      (await worklist(repo, ctx, { scope: 'mine', type, due: 'week' }, NOW)).items.map(
        (i) => i.description,
      ),
    ).toEqual(['G asap', 'D routine']);
    // The GP on Ana's team owns none of them, but sees them all in the team tab.
    const gp = await world.as('gpOnTeam');
    expect((await worklist(repo, gp, { scope: 'mine', type }, NOW)).items).toHaveLength(0);
    expect((await worklist(repo, gp, { scope: 'team', type }, NOW)).items).toHaveLength(6);
    // Someone not on the team sees nothing and cannot act on the task.
    const outsider = await world.as('gpNotOnTeam');
    expect((await worklist(repo, outsider, { scope: 'team', type }, NOW)).items).toHaveLength(0);
    expect(
      await failure(() => transitionTask(repo, outsider, g.id as string, { to: 'completed' })),
    ).toMatchObject({ status: 404 });
  });

  it('reassigns tasks all-or-nothing and tells the new owner', async () => {
    const { repo } = world;
    const ctx = await world.as('coordinator');
    const a = await createTask(repo, ctx, {
      patientId: 'ana',
      description: 'Reassign me 1',
      owner: 'Practitioner/coord',
    });
    const b = await createTask(repo, ctx, {
      patientId: 'ben',
      description: 'Reassign me 2',
      owner: 'Practitioner/coord',
    });
    // The GP is on Ana's team but not on Ben's: the whole batch is refused, nothing changes.
    expect(
      await failure(() =>
        reassignTasks(
          repo,
          ctx,
          [a.id as string, b.id as string],
          'PractitionerRole/gp-team-role',
          { reason: 'GP review' },
        ),
      ),
    ).toMatchObject({ status: 422, code: TaskError.OWNER_NOT_ON_TEAM });
    expect((await repo.read<Task>(ctx, 'Task', a.id as string)).owner?.reference).toBe(
      'Practitioner/coord',
    );
    const moved = await reassignTasks(
      repo,
      ctx,
      [a.id as string, b.id as string],
      'Practitioner/psych',
      { reason: 'Mental health follow-up' },
    );
    expect(moved.map((t) => t.owner?.reference)).toEqual([
      'Practitioner/psych',
      'Practitioner/psych',
    ]);
    const notes = await listNotifications(world.database.db, ['Practitioner/psych'], { limit: 50 });
    expect(
      notes.filter(
        (n) => n.kind === 'task-assigned' && [`Task/${a.id}`, `Task/${b.id}`].includes(n.focus),
      ),
    ).toHaveLength(2);
    expect(notes[0]).toMatchObject({
      actor: 'Practitioner/coord',
      summary: 'Task assigned to you: Reassign me 2',
    });
  });
});
