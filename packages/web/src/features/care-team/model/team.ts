import type { PatientTeams, TeamMember } from '@careweave/contract';

export type { PatientTeams, TeamMember } from '@careweave/contract';

/** A choice in an owner or mention picker. */
export interface PersonChoice {
  value: string;
  label: string;
}

const ROLE_WORDS: Readonly<Record<string, string>> = {
  gp: 'GP',
  'care-coordinator': 'care coordinator',
  'social-worker': 'social worker',
  'community-health-worker': 'community health worker',
};

/** "Grace Mensah (social worker)" — the name people recognise, with the role that explains why they are on the team. */
export function memberLabel(m: TeamMember): string {
  const name = m.display ?? m.reference;
  return m.role ? `${name} (${ROLE_WORDS[m.role] ?? m.role})` : name;
}

/** Staff who can own work or be mentioned: practitioners, not the patient or their family. */
function isStaff(m: TeamMember): boolean {
  return m.reference.startsWith('Practitioner/') || m.reference.startsWith('PractitionerRole/');
}

/** The staff on a patient's active care teams, each once. */
export function staffOf(teams: PatientTeams | undefined): PersonChoice[] {
  const seen = new Map<string, string>();
  for (const t of teams?.careTeams ?? []) {
    for (const m of t.members) {
      if (isStaff(m) && !seen.has(m.reference)) seen.set(m.reference, memberLabel(m));
    }
  }
  return [...seen].map(([value, label]) => ({ value, label }));
}

/**
 * Who may own tasks of all these patients: the staff on every patient's team (the server refuses
 * an owner who is not on a task's team, and a bulk reassignment is all or nothing), plus the care
 * team itself when the tasks belong to one patient.
 */
export function ownerChoices(
  teamsByPatient: readonly (PatientTeams | undefined)[],
): PersonChoice[] {
  if (teamsByPatient.length === 0) return [];
  const [first, ...rest] = teamsByPatient.map(staffOf);
  const common = (first ?? []).filter((c) =>
    rest.every((others) => others.some((o) => o.value === c.value)),
  );
  if (teamsByPatient.length === 1) {
    for (const t of teamsByPatient[0]?.careTeams ?? []) {
      if (t.careTeam.id)
        common.push({
          value: `CareTeam/${t.careTeam.id}`,
          label: `The whole team: ${t.careTeam.name ?? 'care team'}`,
        });
    }
  }
  return common.sort((a, b) => a.label.localeCompare(b.label));
}
