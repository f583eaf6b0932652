import { describe, expect, it } from 'vitest';
import {
  DEFAULT_FILTERS,
  statusLabel,
  taskTypes,
  worklistQuery,
  type WorklistItem,
} from './worklist';

describe('the worklist request', () => {
  it('asks for my open tasks by default, leaving empty filters to the server', () => {
    expect(worklistQuery(DEFAULT_FILTERS)).toBe('/api/worklist?scope=mine&status=open&count=50');
  });

  it('sends every chosen filter and the cursor of the next page', () => {
    const url = worklistQuery(
      {
        scope: 'team',
        tab: 'on-hold',
        patient: 'p1',
        type: 'http://snomed.info/sct|1234',
        due: 'week',
        organization: 'org-1',
        careTeam: ' ct-9 ',
      },
      'abc',
    );
    const q = new URL(url, 'http://x').searchParams;
    expect(Object.fromEntries(q)).toEqual({
      scope: 'team',
      status: 'on-hold',
      patient: 'p1',
      type: 'http://snomed.info/sct|1234',
      due: 'week',
      organization: 'org-1',
      careTeam: 'ct-9',
      count: '50',
      cursor: 'abc',
    });
  });
});

describe('task types and statuses for the filters and table', () => {
  it('lists each coded type once, with its display', () => {
    const item = (id: string, code: string, display: string): WorklistItem => ({
      id,
      description: id,
      status: 'requested',
      priority: 'routine',
      overdue: false,
      task: {
        resourceType: 'Task',
        status: 'requested',
        intent: 'order',
        code: { coding: [{ system: 'urn:s', code, display }] },
      },
    });
    expect(
      taskTypes([item('a', '2', 'Visit'), item('b', '1', 'Call'), item('c', '2', 'Visit')]),
    ).toEqual([
      { value: 'urn:s|1', label: 'Call' },
      { value: 'urn:s|2', label: 'Visit' },
    ]);
  });

  it('reads statuses as words', () => {
    expect(statusLabel('on-hold')).toBe('On hold');
    expect(statusLabel('in-progress')).toBe('In progress');
    expect(statusLabel('entered-in-error')).toBe('Entered in error');
  });
});
