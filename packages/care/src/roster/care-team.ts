import type { CareTeam } from '@medplum/fhirtypes';
import { readInTransaction, type Repository, type RequestContext } from '@careweave/store';
import { today } from '../shared/acting.js';
import { careError, invalidInput } from '../shared/care-errors.js';
import { checkVersion } from '../shared/versions.js';
import { provenanceFor } from '../shared/provenance.js';
import { RosterError, isTeamRole, teamRoleOf, type TeamRole } from './codes.js';
import { displayOf, organisationOf } from './directory.js';
import { participant } from './enrol.js';
import {
  activeTeams,
  currentMembers,
  isCurrent,
  patientIdOf,
  withNames,
  type TeamMember,
} from './team-members.js';

/** Adding someone to a care team. */
export interface MemberInput {
  member: string;
  role: TeamRole;
  /** The organisation they act for (default: their PractitionerRole's). */
  organization?: string;
  /** Start date (default today). */
  start?: string;
  reason?: string;
}

const REF =
  /^(Practitioner|PractitionerRole|RelatedPerson|Patient|Organization|CareTeam)\/[A-Za-z0-9\-.]{1,64}$/;

/**
 * Adds a participant with a role and period to a care team (a new version with a Provenance).
 * Someone from another organisation joins only if the patient's consent allows it — enforced
 * by the CareTeam write rule on every path (RosterError.CONSENT_DENIES_MEMBER, 422).
 */
export async function addMember(
  repo: Repository,
  ctx: RequestContext,
  careTeamId: string,
  input: MemberInput,
  options: { ifMatch?: string; now?: Date } = {},
): Promise<CareTeam> {
  if (!REF.test(input.member ?? ''))
    throw invalidInput('member must be a reference such as Practitioner/123', 'member');
  if (!isTeamRole(input.role))
    throw invalidInput(`Unknown team role ${JSON.stringify(input.role)}`, 'role');
  const now = options.now ?? new Date();
  return repo.inTransaction(ctx, async (w, tx) => {
    const team = await readInTransaction<CareTeam>(tx, ctx, 'CareTeam', careTeamId);
    checkVersion(team, options.ifMatch);
    if (
      (team.participant ?? []).some(
        (p) =>
          p.member?.reference === input.member &&
          isCurrent(p, now) &&
          teamRoleOf(p.role?.[0]) === input.role,
      )
    ) {
      throw careError(
        RosterError.ALREADY_MEMBER,
        'conflict',
        `${input.member} is already on the team as ${input.role}`,
      );
    }
    // Without an explicit organisation, a practitioner acts for their role's (the team shows where
    // everyone works); R4's ctm-1 allows onBehalfOf only for a Practitioner member.
    const organization =
      input.organization ??
      (input.member.startsWith('Practitioner/')
        ? await organisationOf(tx, input.member)
        : undefined);
    const added = participant(
      input.member,
      input.role,
      input.start ?? today(now),
      organization,
      await displayOf(tx, input.member),
    );
    const stored = (
      await w.update(
        { ...team, participant: [...(team.participant ?? []), added] },
        `W/"${team.meta?.versionId}"`,
      )
    ).resource;
    await w.create(
      provenanceFor(ctx, [stored], patientIdOf(team.subject?.reference), {
        kind: 'care-team',
        now,
        reason: input.reason ?? `Added ${input.member} as ${input.role}`,
      }),
    );
    return stored;
  });
}

/** Ends someone's current participation in a care team (period.end; the history keeps them). */
export async function endMember(
  repo: Repository,
  ctx: RequestContext,
  careTeamId: string,
  input: { member: string; end?: string; reason?: string },
  options: { ifMatch?: string; now?: Date } = {},
): Promise<CareTeam> {
  const now = options.now ?? new Date();
  const end = input.end ?? today(now);
  return repo.inTransaction(ctx, async (w, tx) => {
    const team = await readInTransaction<CareTeam>(tx, ctx, 'CareTeam', careTeamId);
    checkVersion(team, options.ifMatch);
    let ended = 0;
    const participants = (team.participant ?? []).map((p) => {
      if (p.member?.reference !== input.member || !isCurrent(p, now)) return p;
      ended++;
      return { ...p, period: { ...p.period, end } };
    });
    if (ended === 0) {
      throw careError(
        RosterError.NOT_A_MEMBER,
        'business-rule',
        `${input.member} is not a current member of CareTeam/${careTeamId}`,
      );
    }
    const stored = (
      await w.update({ ...team, participant: participants }, `W/"${team.meta?.versionId}"`)
    ).resource;
    await w.create(
      provenanceFor(ctx, [stored], patientIdOf(team.subject?.reference), {
        kind: 'care-team',
        now,
        reason: input.reason ?? `Ended ${input.member}'s participation`,
      }),
    );
    return stored;
  });
}

/** A patient's care teams with their current members, as the actor sees them. */
export async function patientTeams(
  repo: Repository,
  ctx: RequestContext,
  patientId: string,
  now: Date = new Date(),
): Promise<{ careTeam: CareTeam; members: TeamMember[] }[]> {
  const teams = await activeTeams(repo, ctx, patientId);
  return Promise.all(
    teams.map(async (careTeam) => ({
      careTeam,
      members: await withNames(repo, currentMembers(careTeam, now)),
    })),
  );
}
