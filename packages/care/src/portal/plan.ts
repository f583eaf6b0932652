import type { CarePlan, Goal, Task } from '@medplum/fhirtypes';
import type { Repository, RequestContext } from '@careweave/store';
import {
  PortalError,
  type ActivityView,
  type GoalView,
  type PlanView,
  type PortalActivity,
  type PortalComment,
  type PortalGoal,
  type PortalPlan,
  type PortalActivityDoneRequest,
  type PortalCommentRequest,
  type PortalPriorityRequest,
} from '@careweave/contract';
import { isCareDomain } from '../plans/codes.js';
import { addGoal, updateGoal } from '../plans/goals.js';
import { getPlanView, listPlans } from '../plans/view.js';
import { transitionTask } from '../tasks/actions.js';
import { careError, invalidInput } from '../shared/care-errors.js';
import { personFor, subjectFor, type PortalSubject } from './whose.js';

/** Goal achievement (http://terminology.hl7.org/CodeSystem/goal-achievement) in plain words. */
const ACHIEVEMENT_WORDS: Readonly<Record<string, string>> = {
  'in-progress': 'Working on it',
  improving: 'Getting better',
  worsening: 'Getting harder',
  'no-change': 'No change yet',
  achieved: 'Achieved',
  sustaining: 'Keeping it up',
  'not-achieved': 'Not reached',
  'no-progress': 'No progress yet',
  'not-attainable': 'Not possible for now',
};

/** Task (FHIR task-status) and ServiceRequest (request-status) statuses in plain words. */
const STATUS_WORDS: Readonly<Record<string, string>> = {
  draft: 'Planned',
  requested: 'Not started',
  received: 'Not started',
  accepted: 'Planned',
  ready: 'Ready',
  'in-progress': 'Under way',
  active: 'Under way',
  'on-hold': 'On hold',
  completed: 'Done',
  cancelled: 'Cancelled',
  revoked: 'Cancelled',
  rejected: 'Declined',
  failed: 'Could not be done',
  'entered-in-error': 'Removed',
};

const DOMAIN_WORDS: Readonly<Record<string, string>> = {
  physical: 'Body and health',
  mental: 'Mind and mood',
  social: 'Home, money and people',
  'self-care': 'Looking after myself',
  unassigned: 'Other',
};

function progressOf(goal: GoalView): string {
  if (goal.lifecycleStatus === 'completed') return 'Achieved';
  if (goal.lifecycleStatus === 'cancelled') return 'Stopped';
  if (goal.lifecycleStatus === 'proposed') return 'Suggested';
  if (goal.lifecycleStatus === 'on-hold') return 'On hold';
  return ACHIEVEMENT_WORDS[goal.achievementStatus ?? ''] ?? 'Working on it';
}

function commentsOf(goal: Goal, names: ReadonlyMap<string, string>, mine: ReadonlySet<string>) {
  return (goal.note ?? []).map((n): PortalComment => {
    const author = n.authorReference?.reference;
    const by = (author ? names.get(author) : undefined) ?? n.authorString;
    return {
      text: n.text,
      ...(n.time ? { at: n.time } : {}),
      ...(by ? { by } : {}),
      mine: author !== undefined && mine.has(author),
    };
  });
}

function activityOf(a: ActivityView, subject: PortalSubject): PortalActivity {
  const mine = a.owner === `Patient/${subject.patientId}`;
  const who = mine
    ? subject.viewer.kind === 'patient'
      ? 'You'
      : subject.person.name
    : (a.ownerDisplay ?? a.performerDisplay ?? 'Your care team');
  return {
    reference: a.reference,
    title: a.title,
    who,
    mine,
    done: a.done,
    status: STATUS_WORDS[a.status ?? ''] ?? 'Planned',
    ...(a.due ? { due: a.due } : {}),
    overdue: a.overdue,
    ...(a.goal ? { goal: a.goal } : {}),
  };
}

/** The portal's view of a PlanView: goals in the person's words first, then by their own ranking. */
export function portalPlanOf(view: PlanView, subject: PortalSubject): PortalPlan {
  const names = new Map(view.team.map((m) => [m.reference, m.display ?? 'A team member']));
  names.set(
    `Patient/${subject.patientId}`,
    subject.viewer.kind === 'patient' ? 'You' : subject.person.name,
  );
  if (subject.viewer.kind === 'caregiver' && subject.viewer.name)
    names.set(subject.viewer.reference, 'You');
  const mine = new Set([`Patient/${subject.patientId}`, subject.viewer.reference]);
  const goals = view.domains
    .flatMap((d) =>
      d.goals
        .filter((g) => g.lifecycleStatus !== 'rejected' && g.lifecycleStatus !== 'entered-in-error')
        .map((g): PortalGoal => ({
          id: g.id,
          ...(g.version ? { version: g.version } : {}),
          text: g.description,
          inMyWords: g.inPersonsWords,
          ...(g.personalRank !== undefined ? { rank: g.personalRank } : {}),
          domain: DOMAIN_WORDS[d.domain] ?? 'Other',
          progress: progressOf(g),
          achieved: g.achievementStatus === 'achieved' || g.lifecycleStatus === 'completed',
          ...(g.dueDate ? { dueDate: g.dueDate } : {}),
          comments: commentsOf(g.goal, names, mine),
        })),
    )
    .sort(
      (a, b) =>
        Number(b.inMyWords) - Number(a.inMyWords) ||
        (a.rank ?? Number.MAX_SAFE_INTEGER) - (b.rank ?? Number.MAX_SAFE_INTEGER),
    );
  const activities = view.domains.flatMap((d) => d.activities).map((a) => activityOf(a, subject));
  return {
    plan: {
      id: view.plan.id as string,
      title: view.plan.title ?? 'My care plan',
      ...(view.version ? { version: view.version } : {}),
      ...(view.lastReviewed ? { lastReviewed: view.lastReviewed } : {}),
      ...(view.nextReview ? { nextReview: view.nextReview } : {}),
    },
    goals,
    mine: activities.filter((a) => a.mine),
    team: activities.filter((a) => !a.mine),
    progress: {
      goals: goals.length,
      goalsAchieved: goals.filter((g) => g.achieved).length,
      activities: activities.length,
      activitiesDone: activities.filter((a) => a.done).length,
    },
  };
}

