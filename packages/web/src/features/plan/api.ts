import type { CareTeam, Goal } from '@medplum/fhirtypes';
import { request } from '../../lib/http';
import type {
  EndMemberRequest,
  GoalHistoryEntry,
  NewActivityRequest,
  NewGoalRequest,
  NewMemberRequest,
  NewReviewRequest,
  PatientCareTeam,
  PlanChanges,
  PlanSummary,
  TemplateSummary as PlanTemplate,
  PlanView,
  RoleList,
} from '@careweave/contract';

/*
 * The plan and roster endpoints the plan screens use (packages/care/src/plans/README.md). Writes
 * that change the plan take the PlanView version as `If-Match`, so a stale edit answers 412.
 */

const opts = (signal?: AbortSignal) => (signal ? { signal } : {});
const ifMatch = (version: string | undefined): Record<string, string> =>
  version ? { 'If-Match': `W/"${version}"` } : {};
const plan = (id: string) => `/api/plans/${encodeURIComponent(id)}`;

/** A patient's plans, active first. */
export async function fetchPlans(patientId: string, signal?: AbortSignal): Promise<PlanSummary[]> {
  return (
    await request<{ plans: PlanSummary[] }>(
      `/api/plans?patient=${encodeURIComponent(patientId)}`,
      opts(signal),
    )
  ).data.plans;
}

/** One plan as the team sees it. */
export async function fetchPlanView(planId: string, signal?: AbortSignal): Promise<PlanView> {
  return (await request<PlanView>(plan(planId), opts(signal))).data;
}

/** The plan templates (PlanDefinitions). */
export async function fetchTemplates(signal?: AbortSignal): Promise<PlanTemplate[]> {
  return (await request<{ templates: PlanTemplate[] }>('/api/plan-templates', opts(signal))).data
    .templates;
}

/** What changed since the last review (everything when never reviewed). */
export async function fetchChanges(planId: string, signal?: AbortSignal): Promise<PlanChanges> {
  return (await request<PlanChanges>(`${plan(planId)}/changes`, opts(signal))).data;
}

/** The achievement history of one goal, oldest first. */
export async function fetchGoalHistory(
  planId: string,
  goalId: string,
  signal?: AbortSignal,
): Promise<GoalHistoryEntry[]> {
  return (
    await request<{ history: GoalHistoryEntry[] }>(
      `${plan(planId)}/goals/${encodeURIComponent(goalId)}/history`,
      opts(signal),
    )
  ).data.history;
}

/** The team roles the roster understands, with their SNOMED CT / NUCC codes. */
export async function fetchRoles(signal?: AbortSignal): Promise<RoleOption[]> {
  return (await request<RoleList>('/api/roster/roles', opts(signal))).data.roles;
}

/** The patient's care teams with their current members. */
export async function fetchCareTeams(
  patientId: string,
  signal?: AbortSignal,
): Promise<PatientCareTeam[]> {
  return (
    await request<{ careTeams: PatientCareTeam[] }>(
      `/api/roster/patients/${encodeURIComponent(patientId)}/care-teams`,
      opts(signal),
    )
  ).data.careTeams;
}

/** Creates the patient's plan from a template or blank with a title. */
export async function createPlan(body: {
  patient: string;
  template?: string;
  title?: string;
  reason?: string;
}): Promise<PlanView> {
  return (await request<PlanView>('/api/plans', { method: 'POST', json: body })).data;
}

/** Request bodies of the plan writes (declared in the contract). */
export type {
  NewActivityRequest as NewActivity,
  NewGoalRequest as NewGoal,
  NewReviewRequest as NewReview,
};
/** A team role and its code (`GET /api/roster/roles`). */
export type RoleOption = RoleList['roles'][number];

/** Adds a goal (If-Match: the plan version). */
export async function addGoal(
  planId: string,
  version: string | undefined,
  body: NewGoalRequest,
): Promise<PlanView> {
  return (
    await request<PlanView>(`${plan(planId)}/goals`, {
      method: 'POST',
      json: body,
      headers: ifMatch(version),
    })
  ).data;
}

/** Changes a goal (If-Match: the goal's own version). */
export async function updateGoal(
  planId: string,
  goalId: string,
  goalVersion: string | undefined,
  body: { achievementStatus: string; reason?: string },
): Promise<Goal> {
  return (
    await request<Goal>(`${plan(planId)}/goals/${encodeURIComponent(goalId)}`, {
      method: 'PATCH',
      json: body,
      headers: ifMatch(goalVersion),
    })
  ).data;
}

/** Adds an activity owned by a team member (If-Match: the plan version). */
export async function addActivity(
  planId: string,
  version: string | undefined,
  body: NewActivityRequest,
): Promise<PlanView> {
  return (
    await request<PlanView>(`${plan(planId)}/activities`, {
      method: 'POST',
      json: { kind: 'task', ...body },
      headers: ifMatch(version),
    })
  ).data;
}

/** Adds another template's goals and activities (If-Match: the plan version). */
export async function applyTemplate(
  planId: string,
  version: string | undefined,
  body: { template: string; reason?: string },
): Promise<PlanView> {
  return (
    await request<PlanView>(`${plan(planId)}/templates`, {
      method: 'POST',
      json: body,
      headers: ifMatch(version),
    })
  ).data;
}

/** Records a review (If-Match: the plan version). */
export async function recordReview(
  planId: string,
  version: string | undefined,
  body: NewReviewRequest,
): Promise<PlanView> {
  return (
    await request<PlanView>(`${plan(planId)}/review`, {
      method: 'POST',
      json: body,
      headers: ifMatch(version),
    })
  ).data;
}

/** Adds a member to a care team. */
export async function addTeamMember(careTeamId: string, body: NewMemberRequest): Promise<CareTeam> {
  return (
    await request<CareTeam>(`/api/roster/care-teams/${encodeURIComponent(careTeamId)}/members`, {
      method: 'POST',
      json: body,
    })
  ).data;
}

/** Ends someone's current participation in a care team (`period.end`; the history keeps them). */
export async function endTeamMember(careTeamId: string, body: EndMemberRequest): Promise<CareTeam> {
  return (
    await request<CareTeam>(
      `/api/roster/care-teams/${encodeURIComponent(careTeamId)}/members/end`,
      { method: 'POST', json: body },
    )
  ).data;
}
