import { formatHumanName } from '@medplum/core';
import type { CarePlan, Goal, Patient, ServiceRequest, Task } from '@medplum/fhirtypes';
import type { ActivityView, DomainView, GoalView, PlanView } from '@careweave/contract';
import type { Repository, RequestContext } from '@careweave/store';

export type { ActivityView, DomainView, GoalView, PlanView };
import { readMany } from '../shared/read-many.js';
import { activeTeams, currentMembers, withNames, type TeamMember } from '../roster/team-members.js';
import { isTerminal, isTaskStatus } from '../tasks/state-machine.js';
import {
  ACTIVITY_DOMAIN_URL,
  CARE_DOMAINS,
  GOAL_RELATIVE_PRIORITY_URL,
  LAST_REVIEW_URL,
  NEXT_REVIEW_URL,
  domainOf,
} from './codes.js';
import { lastReview } from './review.js';

const idsOf = (refs: readonly (string | undefined)[], type: string): string[] =>
  refs.filter((r): r is string => !!r?.startsWith(`${type}/`)).map((r) => r.slice(type.length + 1));

function goalView(goal: Goal): GoalView {
  const rank = goal.extension?.find((e) => e.url === GOAL_RELATIVE_PRIORITY_URL)?.valueInteger;
  const view: GoalView = {
    id: goal.id as string,
    description: goal.description.text ?? goal.description.coding?.[0]?.display ?? '',
    inPersonsWords: goal.expressedBy?.reference?.startsWith('Patient/') ?? false,
    lifecycleStatus: goal.lifecycleStatus,
    goal,
  };
  if (goal.meta?.versionId) view.version = goal.meta.versionId;
  if (goal.priority?.coding?.[0]?.code) view.priority = goal.priority.coding[0].code;
  if (rank !== undefined) view.personalRank = rank;
  if (goal.achievementStatus?.coding?.[0]?.code)
    view.achievementStatus = goal.achievementStatus.coding[0].code;
  if (goal.target?.[0]?.dueDate) view.dueDate = goal.target[0].dueDate;
  return view;
}

function activityView(
  reference: string,
  title: string,
  linked: Task | ServiceRequest | undefined,
  members: readonly TeamMember[],
  now: Date,
): ActivityView {
  const view: ActivityView = { reference, title, overdue: false, done: false };
  if (!linked) return view;
  const owner =
    linked.resourceType === 'Task' ? linked.owner?.reference : linked.requester?.reference;
  const due =
    linked.resourceType === 'Task' ? linked.restriction?.period?.end : linked.occurrencePeriod?.end;
  const status = linked.status;
  const done =
    linked.resourceType === 'Task'
      ? isTaskStatus(status) && isTerminal(status)
      : status === 'completed' || status === 'revoked' || status === 'entered-in-error';
  view.status = status;
  view.done = done;
  if (linked.meta?.versionId) view.version = linked.meta.versionId;
  if (owner) {
    view.owner = owner;
    const display = members.find((m) => m.reference === owner)?.display;
    if (display) view.ownerDisplay = display;
  }
  if (due) {
    view.due = due;
    view.overdue =
      !done &&
      (due.length <= 10 ? due < now.toISOString().slice(0, 10) : Date.parse(due) < now.getTime());
  }
  if (linked.priority) view.priority = linked.priority;
  const performer = linked.resourceType === 'ServiceRequest' ? linked.performer?.[0] : undefined;
  if (performer?.reference) view.performer = performer.reference;
  if (performer?.display) view.performerDisplay = performer.display;
  const goal = linked.resourceType === 'Task' ? linked.reasonReference?.reference : undefined;
  if (goal?.startsWith('Goal/')) view.goal = goal.slice(5);
  return view;
}

