import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OPEN_TASK_STATUSES } from './worklist.js';

const migration = readFileSync(
  new URL('../../migrations/0007_worklist.sql', import.meta.url),
  'utf8',
);

describe('the open task statuses of the worklist SQL', () => {
  it('are exactly the statuses of the partial indexes migration 0007 wrote for them', () => {
    const lists = [
      ...migration.matchAll(
        /worklist_task_open_\w+ ON worklist_task \(\w+\)\s+WHERE status IN \(([^)]*)\)/g,
      ),
    ].map((m) => (m[1] ?? '').split(',').map((s) => s.trim().replace(/'/g, '')));
    expect(lists).toHaveLength(2);
    for (const list of lists) expect([...list].sort()).toEqual([...OPEN_TASK_STATUSES].sort());
  });
});
