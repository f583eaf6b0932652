import type { CarePlan, CareTeam, Goal } from '@medplum/fhirtypes';

/*
 * The wire shapes of the plan and roster API (packages/care/src/plans/README.md). The web app may
 * not import `@careweave/care`, so they are restated here; the README is the contract.
 */

/** The four care domains, in the order the plan shows them side by side. */
export const CARE_DOMAINS = ['physical', 'mental', 'social', 'self-care'] as const;

/** A care domain, or the column for goals/activities that carry none. */
export type DomainKey = (typeof CARE_DOMAINS)[number] | 'unassigned';

/** The team roles the roster understands (`GET /api/roster/roles`). */
export type TeamRole =
  | 'gp'
  | 'nurse'
  | 'psychologist'
  | 'psychiatrist'
  | 'social-worker'
  | 'pharmacist'
  | 'community-health-worker'
  | 'care-coordinator'
  | 'patient'
  | 'caregiver';

/** A goal as the plan view shows it. */
export interface GoalView {
  id: string;
  version?: string;
  description: string;
  priority?: string;
  personalRank?: number;
  inPersonsWords: boolean;
  lifecycleStatus: Goal['lifecycleStatus'];
  achievementStatus?: string;
  dueDate?: string;
  goal: Goal;
}

/** An activity (a Task or ServiceRequest) as the plan view shows it. */
export interface ActivityView {
  reference: string;
  title: string;
  status?: string;
  owner?: string;
  ownerDisplay?: string;
  /** A referral's performer (ServiceRequest activities), e.g. the food bank. */
  performer?: string;
  performerDisplay?: string;
  due?: string;
  overdue: boolean;
  done: boolean;
  priority?: string;
  goal?: string;
  version?: string;
}

/** One domain column. */
export interface DomainView {
  domain: DomainKey;
  goals: GoalView[];
  activities: ActivityView[];
}

/** A current care-team member. */
export interface TeamMember {
  reference: string;
  display?: string;
  role?: TeamRole;
  organization?: string;
}

/** The last review of a plan. */
export interface ReviewSummary {
  provenance: string;
  at: string;
  by?: string;
  organization?: string;
  agreedBy: string[];
  note?: string;
  planVersion?: string;
}

/** Plan progress counts. */
export interface PlanProgress {
  goals: number;
  goalsAchieved: number;
  activities: number;
  activitiesDone: number;
  activitiesOverdue: number;
}

/** `GET /api/plans/{id}`: the plan as a team meeting runs from it. */
export interface PlanView {
  plan: CarePlan;
  version?: string;
  patient: { id: string; name?: string };
  domains: DomainView[];
  team: TeamMember[];
  lastReviewed?: string;
  lastReview?: ReviewSummary;
  nextReview?: string;
  progress: PlanProgress;
}

/** One row of `GET /api/plans?patient=`. */
export interface PlanSummary {
  id: string;
  title?: string;
  status: CarePlan['status'];
  version?: string;
  lastUpdated?: string;
  period?: CarePlan['period'];
}

/** One row of `GET /api/plan-templates`. */
export interface PlanTemplate {
  id: string;
  title: string;
  description?: string;
  goals: number;
  actions: number;
  url?: string;
}

/** One version of a goal in its achievement history. */
export interface GoalHistoryEntry {
  version: string;
  at: string;
  achievementStatus?: string;
  lifecycleStatus?: string;
}

/** One change since the last review, with who, for which organisation, when and why. */
export interface PlanChange {
  reference: string;
  version: number;
  at: string;
  kind: 'created' | 'updated' | 'deleted';
  title: string;
  fields: { field: string; from?: string; to?: string }[];
  by?: string;
  organization?: string;
  reason?: string;
}

/** `GET /api/plans/{id}/changes`. */
export interface PlanChanges {
  since?: string;
  changes: PlanChange[];
}

/** One team of `GET /api/roster/patients/{id}/care-teams`. */
export interface PatientCareTeam {
  careTeam: CareTeam;
  members: TeamMember[];
}
