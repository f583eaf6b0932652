import type { CarePlan, CareTeam, EpisodeOfCare, Patient } from '@medplum/fhirtypes';
import {
  SYSTEM_CONTEXT,
  readInTransaction,
  searchInTransaction,
  type Queryable,
  type RequestContext,
} from '@careweave/store';
import { isSystem } from '../acting.js';
import { careError } from '../care-errors.js';
import { INTEGRATED_CARE, PROGRAMME_SYSTEM, type TeamRole } from '../roster/codes.js';
import {
  activeTeamsIn,
  currentMembers,
  patientIdOf,
  type TeamMember,
} from '../roster/team-members.js';
import { PlanError } from './codes.js';

/** What plan operations need to know about the patient, read inside the operation's transaction. */
export interface PlanContext {
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
export async function loadPlanContext(
  tx: Queryable,
  ctx: RequestContext,
  patientId: string,
  now: Date,
  programme: string = INTEGRATED_CARE,
): Promise<PlanContext> {
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
  const out: PlanContext = { patient, teams, members };
  if (episode) out.episode = episode;
  if (episode?.careManager?.reference) out.careManager = episode.careManager.reference;
  return out;
}

/**
 * Changing a plan requires being on the patient's care team (a current participant, or the care
 * coordinator of record); the system may always. `selves` are the actor's own references
 * (Practitioner and PractitionerRoles). Throws PlanError.NOT_ON_TEAM (403).
 */
export function assertOnTeam(
  ctx: RequestContext,
  selves: readonly string[],
  plan: PlanContext,
): void {
  if (isSystem(ctx)) {
    return;
  }
  const team = new Set([
    ...plan.members.map((m) => m.reference),
    ...(plan.careManager ? [plan.careManager] : []),
  ]);
  if (!selves.some((s) => team.has(s))) {
    throw careError(
      PlanError.NOT_ON_TEAM,
      'forbidden',
      `Only members of the patient's care team may change their care plan`,
    );
  }
}

/**
 * Who owns an activity for a team role: the first current member with that role; the patient
 * themself for `patient`; otherwise the care coordinator of record; otherwise the care team
 * itself (a team-owned task, visible in every member's team worklist).
 */
export function ownerForRole(plan: PlanContext, role: TeamRole | undefined): string | undefined {
  if (role === 'patient') {
    return `Patient/${plan.patient.id}`;
  }
  const member = role ? plan.members.find((m) => m.role === role) : undefined;
  return (
    member?.reference ??
    plan.careManager ??
    (plan.teams[0] ? `CareTeam/${plan.teams[0].id}` : undefined)
  );
}

/** An owner given by a caller must be a current team member, the patient, or one of their care teams. */
export function isTeamOwner(plan: PlanContext, owner: string): boolean {
  return (
    plan.members.some((m) => m.reference === owner) ||
    owner === plan.careManager ||
    owner === `Patient/${plan.patient.id}` ||
    plan.teams.some((t) => `CareTeam/${t.id}` === owner)
  );
}

/** Reads a plan inside a transaction with the actor's scope, with its patient id. */
export async function readPlanIn(
  tx: Queryable,
  ctx: RequestContext,
  planId: string,
): Promise<{ plan: CarePlan; patientId: string }> {
  const plan = await readInTransaction<CarePlan>(tx, ctx, 'CarePlan', planId);
  const patientId = patientIdOf(plan.subject?.reference);
  if (!patientId) {
    throw careError(
      'plan-no-patient',
      'business-rule',
      `CarePlan/${planId} is not a patient's plan`,
    );
  }
  return { plan, patientId };
}

/** Only active (or draft) plans can be changed. */
export function assertChangeable(plan: CarePlan): void {
  if (plan.status !== 'active' && plan.status !== 'draft') {
    throw careError(
      PlanError.NOT_ACTIVE,
      'business-rule',
      `CarePlan/${plan.id} is ${plan.status}; only an active or draft plan can be changed`,
      'CarePlan.status',
    );
  }
}
