import type { TeamMember } from '@careweave/contract';
import { describe, expect, it } from 'vitest';
import { ownerChoices, staffOf, type PatientTeams } from './team';

const team = (id: string, members: PatientTeams['careTeams'][number]['members']): PatientTeams => ({
  careTeams: [{ careTeam: { resourceType: 'CareTeam', id, name: `Team ${id}` }, members }],
});
const grace: TeamMember = {
  reference: 'Practitioner/sw',
  display: 'Grace Mensah',
  role: 'social-worker',
};
const nadia: TeamMember = {
  reference: 'Practitioner/cc',
  display: 'Nadia Haddad',
  role: 'care-coordinator',
};
const rosa: TeamMember = { reference: 'Patient/p1', display: 'Rosa Delgado', role: 'patient' };

describe('who may own a task', () => {
  it("offers the staff of one patient's team and the team itself, never the patient", () => {
    expect(staffOf(team('t1', [grace, rosa]))).toEqual([
      { value: 'Practitioner/sw', label: 'Grace Mensah (social worker)' },
    ]);
    expect(ownerChoices([team('t1', [grace, nadia, rosa])]).map((c) => c.label)).toEqual([
      'Grace Mensah (social worker)',
      'Nadia Haddad (care coordinator)',
      'The whole team: Team t1',
    ]);
  });

  it('offers only people on every team when tasks of several patients move together', () => {
    expect(ownerChoices([team('t1', [grace, nadia]), team('t2', [nadia])])).toEqual([
      { value: 'Practitioner/cc', label: 'Nadia Haddad (care coordinator)' },
    ]);
  });
});
