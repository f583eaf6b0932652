import type {
  ContactPoint,
  Organization,
  Practitioner,
  PractitionerRole,
} from '@medplum/fhirtypes';
import { MAX_COUNT, SYSTEM_CONTEXT, type Repository, type RequestContext } from '@careweave/store';
import type { PortalTeam, PortalTeamMember, TeamMember, TeamRole } from '@careweave/contract';
import { activeTeams, currentMembers, withNames } from '../roster/team-members.js';
import { subjectFor } from './whose.js';

/** Team roles in the words a person uses. */
export const ROLE_WORDS: Readonly<Record<TeamRole, string>> = {
  gp: 'Family doctor (GP)',
  nurse: 'Nurse',
  psychologist: 'Psychologist',
  psychiatrist: 'Psychiatrist',
  'social-worker': 'Social worker',
  pharmacist: 'Pharmacist',
  'community-health-worker': 'Community health worker',
  'care-coordinator': 'Care coordinator',
  patient: 'You',
  caregiver: 'Family caregiver',
};

function contactOf(points: readonly ContactPoint[] | undefined): PortalTeamMember['contact'] {
  return (points ?? [])
    .filter((p) => p.value && (p.system === 'phone' || p.system === 'email'))
    .map((p) => ({ system: p.system as string, value: p.value as string }));
}

/**
 * How to reach a member: their own phone or email from the directory (the Practitioner, or the
 * PractitionerRole's), else their organisation's switchboard. Directory data is everybody's, so
 * it is read with the system context.
 */
async function contactFor(
  repo: Repository,
  member: TeamMember,
  org: Organization | undefined,
): Promise<PortalTeamMember['contact']> {
  const [type, id] = member.reference.split('/');
  let own: PortalTeamMember['contact'] = [];
  if (type === 'Practitioner' && id) {
    const person = await repo
      .read<Practitioner>(SYSTEM_CONTEXT, 'Practitioner', id)
      .catch(() => undefined);
    own = contactOf(person?.telecom);
    if (own.length === 0) {
      const roles = await repo.search(SYSTEM_CONTEXT, 'PractitionerRole', [
        ['practitioner', member.reference],
        ['_count', String(MAX_COUNT)],
        ['_total', 'none'],
      ]);
      own = (roles.resources as PractitionerRole[]).flatMap((r) => contactOf(r.telecom));
    }
  }
  return own.length > 0 ? own : contactOf(org?.telecom);
}

/** `GET /api/me/team`: who is on the person's care team, their role and organisation, how to reach them. */
export async function myTeam(
  repo: Repository,
  ctx: RequestContext,
  now: Date = new Date(),
): Promise<PortalTeam> {
  const subject = await subjectFor(repo, ctx, 'team');
  const teams = await activeTeams(repo, ctx, subject.patientId);
  const seen = new Set<string>();
  const members = (
    await withNames(
      repo,
      teams.flatMap((t) => currentMembers(t, now)),
    )
  ).filter(
    (m) =>
      m.reference !== `Patient/${subject.patientId}` &&
      !seen.has(m.reference) &&
      seen.add(m.reference),
  );
  const orgs = new Map<string, Organization | undefined>();
  for (const ref of new Set(members.map((m) => m.organization).filter((o) => !!o))) {
    const id = (ref as string).replace(/^Organization\//, '');
    orgs.set(
      ref as string,
      await repo.read<Organization>(SYSTEM_CONTEXT, 'Organization', id).catch(() => undefined),
    );
  }
  const out: PortalTeamMember[] = [];
  for (const m of members) {
    const org = m.organization ? orgs.get(m.organization) : undefined;
    out.push({
      reference: m.reference,
      name:
        m.reference === subject.viewer.reference
          ? `${m.display ?? 'You'} (you)`
          : (m.display ?? 'A team member'),
      ...(m.role ? { role: ROLE_WORDS[m.role] } : {}),
      ...(org?.name ? { organisation: org.name } : {}),
      contact: await contactFor(repo, m, org),
      coordinator: m.role === 'care-coordinator',
    });
  }
  // The coordinator first: they are the person to call.
  out.sort((a, b) => Number(b.coordinator) - Number(a.coordinator));
  return { members: out };
}
