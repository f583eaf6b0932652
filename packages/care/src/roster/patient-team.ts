import type { CareTeam, EpisodeOfCare, Patient } from '@medplum/fhirtypes';
import {
  SYSTEM_CONTEXT,
  readInTransaction,
  searchInTransaction,
  type Queryable,
  type RequestContext,
} from '@careweave/store';
import { INTEGRATED_CARE, PROGRAMME_SYSTEM } from './codes.js';
import { activeTeamsIn, currentMembers, type TeamMember } from './team-members.js';

/** Who looks after the patient: what plan and task operations need to know, read inside the operation's transaction. */
export interface PatientTeam {
  patient: Patient;
  teams: CareTeam[];
  members: TeamMember[];
  episode?: EpisodeOfCare;
  /** The care coordinator of record (the active episode's careManager). */
  careManager?: string;
}

/**
 * Loads the patient (with the actor's scope: a patient the actor may not see answers 404, so
 * nothing about them leaks), their active care teams and programme episode (system reads:
 * rules need the whole team).
 */
export async function loadPatientTeam(
  tx: Queryable,
  ctx: RequestContext,
  patientId: string,
  now: Date,
  programme: string = INTEGRATED_CARE,
): Promise<PatientTeam> {
  const patient = await readInTransaction<Patient>(tx, ctx, 'Patient', patientId);
  const teams = await activeTeamsIn(tx, patientId);
  const episodes = await searchInTransaction(tx, SYSTEM_CONTEXT, 'EpisodeOfCare', [
    ['patient', `Patient/${patientId}`],
    ['status', 'active'],
    ['type', `${PROGRAMME_SYSTEM}|${programme}`],
    ['_count', '5'],
    ['_total', 'none'],
  ]);
  const episode = episodes.resources[0] as EpisodeOfCare | undefined;
  const seen = new Set<string>();
  const members = teams
    .flatMap((t) => currentMembers(t, now))
    .filter((m) => !seen.has(m.reference) && seen.add(m.reference));
  const out: PatientTeam = { patient, teams, members };
  if (episode) out.episode = episode;
  if (episode?.careManager?.reference) out.careManager = episode.careManager.reference;
  return out;
}

/** An owner given by a caller must be a current team member, the patient, or one of their care teams. */
export function isTeamOwner(plan: PatientTeam, owner: string): boolean {
  return (
    plan.members.some((m) => m.reference === owner) ||
    owner === plan.careManager ||
    owner === `Patient/${plan.patient.id}` ||
    plan.teams.some((t) => `CareTeam/${t.id}` === owner)
  );
}
