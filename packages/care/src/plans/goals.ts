import type { Annotation, CarePlan, Coding, Goal, GoalTarget } from '@medplum/fhirtypes';
import { readInTransaction } from '@careweave/store';
import type { Repository, RequestContext } from '@careweave/store';
import { today } from '../shared/acting.js';
import { careError, invalidInput } from '../shared/care-errors.js';
import {
  GOAL_PRIORITIES,
  GOAL_PRIORITY_SYSTEM,
  GOAL_RELATIVE_PRIORITY_URL,
  PlanError,
  domainConcept,
  isCareDomain,
  type CareDomain,
  type GoalPriority,
} from './codes.js';
import { checkVersion } from '../shared/versions.js';
import { changePlan, type ChangeOptions } from './change.js';

/** The goal-achievement codes (http://terminology.hl7.org/CodeSystem/goal-achievement). */
export const GOAL_ACHIEVEMENT_SYSTEM = 'http://terminology.hl7.org/CodeSystem/goal-achievement';
export const GOAL_ACHIEVEMENT = [
  'in-progress',
  'improving',
  'worsening',
  'no-change',
  'achieved',
  'sustaining',
  'not-achieved',
  'no-progress',
  'not-attainable',
] as const;
export type GoalAchievement = (typeof GOAL_ACHIEVEMENT)[number];

/** A goal as the team or the person states it. */
export interface GoalInput {
  /** The goal — in the person's own words when `inPersonsWords` ("what matters to you"). */
  description: string;
  domain: CareDomain;
  priority?: GoalPriority;
  /** The person's own ranking among their goals (1 = matters most): Goal extension goal-relativePriority. */
  personalRank?: number;
  /** The person stated this goal themself: `expressedBy` = the Patient. */
  inPersonsWords?: boolean;
  target?: {
    measure?: Coding;
    detailString?: string;
    detailQuantity?: {
      value: number;
      unit: string;
      code?: string;
      comparator?: '<' | '<=' | '>=' | '>';
    };
    dueDate?: string;
  };
  /** Condition ids the goal addresses. */
  addresses?: string[];
  note?: string;
}

function targetOf(t: NonNullable<GoalInput['target']>, description: string): GoalTarget {
  if (t.dueDate !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(t.dueDate))
    throw invalidInput('target.dueDate must be a date YYYY-MM-DD', 'target.dueDate');
  const q = t.detailQuantity;
  return {
    // Goal invariant gol-1: a target with a detail needs a measure; without one it measures the goal itself.
    ...(t.measure
      ? { measure: { coding: [t.measure] } }
      : t.detailString || q
        ? { measure: { text: description } }
        : {}),
    ...(t.detailString ? { detailString: t.detailString } : {}),
    ...(q
      ? {
          detailQuantity: {
            value: q.value,
            unit: q.unit,
            ...(q.code ? { system: 'http://unitsofmeasure.org', code: q.code } : {}),
            ...(q.comparator ? { comparator: q.comparator } : {}),
          },
        }
      : {}),
    ...(t.dueDate ? { dueDate: t.dueDate } : {}),
  };
}

function noteOf(ctx: RequestContext, text: string, now: Date): Annotation {
  return {
    text,
    time: now.toISOString(),
    ...(ctx.actor.includes('/')
      ? { authorReference: { reference: ctx.actor } }
      : { authorString: 'Careweave' }),
  };
}

function priorityConcept(priority: GoalPriority): Goal['priority'] {
  return { coding: [{ system: GOAL_PRIORITY_SYSTEM, code: priority }] };
}

