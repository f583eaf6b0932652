import type { Task } from '@medplum/fhirtypes';
import { OPEN_TASK_STATUSES } from '@careweave/contract';
import { Repository, SYSTEM_CONTEXT } from '@careweave/store';
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from '@careweave/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareWorklistPriority, isOverdue } from './worklist-order.js';

// The rule (worklist-order.ts) against its implementation in SQL (the store's worklist read model
// over migration 0007/0020's `worklist_task` rows): many generated tasks, every page read with the
// keyset cursor, the concatenated pages compared with the rule's sort of the same tasks.

const NOW = new Date('2026-03-10T12:00:00Z');
const OWNER = 'Practitioner/order-check';
const TASKS = 400;

/** A small deterministic generator (mulberry32), so a failure names a reproducible case. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Due dates of every shape FHIR allows, crowded around `NOW` so ties, edges and overdue ones abound. */
function dueDate(next: () => number): string | undefined {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T;
  const day = new Date(NOW.getTime() + Math.floor(next() * 7 - 3) * 86_400_000);
  const date = day.toISOString().slice(0, 10);
  const hh = String(pick([0, 0, 9, 12, 12, 23])).padStart(2, '0');
  const mm = pick(['00', '00', '30', '59']);
  switch (pick(['none', 'year', 'month', 'date', 'date', 'utc', 'utc', 'offset', 'fraction'])) {
    case 'none':
      return undefined;
    case 'year':
      return date.slice(0, 4);
    case 'month':
      return date.slice(0, 7);
    case 'date':
      return date;
    case 'utc':
      return `${date}T${hh}:${mm}:00Z`;
    case 'offset':
      return `${date}T${hh}:${mm}:00${pick(['+05:00', '-08:00', '+00:00', '+14:00'])}`;
    default:
      return `${date}T${hh}:${mm}:00.${pick(['5', '250', '001'])}Z`;
  }
}

function generate(count: number): Task[] {
  const next = random(20260310);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T;
  return Array.from({ length: count }, (_, i) => {
    const due = dueDate(next);
    const priority = pick(['stat', 'asap', 'urgent', 'routine', undefined] as const);
    return {
      resourceType: 'Task',
      // ids whose byte order differs from a locale's (upper before lower, digits, dashes)
      id: `${pick(['a', 'B', 'z', 'Z', '0'])}-${pick(['x', 'X', '9'])}${String(i).padStart(3, '0')}`,
      status: pick(OPEN_TASK_STATUSES),
      intent: 'order',
      owner: { reference: OWNER },
      ...(priority ? { priority } : {}),
      ...(due ? { restriction: { period: { end: due } } } : {}),
    } satisfies Task;
  });
}

describe.each(testDatabaseKinds())('the worklist order on %s', (kind) => {
  let database: TestDatabase;
  let repo: Repository;
  const tasks = generate(TASKS);
  beforeAll(async () => {
    database = await openTestDatabase(kind);
    repo = new Repository(database.db);
    await repo.inTransaction(SYSTEM_CONTEXT, (w) => w.upsertMany(tasks, { skipUnchanged: false }));
  });
  afterAll(() => database?.dispose());

  it('is, page after page, the order of the rule in care/tasks', async () => {
    const ids: string[] = [];
    const overdue = new Map<string, boolean>();
    let cursor: string | undefined;
    do {
      const page = await repo.readModels.worklist.page(SYSTEM_CONTEXT.scope, {
        owners: [OWNER],
        statuses: OPEN_TASK_STATUSES,
        order: 'priority',
        now: NOW,
        limit: 37,
        ...(cursor ? { cursor } : {}),
      });
      for (const row of page.rows) {
        ids.push(row.task.id ?? '');
        overdue.set(row.task.id ?? '', row.overdue);
      }
      cursor = page.nextCursor;
    } while (cursor);

    const expected = [...tasks].sort((a, b) => compareWorklistPriority(a, b, NOW));
    expect(ids).toEqual(expected.map((t) => t.id));
    for (const t of tasks) expect(overdue.get(t.id ?? ''), t.id).toBe(isOverdue(t, NOW));
    // The generator reached every branch of the rule.
    expect(tasks.filter((t) => isOverdue(t, NOW)).length).toBeGreaterThan(20);
    expect(tasks.filter((t) => !t.restriction).length).toBeGreaterThan(20);
  });
});
