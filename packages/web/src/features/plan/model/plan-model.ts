import {
  CARE_DOMAINS,
  type DomainKey,
  type DomainView,
  type PlanProgress,
  type PlanSummary,
  type TeamMember,
  type TeamRole,
} from '@careweave/contract';

/** Column headings of the domains. */
export const DOMAIN_LABEL: Readonly<Record<DomainKey, string>> = {
  physical: 'Physical',
  mental: 'Mental',
  social: 'Social',
  'self-care': 'Self-care',
  unassigned: 'Unassigned',
};

/**
 * The columns to show: the four domains always (an empty one is itself information for a team
 * meeting), "unassigned" only when something is in it.
 */
export function domainColumns(domains: readonly DomainView[]): DomainView[] {
  const byKey = new Map(domains.map((d) => [d.domain, d]));
  const order: DomainKey[] = [...CARE_DOMAINS, 'unassigned'];
  return order.flatMap((key) => {
    const column = byKey.get(key) ?? { domain: key, goals: [], activities: [] };
    return key === 'unassigned' && column.goals.length + column.activities.length === 0
      ? []
      : [column];
  });
}

/** The progress sentences the plan shows: "1 of 3 activities done", "0 of 2 goals achieved". */
export function progressText(progress: PlanProgress): {
  goals: string;
  activities: string;
  overdue: string;
} {
  return {
    goals: `${progress.goalsAchieved} of ${progress.goals} goals achieved`,
    activities: `${progress.activitiesDone} of ${progress.activities} activities done`,
    overdue: `${progress.activitiesOverdue} overdue`,
  };
}

/** A whole percentage for a progress bar (0 when there is nothing to do). */
export function percent(part: number, whole: number): number {
  return whole > 0 ? Math.round((100 * part) / whole) : 0;
}

/** The patient's active plan (the API lists active plans first), if any. */
export function activePlanOf(plans: readonly PlanSummary[] | undefined): PlanSummary | undefined {
  return plans?.find((p) => p.status === 'active');
}

/** Goal achievement statuses (http://terminology.hl7.org/CodeSystem/goal-achievement). */
export const ACHIEVEMENT_STATUSES = [
  ['in-progress', 'In progress'],
  ['improving', 'Improving'],
  ['worsening', 'Worsening'],
  ['no-change', 'No change'],
  ['achieved', 'Achieved'],
  ['sustaining', 'Sustaining'],
  ['not-achieved', 'Not achieved'],
  ['no-progress', 'No progress'],
  ['not-attainable', 'Not attainable'],
] as const;

/** A readable achievement status ("Not achieved"), or the code when unknown. */
export function achievementLabel(code: string | undefined): string {
  if (!code) return 'Not recorded';
  return ACHIEVEMENT_STATUSES.find(([c]) => c === code)?.[1] ?? code;
}

/** Goal priorities (http://terminology.hl7.org/CodeSystem/goal-priority). */
export const GOAL_PRIORITIES = [
  ['high-priority', 'High'],
  ['medium-priority', 'Medium'],
  ['low-priority', 'Low'],
] as const;

/** A readable goal priority ("High priority"). */
export function goalPriorityLabel(code: string | undefined): string | undefined {
  const label = GOAL_PRIORITIES.find(([c]) => c === code)?.[1];
  return label ? `${label} priority` : code;
}

/** Task priorities (FHIR request-priority), routine first as the default. */
export const TASK_PRIORITIES = [
  ['routine', 'Routine'],
  ['urgent', 'Urgent'],
  ['asap', 'As soon as possible'],
  ['stat', 'Immediately (stat)'],
] as const;

/** Readable team roles. */
export const ROLE_LABEL: Readonly<Record<TeamRole, string>> = {
  gp: 'GP',
  nurse: 'Nurse',
  psychologist: 'Psychologist',
  psychiatrist: 'Psychiatrist',
  'social-worker': 'Social worker',
  pharmacist: 'Pharmacist',
  'community-health-worker': 'Community health worker',
  'care-coordinator': 'Care coordinator',
  patient: 'Patient',
  caregiver: 'Family caregiver',
};

/** "Grace Mensah — Social worker", as the owner picker and the team list show a member. */
export function memberLabel(member: TeamMember): string {
  const name = member.display ?? member.reference;
  return member.role ? `${name} — ${ROLE_LABEL[member.role] ?? member.role}` : name;
}

/** Badge colour of an activity status; the status text is always shown too (colour is never the only signal). */
export function statusColor(status: string | undefined, done: boolean): string {
  if (status === 'completed') return 'teal';
  if (done) return 'gray';
  if (status === 'on-hold') return 'yellow';
  return 'blue';
}

/** Today as YYYY-MM-DD in UTC (what the API compares due dates with). */
export function today(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}