/** Adds a goal to the plan (the Goal, the plan's `goal` reference and a Provenance, atomically). */
export async function addGoal(
  repo: Repository,
  ctx: RequestContext,
  planId: string,
  input: GoalInput,
  options: ChangeOptions = {},
): Promise<{ plan: CarePlan; goal: Goal }> {
  if (!input.description?.trim()) throw invalidInput('A goal needs a description', 'description');
  if (!isCareDomain(input.domain))
    throw invalidInput('domain must be one of physical, mental, social, self-care', 'domain');
  if (input.priority !== undefined && !GOAL_PRIORITIES.includes(input.priority))
    throw invalidInput(`priority must be one of ${GOAL_PRIORITIES.join(', ')}`, 'priority');
  if (
    input.personalRank !== undefined &&
    (!Number.isInteger(input.personalRank) || input.personalRank < 1)
  )
    throw invalidInput('personalRank must be a positive integer', 'personalRank');
  const { result, plan } = await changePlan(
    repo,
    ctx,
    planId,
    'add-goal',
    options,
    async ({ w, plan, patientId, now }) => {
      const goal = await w.create<Goal>({
        resourceType: 'Goal',
        ...(input.personalRank !== undefined
          ? { extension: [{ url: GOAL_RELATIVE_PRIORITY_URL, valueInteger: input.personalRank }] }
          : {}),
        lifecycleStatus: 'active',
        achievementStatus: { coding: [{ system: GOAL_ACHIEVEMENT_SYSTEM, code: 'in-progress' }] },
        category: [domainConcept(input.domain)],
        ...(input.priority ? { priority: priorityConcept(input.priority) } : {}),
        description: { text: input.description.trim() },
        subject: { reference: `Patient/${patientId}` },
        startDate: today(now),
        ...(input.target ? { target: [targetOf(input.target, input.description.trim())] } : {}),
        ...(input.inPersonsWords
          ? { expressedBy: { reference: `Patient/${patientId}` } }
          : ctx.actor.startsWith('Practitioner')
            ? { expressedBy: { reference: ctx.actor } }
            : {}),
        ...(input.addresses?.length
          ? {
              addresses: input.addresses.map((id) => ({ reference: `Condition/${id}` })),
            }
          : {}),
        ...(input.note ? { note: [noteOf(ctx, input.note, now)] } : {}),
      });
      return {
        plan: { ...plan, goal: [...(plan.goal ?? []), { reference: `Goal/${goal.id}` }] },
        written: [goal],
        result: goal,
      };
    },
  );
  return { plan, goal: result };
}

/** Changes to a goal; every change is a new version (the achievement history is the version history). */
export interface GoalUpdate {
  achievementStatus?: GoalAchievement;
  lifecycleStatus?: Goal['lifecycleStatus'];
  priority?: GoalPriority;
  personalRank?: number;
  description?: string;
  dueDate?: string;
  note?: string;
}

/** Updates one of the plan's goals (`ifMatch` is the goal's version). */
export async function updateGoal(
  repo: Repository,
  ctx: RequestContext,
  planId: string,
  goalId: string,
  update: GoalUpdate,
  options: ChangeOptions = {},
): Promise<Goal> {
  if (
    update.achievementStatus !== undefined &&
    !GOAL_ACHIEVEMENT.includes(update.achievementStatus)
  )
    throw invalidInput(
      `achievementStatus must be one of ${GOAL_ACHIEVEMENT.join(', ')}`,
      'achievementStatus',
    );
  if (update.priority !== undefined && !GOAL_PRIORITIES.includes(update.priority))
    throw invalidInput(`priority must be one of ${GOAL_PRIORITIES.join(', ')}`, 'priority');
  if (update.dueDate !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(update.dueDate))
    throw invalidInput('dueDate must be a date YYYY-MM-DD', 'dueDate');
  const { result } = await changePlan(
    repo,
    ctx,
    planId,
    'update-goal',
    { ...options, planIfMatch: false },
    async ({ w, tx, plan, now }) => {
      if (!(plan.goal ?? []).some((g) => g.reference === `Goal/${goalId}`)) {
        throw careError(
          PlanError.GOAL_NOT_IN_PLAN,
          'business-rule',
          `Goal/${goalId} is not a goal of CarePlan/${planId}`,
        );
      }
      const goal = await readInTransaction<Goal>(tx, ctx, 'Goal', goalId);
      checkVersion(goal, options.ifMatch);
      const next: Goal = { ...goal };
      if (update.achievementStatus)
        next.achievementStatus = {
          coding: [{ system: GOAL_ACHIEVEMENT_SYSTEM, code: update.achievementStatus }],
        };
      if (update.lifecycleStatus) next.lifecycleStatus = update.lifecycleStatus;
      if (update.priority) next.priority = priorityConcept(update.priority);
      if (update.description) next.description = { ...goal.description, text: update.description };
      if (update.personalRank !== undefined) {
        next.extension = [
          ...(goal.extension ?? []).filter((e) => e.url !== GOAL_RELATIVE_PRIORITY_URL),
          { url: GOAL_RELATIVE_PRIORITY_URL, valueInteger: update.personalRank },
        ];
      }
      if (update.dueDate) {
        const [first, ...rest] = goal.target ?? [{}];
        next.target = [{ ...first, dueDate: update.dueDate }, ...rest];
      }
      if (update.note) next.note = [...(goal.note ?? []), noteOf(ctx, update.note, now)];
      if (update.lifecycleStatus === 'completed' || update.achievementStatus === 'achieved')
        next.statusDate = today(now);
      const stored = (await w.update(next, `W/"${goal.meta?.versionId}"`)).resource;
      return { written: [stored], result: stored };
    },
  );
  return result;
}
