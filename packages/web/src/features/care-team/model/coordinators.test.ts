import { describe, expect, it } from 'vitest';
import { coordinatorChoices } from './coordinators';

describe('coordinators to reassign patients to', () => {
  it('names each active coordinator once and leaves out the current one', () => {
    const role = (id: string, practitioner: string, active = true) => ({
      resource: {
        resourceType: 'PractitionerRole' as const,
        id,
        active,
        practitioner: { reference: practitioner },
      },
    });
    const person = (id: string, given: string, family: string) => ({
      resource: { resourceType: 'Practitioner' as const, id, name: [{ given: [given], family }] },
    });
    const bundle = {
      resourceType: 'Bundle' as const,
      type: 'searchset' as const,
      entry: [
        role('r1', 'Practitioner/a'),
        role('r2', 'Practitioner/b'),
        role('r3', 'Practitioner/b'),
        role('r4', 'Practitioner/c', false),
        role('r5', 'Practitioner/me'),
        person('a', 'Marcus', 'Green'),
        person('b', 'Ada', 'Byron'),
      ],
    };
    expect(coordinatorChoices(bundle, 'Practitioner/me')).toEqual([
      { value: 'Practitioner/b', label: 'Ada Byron' },
      { value: 'Practitioner/a', label: 'Marcus Green' },
    ]);
  });
});
