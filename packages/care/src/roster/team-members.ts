import type { CareTeam, CareTeamParticipant } from '@medplum/fhirtypes';
import {
  SYSTEM_CONTEXT,
  readInTransaction,
  searchInTransaction,
  type Queryable,
  type Repository,
  type RequestContext,
} from '@careweave/store';
import type { TeamMember } from '@careweave/contract';
import { teamRoleOf } from './codes.js';

export type { TeamMember };
import { displayOf } from './directory.js';

/** A participant whose participation has started (or has no start) and has not ended at `now`. */
export function isCurrent(p: CareTeamParticipant, now: Date): boolean {
  const start = p.period?.start ? Date.parse(p.period.start) : undefined;
  const end = p.period?.end ? Date.parse(p.period.end) : undefined;
  return (
    (start === undefined || start <= now.getTime()) && (end === undefined || end > now.getTime())
  );
}

/** The current members of a care team. */
export function currentMembers(team: CareTeam, now: Date): TeamMember[] {
  return (team.participant ?? [])
    .filter((p) => p.member?.reference && isCurrent(p, now))
    .map((p) => {
      const member: TeamMember = { reference: p.member?.reference as string };
      const role = teamRoleOf(p.role?.[0]);
      if (p.member?.display) member.display = p.member.display;
      if (role) member.role = role;
      if (p.onBehalfOf?.reference) member.organization = p.onBehalfOf.reference;
      return member;
    });
}

/**
 * The patient's active care teams, read inside an open transaction with the system context
 * (rules must see the whole team whoever writes). Used by write rules.
 */
export async function activeTeamsIn(tx: Queryable, patientId: string): Promise<CareTeam[]> {
  const page = await searchInTransaction(tx, SYSTEM_CONTEXT, 'CareTeam', [
    ['subject', `Patient/${patientId}`],
    ['status', 'active'],
    ['_count', '50'],
    ['_total', 'none'],
  ]);
  return page.resources as CareTeam[];
}

/** The current members of all the patient's active care teams (deduplicated), inside a transaction. */
export async function teamMembersIn(
  tx: Queryable,
  patientId: string,
  now: Date,
): Promise<TeamMember[]> {
  const seen = new Map<string, TeamMember>();
  for (const team of await activeTeamsIn(tx, patientId)) {
    for (const member of currentMembers(team, now)) {
      if (!seen.has(member.reference)) seen.set(member.reference, member);
    }
  }
  return [...seen.values()];
}

/** The patient's active care teams as the actor sees them (outside a transaction). */
export async function activeTeams(
  repo: Repository,
  ctx: RequestContext,
  patientId: string,
): Promise<CareTeam[]> {
  const page = await repo.search(ctx, 'CareTeam', [
    ['subject', `Patient/${patientId}`],
    ['status', 'active'],
    ['_count', '50'],
    ['_total', 'none'],
  ]);
  return page.resources as CareTeam[];
}

/** Reads a care team inside a transaction with the actor's scope (a hidden team answers 404). */
export function readTeamIn(tx: Queryable, ctx: RequestContext, id: string): Promise<CareTeam> {
  return readInTransaction<CareTeam>(tx, ctx, 'CareTeam', id);
}

/** The patient id of a `Patient/…` reference. */
export function patientIdOf(reference: string | undefined): string | undefined {
  return reference?.startsWith('Patient/') ? reference.slice('Patient/'.length) : undefined;
}

/**
 * Members with their names: a CareTeam entry may carry no `display` (e.g. a caregiver added by an
 * import), so the name is read from the person's own resource — a plan shown at a team meeting
 * names everyone.
 */
export async function withNames(
  from: Repository | Queryable,
  members: readonly TeamMember[],
): Promise<TeamMember[]> {
  return Promise.all(
    members.map(async (m) => {
      if (m.display) return m;
      const display = await displayOf(from, m.reference);
      return display ? { ...m, display } : m;
    }),
  );
}
