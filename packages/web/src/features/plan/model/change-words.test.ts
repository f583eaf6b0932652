import type { PlanChange } from '@careweave/contract';
import { describe, expect, it } from 'vitest';
import { describeChange } from './change-words';

const name = (reference: string) =>
  ({ 'Practitioner/grace': 'Grace Mensah', 'Practitioner/nadia': 'Nadia Haddad' })[reference] ??
  reference;

function change(partial: Partial<PlanChange>): PlanChange {
  return {
    reference: 'Goal/g1',
    version: 2,
    at: '2027-01-05T10:00:00Z',
    kind: 'updated',
    title: 'Walk to the shops',
    fields: [],
    ...partial,
  };
}

describe('plan history in words', () => {
  it('says what a new goal is, with labels and dates people read', () => {
    expect(
      describeChange(
        change({
          kind: 'created',
          fields: [
            { field: 'achievementStatus', to: 'in-progress' },
            { field: 'dueDate', to: '2027-06-05' },
            { field: 'lifecycleStatus', to: 'active' },
          ],
        }),
        name,
      ),
    ).toBe('Goal ‘Walk to the shops’ added, marked in progress, due 5 Jun 2027');
  });

  it('says what changed on a goal, never raw element names', () => {
    const text = describeChange(
      change({
        fields: [
          { field: 'achievementStatus', from: 'in-progress', to: 'improving' },
          { field: 'dueDate', from: '2027-06-05', to: '2027-07-01' },
        ],
      }),
      name,
    );
    expect(text).toBe(
      'Goal ‘Walk to the shops’ marked improving; target date changed from 5 Jun 2027 to 1 Jul 2027',
    );
    expect(text).not.toMatch(/achievementStatus|dueDate/);
  });

  it('names people for owners and counts the plan’s goals and activities', () => {
    expect(
      describeChange(
        change({
          reference: 'Task/t1',
          title: 'Call about the food bank',
          fields: [
            { field: 'owner', from: 'Practitioner/nadia', to: 'Practitioner/grace' },
            { field: 'status', from: 'requested', to: 'completed' },
          ],
        }),
        name,
      ),
    ).toBe(
      'Activity ‘Call about the food bank’ given to Grace Mensah (was Nadia Haddad); marked done',
    );
    expect(
      describeChange(
        change({
          reference: 'CarePlan/p1',
          title: 'Integrated care plan',
          fields: [{ field: 'activities', from: 'Task/a', to: 'Task/a, Task/b, Task/c' }],
        }),
        name,
      ),
    ).toBe('Plan ‘Integrated care plan’ 2 activities added');
  });
});
