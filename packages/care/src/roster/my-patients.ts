import { formatHumanName } from '@medplum/core';
import type { CareTeam, Patient } from '@medplum/fhirtypes';
import { MAX_COUNT, type Repository, type RequestContext } from '@careweave/store';
import type { MyTeamPatients, TeamPatientEntry, TeamRole } from '@careweave/contract';
import { actorSelves } from '../shared/acting.js';
import { readMany } from '../shared/read-many.js';
import { teamRoleOf } from './codes.js';
import { isCurrent, patientIdOf } from './team-members.js';

/**
 * The people whose active care teams list the actor (as themself or one of their
 * PractitionerRoles) as a current participant, with the actor's roles on each team, sorted by
 * name. Searched under the actor's own scope, so it lists only people the actor may see.
 */
export async function myTeamPatients(
  repo: Repository,
  ctx: RequestContext,
  options: { now?: Date } = {},
): Promise<MyTeamPatients> {
  const now = options.now ?? new Date();
  const selves = await actorSelves(repo, ctx);
  if (selves.length === 0) return { member: ctx.actor, patients: [] };
  const teams = (
    await repo.search(ctx, 'CareTeam', [
      ['participant', selves.join(',')],
      ['status', 'active'],
      ['_count', String(MAX_COUNT)],
      ['_total', 'none'],
    ])
  ).resources as CareTeam[];
  const entries = new Map<string, TeamPatientEntry>();
  for (const team of teams) {
    const patientId = patientIdOf(team.subject?.reference);
    if (!patientId || !team.id) continue;
    const mine = (team.participant ?? []).filter(
      (p) => p.member?.reference && selves.includes(p.member.reference) && isCurrent(p, now),
    );
    if (mine.length === 0) continue;
    const roles = [
      ...new Set(mine.map((p) => teamRoleOf(p.role?.[0])).filter((r): r is TeamRole => !!r)),
    ];
    const since = mine
      .map((p) => p.period?.start)
      .filter((s): s is string => !!s)
      .sort()[0];
    const key = `${patientId}/${team.id}`;
    entries.set(key, {
      patientId,
      careTeam: `CareTeam/${team.id}`,
      ...(team.name ? { careTeamName: team.name } : {}),
      roles,
      ...(since ? { since } : {}),
    });
  }
  const byId = await readMany<Patient>(repo, ctx, 'Patient', [
    ...new Set([...entries.values()].map((e) => e.patientId)),
  ]);
  const list = [...entries.values()].flatMap((e) => {
    const patient = byId.get(e.patientId);
    if (!patient) return []; // not visible to the actor after all (consent): leave it out
    const name = patient.name?.[0] ? formatHumanName(patient.name[0]) : undefined;
    return [
      {
        ...e,
        ...(name ? { name } : {}),
        ...(patient.birthDate ? { birthDate: patient.birthDate } : {}),
      },
    ];
  });
  list.sort(
    (a, b) => (a.name ?? '').localeCompare(b.name ?? '') || a.careTeam.localeCompare(b.careTeam),
  );
  return { member: ctx.actor, patients: list };
}
