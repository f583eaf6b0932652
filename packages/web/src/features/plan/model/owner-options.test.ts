import { describe, expect, it } from 'vitest';
import { missingRoles, ownerGroups } from './owner-options';

const team = [
  { reference: 'Patient/rosa', display: 'Rosa Delgado', role: 'patient' as const },
  { reference: 'Practitioner/nadia', display: 'Nadia Haddad', role: 'care-coordinator' as const },
  { reference: 'Practitioner/helen', display: 'Dr. Helen Cho', role: 'gp' as const },
];

describe('the owner picker', () => {
  it('groups the team by role, professionals first and the person named as such last', () => {
    expect(ownerGroups(team)).toEqual([
      { group: 'GP', items: [{ value: 'Practitioner/helen', label: 'Dr. Helen Cho — GP' }] },
      {
        group: 'Care coordinator',
        items: [{ value: 'Practitioner/nadia', label: 'Nadia Haddad — Care coordinator' }],
      },
      {
        group: 'The person themself',
        items: [{ value: 'Patient/rosa', label: 'Rosa Delgado — Patient' }],
      },
    ]);
  });

  it('says which professional roles nobody on the team holds', () => {
    expect(missingRoles(team)).toEqual([
      'Nurse',
      'Psychologist',
      'Psychiatrist',
      'Social worker',
      'Pharmacist',
      'Community health worker',
    ]);
  });
});
