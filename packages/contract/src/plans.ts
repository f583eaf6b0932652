import type { CarePlan, CareTeam, Goal } from '@medplum/fhirtypes';
import type { TeamMember } from './roster.js';

/** The four domains of integrated-care assessment and planning, in the order the plan shows them. */
export const CARE_DOMAINS = ['physical', 'mental', 'social', 'self-care'] as const;
export type CareDomain = (typeof CARE_DOMAINS)[number];
/** A care domain, or the column for goals and activities that carry none. */
export type DomainKey = CareDomain | 'unassigned';

/** A goal as the plan view shows it. */
export interface GoalView {
  id: string;
  version?: string;
  description: string;
  priority?: string;
  /** The person's own ranking (1 = matters most). */
  personalRank?: number;
  /** Stated by the person themself (`expressedBy` = the Patient). */
  inPersonsWords: boolean;
  lifecycleStatus: Goal['lifecycleStatus'];
  achievementStatus?: string;
  dueDate?: string;
  goal: Goal;
}

/** An activity (Task or ServiceRequest) as the plan view shows it. */
export interface ActivityView {
  reference: string;
  title: string;
  /** Undefined when the viewer may not see the linked resource. */
  status?: string;
  owner?: string;
  ownerDisplay?: string;
  /** A referral's performer (ServiceRequest.performer), e.g. the food bank. */
  performer?: string;
  performerDisplay?: string;
  due?: string;
  overdue: boolean;
  done: boolean;
  priority?: string;
  goal?: string;
  version?: string;
}

/** One domain column of the plan. */
export interface DomainView {
  domain: DomainKey;
  goals: GoalView[];
  activities: ActivityView[];
}

/** The last review of a plan: who agreed, when, on which version. */
export interface ReviewSummary {
  provenance: string;
  at: string;
  by?: string;
  organization?: string;
  agreedBy: string[];
  note?: string;
  /** The plan version the review agreed. */
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

/** `GET /api/plans/{id}` (and every plan write's answer): the plan as a team meeting runs from it. */
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

/** One row of `GET /api/plan-templates`: a template for pickers. */
export interface TemplateSummary {
  id: string;
  title: string;
  description?: string;
  goals: number;
  actions: number;
  url?: string;
}

/** One version of a goal in its achievement history (`GET /api/goals/{id}/history`). */
export interface GoalHistoryEntry {
  version: string;
  at: string;
  achievementStatus?: string;
  lifecycleStatus?: string;
}

/** One field that changed between two versions. */
export interface FieldChange {
  field: string;
  from?: string;
  to?: string;
}

/** One new version of a plan, goal or activity since the reference time. */
export interface PlanChange {
  reference: string;
  version: number;
  at: string;
  kind: 'created' | 'updated' | 'deleted';
  title: string;
  fields: FieldChange[];
  /** Who, for which organisation and why — from the change's Provenance, when a domain operation wrote one. */
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

/** Body of `POST /api/plans/{id}/goals`. */
export interface NewGoalRequest {
  description: string;
  domain: string;
  priority?: string;
  personalRank?: number;
  inPersonsWords?: boolean;
  target?: { dueDate: string };
  reason?: string;
}

/** Body of `POST /api/plans/{id}/activities`. */
export interface NewActivityRequest {
  /** A Task for someone on the team (default), or a referral (ServiceRequest) to a community service. */
  kind?: 'task' | 'service-request';
  title: string;
  domain: string;
  /** The team member who does it (task) or is responsible for the referral (its requester). */
  owner: string;
  /** The service that performs a referral (`Organization/…`). */
  performer?: string;
  due?: string;
  priority?: string;
  goal?: string;
  reason?: string;
}

/** Body of `POST /api/plans/{id}/review`. */
export interface NewReviewRequest {
  agreedBy: string[];
  nextReview: string;
  note?: string;
}
