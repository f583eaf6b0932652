import { describe, expect, it } from 'vitest';
import {
  OPEN_TASK_STATUSES,
  TASK_STATUSES,
  TERMINAL_TASK_STATUSES,
  WORKLIST_TABS,
} from './tasks.js';

describe('the task status sets', () => {
  it('split FHIR R4 task-status into open and terminal, with no status in both or neither', () => {
    const open = new Set<string>(OPEN_TASK_STATUSES);
    expect(TERMINAL_TASK_STATUSES.filter((s) => open.has(s))).toEqual([]);
    // the twelve codes of http://hl7.org/fhir/R4/valueset-task-status.html
    expect([...TASK_STATUSES].sort()).toEqual(
      [
        'draft',
        'requested',
        'received',
        'accepted',
        'rejected',
        'ready',
        'cancelled',
        'in-progress',
        'on-hold',
        'failed',
        'completed',
        'entered-in-error',
      ].sort(),
    );
  });

  it('show every open status on the open or on-hold tab and never an erroneous task', () => {
    expect([...WORKLIST_TABS.open, ...WORKLIST_TABS['on-hold']].sort()).toEqual(
      [...OPEN_TASK_STATUSES].sort(),
    );
    const shown = Object.values(WORKLIST_TABS).flat() as string[];
    expect(shown).not.toContain('entered-in-error');
  });
});
