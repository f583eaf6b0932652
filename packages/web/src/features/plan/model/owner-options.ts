import { TEAM_ROLES, type TeamMember, type TeamRole } from '@careweave/contract';
import { memberLabel, ROLE_LABEL } from './plan-model';

/** One group of the owner picker: the team members holding one role. */
export interface OwnerGroup {
  group: string;
  items: { value: string; label: string }[];
}

/** Roles whose absence from a team is worth saying when someone picks an owner. */
const PROFESSIONAL_ROLES: readonly TeamRole[] = TEAM_ROLES.filter(
  (r) => r !== 'patient' && r !== 'caregiver',
);

/**
 * The owner picker's choices: the current team grouped by role, professionals first, the person
 * themself last and named as such (their own activities, "what I will do"). Nobody is chosen for
 * the user: the picker starts empty.
 */
export function ownerGroups(team: readonly TeamMember[]): OwnerGroup[] {
  const order = (role: TeamRole | undefined) =>
    role === undefined ? TEAM_ROLES.length : TEAM_ROLES.indexOf(role);
  const byRole = new Map<string, OwnerGroup>();
  for (const m of [...team].sort((a, b) => order(a.role) - order(b.role))) {
    const group =
      m.role === 'patient'
        ? 'The person themself'
        : m.role
          ? ROLE_LABEL[m.role]
          : 'Other team members';
    const entry = byRole.get(group) ?? { group, items: [] };
    entry.items.push({ value: m.reference, label: memberLabel(m) });
    byRole.set(group, entry);
  }
  return [...byRole.values()];
}

/** The professional roles nobody on the team holds ("Social worker, Pharmacist"), to say why someone is missing. */
export function missingRoles(team: readonly TeamMember[]): string[] {
  const held = new Set(team.map((m) => m.role));
  return PROFESSIONAL_ROLES.filter((r) => !held.has(r)).map((r) => ROLE_LABEL[r]);
}
