import type { CarePlan } from '@medplum/fhirtypes';
import { readInTransaction, type Queryable, type RequestContext } from '@careweave/store';
import type { TeamRole } from '../roster/codes.js';
import type { PatientTeam } from '../roster/patient-team.js';
import { patientIdOf } from '../roster/team-members.js';
import { isSystem } from '../shared/acting.js';
import { careError } from '../shared/care-errors.js';
import { PlanError } from './codes.js';

/**
 * Changing a plan requires being on the patient's care team (a current participant, or the care
 * coordinator of record) or being the patient themself — the person is a partner in their own
 * plan whether or not a team lists them; the system may always. `selves` are the actor's own references
 * (Practitioner and PractitionerRoles). Throws PlanError.NOT_ON_TEAM (403).
 */
export function assertOnTeam(
  ctx: RequestContext,
  selves: readonly string[],
  plan: PatientTeam,
): void {
  if (isSystem(ctx)) {
    return;
  }
  const team = new Set([
    ...plan.members.map((m) => m.reference),
    ...(plan.careManager ? [plan.careManager] : []),
    `Patient/${plan.patient.id}`,
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
export function ownerForRole(plan: PatientTeam, role: TeamRole | undefined): string | undefined {
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
      PlanError.NO_PATIENT,
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