/** The plan, by domain, with goals, activities (owner, due, status), team, review dates and progress. */
export async function getPlanView(
  repo: Repository,
  ctx: RequestContext,
  planId: string,
  now: Date = new Date(),
): Promise<PlanView> {
  const plan = await repo.read<CarePlan>(ctx, 'CarePlan', planId);
  const patientId = plan.subject.reference?.replace(/^Patient\//, '') ?? '';
  const activityRefs = (plan.activity ?? []).map((a) => a.reference?.reference);
  const [patient, goals, tasks, requests, teams, review] = await Promise.all([
    repo.read<Patient>(ctx, 'Patient', patientId).catch(() => undefined),
    readMany<Goal>(
      repo,
      ctx,
      'Goal',
      idsOf(
        (plan.goal ?? []).map((g) => g.reference),
        'Goal',
      ),
    ),
    readMany<Task>(repo, ctx, 'Task', idsOf(activityRefs, 'Task')),
    readMany<ServiceRequest>(repo, ctx, 'ServiceRequest', idsOf(activityRefs, 'ServiceRequest')),
    activeTeams(repo, ctx, patientId),
    lastReview(repo, ctx, planId),
  ]);
  const members = await withNames(
    repo,
    teams.flatMap((t) => currentMembers(t, now)),
  );
  const columns = new Map<DomainView['domain'], DomainView>(
    [...CARE_DOMAINS, 'unassigned' as const].map((d) => [
      d,
      { domain: d, goals: [], activities: [] },
    ]),
  );
  for (const ref of plan.goal ?? []) {
    const goal = goals.get(ref.reference?.replace(/^Goal\//, '') ?? '');
    if (goal) columns.get(domainOf(goal.category) ?? 'unassigned')?.goals.push(goalView(goal));
  }
  for (const activity of plan.activity ?? []) {
    const ref = activity.reference?.reference ?? '';
    const [type, id = ''] = ref.split('/');
    const linked =
      type === 'Task' ? tasks.get(id) : type === 'ServiceRequest' ? requests.get(id) : undefined;
    const domain = domainOf([
      activity.extension?.find((e) => e.url === ACTIVITY_DOMAIN_URL)?.valueCodeableConcept ?? {},
    ]);
    const title =
      activity.reference?.display ??
      (linked?.resourceType === 'Task' ? linked.description : linked?.code?.text) ??
      activity.detail?.description ??
      ref;
    columns
      .get(domain ?? 'unassigned')
      ?.activities.push(activityView(ref, title, linked, members, now));
  }
  const domains = [...columns.values()].filter(
    (c) => c.domain !== 'unassigned' || c.goals.length + c.activities.length > 0,
  );
  const allActivities = domains.flatMap((d) => d.activities);
  const allGoals = domains.flatMap((d) => d.goals);
  const name = patient?.name?.[0] ? formatHumanName(patient.name[0]) : undefined;
  const view: PlanView = {
    plan,
    patient: { id: patientId, ...(name ? { name } : {}) },
    domains,
    team: members,
    progress: {
      goals: allGoals.length,
      goalsAchieved: allGoals.filter(
        (g) => g.achievementStatus === 'achieved' || g.lifecycleStatus === 'completed',
      ).length,
      activities: allActivities.length,
      activitiesDone: allActivities.filter((a) => a.status === 'completed').length,
      activitiesOverdue: allActivities.filter((a) => a.overdue).length,
    },
  };
  if (plan.meta?.versionId) view.version = plan.meta.versionId;
  const next = plan.extension?.find((e) => e.url === NEXT_REVIEW_URL)?.valueDate;
  const last = plan.extension?.find((e) => e.url === LAST_REVIEW_URL)?.valueDateTime;
  if (next) view.nextReview = next;
  if (last) view.lastReviewed = last;
  if (review) view.lastReview = review;
  return view;
}

/** A patient's care plans (active first, then most recently changed), as the actor sees them. */
export async function listPlans(
  repo: Repository,
  ctx: RequestContext,
  patientId: string,
): Promise<CarePlan[]> {
  const page = await repo.search(ctx, 'CarePlan', [
    ['subject', `Patient/${patientId}`],
    ['_sort', '-_lastUpdated'],
    ['_count', '100'],
    ['_total', 'none'],
  ]);
  const plans = page.resources as CarePlan[];
  return [
    ...plans.filter((p) => p.status === 'active'),
    ...plans.filter((p) => p.status !== 'active'),
  ];
}