async function activePlan(
  repo: Repository,
  ctx: RequestContext,
  patientId: string,
): Promise<CarePlan | undefined> {
  return (await listPlans(repo, ctx, patientId)).find((p) => p.status === 'active');
}

const EMPTY: PortalPlan = {
  goals: [],
  mine: [],
  team: [],
  progress: { goals: 0, goalsAchieved: 0, activities: 0, activitiesDone: 0 },
};

/** `GET /api/me/plan`: the person's active care plan in plain language (empty without one). */
export async function myPlan(
  repo: Repository,
  ctx: RequestContext,
  now: Date = new Date(),
): Promise<PortalPlan> {
  const subject = await subjectFor(repo, ctx, 'plan');
  const plan = await activePlan(repo, ctx, subject.patientId);
  if (!plan?.id) return EMPTY;
  return portalPlanOf(await getPlanView(repo, ctx, plan.id, now), subject);
}

async function requirePlan(repo: Repository, ctx: RequestContext, patientId: string) {
  const plan = await activePlan(repo, ctx, patientId);
  if (!plan?.id)
    throw careError(
      PortalError.NO_PLAN,
      'business-rule',
      'You do not have a care plan yet: your care coordinator will write it with you',
    );
  return plan as CarePlan & { id: string };
}

/**
 * Adds a priority ("what matters to me"): a Goal in the person's own words (`expressedBy` the
 * Patient) ranked after their other priorities, on their active plan, attributed to them. The
 * plan's write rule notifies the care team, so they see it at once as a change by the person.
 */
export async function addPriority(
  repo: Repository,
  ctx: RequestContext,
  input: PortalPriorityRequest,
  now: Date = new Date(),
): Promise<PortalPlan> {
  const text = typeof input.text === 'string' ? input.text.trim() : '';
  if (!text) throw invalidInput('Write what matters to you', 'text');
  if (text.length > 500) throw invalidInput('Please keep it under 500 characters', 'text');
  if (input.domain !== undefined && !isCareDomain(input.domain))
    throw invalidInput('domain must be one of physical, mental, social, self-care', 'domain');
  const subject = await personFor(repo, ctx, 'plan');
  const plan = await requirePlan(repo, ctx, subject.patientId);
  const current = portalPlanOf(await getPlanView(repo, ctx, plan.id, now), subject);
  const rank = Math.max(0, ...current.goals.filter((g) => g.inMyWords).map((g) => g.rank ?? 0)) + 1;
  await addGoal(
    repo,
    ctx,
    plan.id,
    {
      description: text,
      domain: input.domain ?? 'self-care',
      inPersonsWords: true,
      personalRank: rank,
    },
    { reason: 'Added by the person in their portal: what matters to me', now },
  );
  return portalPlanOf(await getPlanView(repo, ctx, plan.id, now), subject);
}

/** Comments on one of the plan's goals (a `Goal.note` by the person, a new goal version). */
export async function commentOnGoal(
  repo: Repository,
  ctx: RequestContext,
  goalId: string,
  input: PortalCommentRequest,
  now: Date = new Date(),
): Promise<PortalPlan> {
  const text = typeof input.text === 'string' ? input.text.trim() : '';
  if (!text) throw invalidInput('Write your comment', 'text');
  if (text.length > 2000) throw invalidInput('Please keep it under 2,000 characters', 'text');
  const subject = await personFor(repo, ctx, 'plan');
  const plan = await requirePlan(repo, ctx, subject.patientId);
  await updateGoal(
    repo,
    ctx,
    plan.id,
    goalId,
    { note: text },
    {
      reason: 'Comment from the person in their portal',
      now,
    },
  );
  return portalPlanOf(await getPlanView(repo, ctx, plan.id, now), subject);
}

/**
 * Marks one of the person's own activities (a Task they own) done, through the Task state machine
 * with a Provenance naming them. Someone else's activity → PortalError.NOT_MY_ACTIVITY (422).
 */
export async function markActivityDone(
  repo: Repository,
  ctx: RequestContext,
  taskId: string,
  input: PortalActivityDoneRequest = {},
  now: Date = new Date(),
): Promise<PortalPlan> {
  const subject = await personFor(repo, ctx, 'plan');
  const task = await repo.read<Task>(ctx, 'Task', taskId);
  if (task.owner?.reference !== `Patient/${subject.patientId}`) {
    throw careError(
      PortalError.NOT_MY_ACTIVITY,
      'business-rule',
      'This is something your team does; you can mark only your own activities done',
    );
  }
  if (task.status !== 'completed') {
    const note = typeof input.note === 'string' ? input.note.trim() : '';
    await transitionTask(
      repo,
      ctx,
      taskId,
      {
        to: 'completed',
        reason: 'Marked done in their portal',
        ...(note ? { outcome: note } : {}),
      },
      { now },
    );
  }
  const plan = await activePlan(repo, ctx, subject.patientId);
  return plan?.id ? portalPlanOf(await getPlanView(repo, ctx, plan.id, now), subject) : EMPTY;
}
