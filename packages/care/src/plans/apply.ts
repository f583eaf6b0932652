import type {
  CarePlan,
  CarePlanActivity,
  Condition,
  Goal,
  PlanDefinition,
  PlanDefinitionAction,
  PlanDefinitionGoal,
  Provenance,
  Reference,
  Task,
} from '@medplum/fhirtypes';
import { randomUUID } from 'node:crypto';
import {
  readInTransaction,
  searchInTransaction,
  type Repository,
  type RequestContext,
} from '@careweave/store';
import { actorSelves, addDays, today } from '../shared/acting.js';
import { careError } from '../shared/care-errors.js';
import { teamRoleOf } from '../roster/codes.js';
import {
  ACTIVITY_DOMAIN_URL,
  ASSESS_PLAN,
  FROM_TEMPLATE_URL,
  PlanError,
  programmeCoding,
} from './codes.js';
import { loadPatientTeam, type PatientTeam } from '../roster/patient-team.js';
import { assertChangeable, assertOnTeam, ownerForRole, readPlanIn } from './plan-context.js';
import { provenanceFor } from '../shared/provenance.js';

/** What applying a template produces. */
export interface AppliedPlan {
  plan: CarePlan;
  goals: Goal[];
  tasks: Task[];
  provenance: Provenance;
}

export interface ApplyInput {
  templateId: string;
  patientId: string;
  /** Add the template's goals and activities to this existing plan instead of creating one. */
  into?: string;
  /** `If-Match` for `into`. */
  ifMatch?: string;
  reason?: string;
  now?: Date;
}

/** Days of a Duration in days/weeks/months (templates use days). */
function durationDays(
  d: { value?: number; code?: string; unit?: string } | undefined,
): number | undefined {
  if (d?.value === undefined) return undefined;
  const unit = d.code ?? d.unit ?? 'd';
  return unit.startsWith('wk') || unit === 'week' || unit === 'weeks'
    ? d.value * 7
    : unit.startsWith('mo')
      ? d.value * 30
      : d.value;
}

/** A problem still in play: clinical status active, recurrence or relapse (or not stated). */
function isCurrentProblem(c: Condition): boolean {
  const status = c.clinicalStatus?.coding?.[0]?.code;
  return status === undefined || ['active', 'recurrence', 'relapse'].includes(status);
}

function matchConditions(
  conditions: readonly Condition[],
  concepts: PlanDefinitionGoal['addresses'],
): Reference<Condition>[] {
  const wanted = new Set(
    (concepts ?? []).flatMap((c) => c.coding ?? []).map((c) => `${c.system}|${c.code}`),
  );
  return conditions
    .filter((c) => (c.code?.coding ?? []).some((x) => wanted.has(`${x.system}|${x.code}`)))
    .map((c) => ({ reference: `Condition/${c.id}` }));
}

function goalFrom(
  def: PlanDefinitionGoal,
  template: PlanDefinition,
  ctx: PatientTeam,
  conditions: readonly Condition[],
  now: Date,
): Goal {
  const target = (def.target ?? []).map((t) => {
    const due = durationDays(t.due);
    const detail = t.detailQuantity ?? t.detailRange ?? t.detailCodeableConcept;
    // Goal invariant gol-1: a target with a detail needs a measure; a template target without one measures the goal itself.
    const measure = t.measure ?? (detail ? { text: def.description.text ?? 'Goal' } : undefined);
    return {
      ...(measure ? { measure } : {}),
      ...(t.detailQuantity ? { detailQuantity: t.detailQuantity } : {}),
      ...(t.detailRange ? { detailRange: t.detailRange } : {}),
      ...(t.detailCodeableConcept ? { detailCodeableConcept: t.detailCodeableConcept } : {}),
      ...(due !== undefined ? { dueDate: addDays(now, due) } : {}),
    };
  });
  const addresses = matchConditions(conditions, def.addresses);
  return {
    resourceType: 'Goal',
    id: randomUUID(),
    extension: [{ url: FROM_TEMPLATE_URL, valueCanonical: `${template.url}|${template.version}` }],
    lifecycleStatus: 'active',
    achievementStatus: {
      coding: [
        {
          system: 'http://terminology.hl7.org/CodeSystem/goal-achievement',
          code: 'in-progress',
          display: 'In Progress',
        },
      ],
    },
    ...(def.category ? { category: [def.category] } : {}),
    ...(def.priority ? { priority: def.priority } : {}),
    description: def.description,
    subject: { reference: `Patient/${ctx.patient.id}` },
    startDate: today(now),
    ...(target.length > 0 ? { target } : {}),
    ...(addresses.length > 0 ? { addresses } : {}),
  };
}

function taskFrom(
  action: PlanDefinitionAction,
  template: PlanDefinition,
  ctx: PatientTeam,
  goals: ReadonlyMap<string, Goal>,
  planId: string,
  actor: string,
  now: Date,
): Task {
  const owner = ownerForRole(ctx, teamRoleOf(action.participant?.[0]?.role));
  const due = durationDays(action.timingDuration);
  const goal = (action.goalId ?? []).map((g) => goals.get(g)).find((g) => g !== undefined);
  return {
    resourceType: 'Task',
    id: randomUUID(),
    extension: [{ url: FROM_TEMPLATE_URL, valueCanonical: `${template.url}|${template.version}` }],
    status: 'requested',
    intent: 'plan',
    priority: action.priority ?? 'routine',
    code: { text: action.title },
    description: action.title,
    for: { reference: `Patient/${ctx.patient.id}` },
    basedOn: [{ reference: `CarePlan/${planId}` }],
    authoredOn: now.toISOString(),
    ...(actor.startsWith('Practitioner') ? { requester: { reference: actor } } : {}),
    ...(owner ? { owner: { reference: owner } } : {}),
    ...(goal ? { reasonReference: { reference: `Goal/${goal.id}` } } : {}),
    ...(due !== undefined ? { restriction: { period: { end: addDays(now, due) } } } : {}),
    ...(action.description
      ? {
          note: [
            {
              authorString: `Template: ${template.title ?? template.name}`,
              text: action.description,
            },
          ],
        }
      : {}),
  };
}

function activityFor(task: Task, action: PlanDefinitionAction): CarePlanActivity {
  const domain = action.extension?.find((e) => e.url === ACTIVITY_DOMAIN_URL);
  return {
    ...(domain ? { extension: [domain] } : {}),
    reference: { reference: `Task/${task.id}`, display: task.description },
  };
}

const uniqueRefs = <T extends Reference>(refs: readonly T[]): T[] => [
  ...new Map(refs.map((r) => [r.reference, r])).values(),
];

/**
 * Applies a care-plan template (PlanDefinition) to a patient, atomically: the CarePlan (or, with
 * `into`, the patient's existing plan), one Goal per template goal (addressing the patient's
 * matching active Conditions, targets due relative to today), one Task per action (owner = the
 * team member with the action's role, see `ownerForRole`; due after `timingDuration`; linked to
 * its goal), and a Provenance — one transaction, so a failure leaves nothing behind. The actor
 * must be on the patient's care team. This is `PlanDefinition/$apply`.
 */
export async function applyTemplate(
  repo: Repository,
  ctx: RequestContext,
  input: ApplyInput,
): Promise<AppliedPlan> {
  const now = input.now ?? new Date();
  const selves = await actorSelves(repo, ctx);
  return repo.inTransaction(ctx, async (w, tx) => {
    const template = await readInTransaction<PlanDefinition>(
      tx,
      ctx,
      'PlanDefinition',
      input.templateId,
    ).catch(() => {
      throw careError(
        PlanError.TEMPLATE_NOT_FOUND,
        'not-found',
        `PlanDefinition/${input.templateId} not found`,
      );
    });
    const pc = await loadPatientTeam(tx, ctx, input.patientId, now);
    assertOnTeam(ctx, selves, pc);
    const conditions = (
      (
        await searchInTransaction(tx, ctx, 'Condition', [
          ['patient', `Patient/${input.patientId}`],
          ['_count', '1000'],
          ['_total', 'none'],
        ])
      ).resources as Condition[]
    ).filter(isCurrentProblem);
    let existing: CarePlan | undefined;
    if (input.into) {
      const found = await readPlanIn(tx, ctx, input.into);
      if (found.patientId !== input.patientId) {
        throw careError(
          PlanError.GOAL_NOT_IN_PLAN,
          'business-rule',
          `CarePlan/${input.into} is not a plan of Patient/${input.patientId}`,
        );
      }
      assertChangeable(found.plan);
      existing = found.plan;
    }
    const planId = existing?.id ?? randomUUID();
    const goalsByKey = new Map<string, Goal>();
    for (const def of template.goal ?? []) {
      goalsByKey.set(def.id ?? randomUUID(), goalFrom(def, template, pc, conditions, now));
    }
    const actions = template.action ?? [];
    const tasks = actions.map((a) => taskFrom(a, template, pc, goalsByKey, planId, ctx.actor, now));
    const goals = [...goalsByKey.values()];
    const addresses = uniqueRefs(
      goals.flatMap((g) => (g.addresses ?? []) as Reference<Condition>[]),
    );
    const canonical = `${template.url}|${template.version}`;
    const plan: CarePlan = existing
      ? {
          ...existing,
          addresses: uniqueRefs([...(existing.addresses ?? []), ...addresses]),
          goal: [...(existing.goal ?? []), ...goals.map((g) => ({ reference: `Goal/${g.id}` }))],
          activity: [
            ...(existing.activity ?? []),
            ...tasks.map((t, i) => activityFor(t, actions[i] as PlanDefinitionAction)),
          ],
          instantiatesCanonical: [
            ...new Set([...(existing.instantiatesCanonical ?? []), canonical]),
          ],
        }
      : {
          resourceType: 'CarePlan',
          id: planId,
          instantiatesCanonical: [canonical],
          status: 'active',
          intent: 'plan',
          category: [{ coding: [programmeCoding()] }, ASSESS_PLAN],
          title: template.title ?? template.name ?? 'Care plan',
          ...(template.description ? { description: template.description } : {}),
          subject: { reference: `Patient/${input.patientId}` },
          period: { start: today(now) },
          created: now.toISOString(),
          ...(ctx.actor.startsWith('Practitioner') ? { author: { reference: ctx.actor } } : {}),
          careTeam: pc.teams.map((t) => ({ reference: `CareTeam/${t.id}` })),
          ...(addresses.length > 0 ? { addresses } : {}),
          goal: goals.map((g) => ({ reference: `Goal/${g.id}` })),
          activity: tasks.map((t, i) => activityFor(t, actions[i] as PlanDefinitionAction)),
        };
    const storedGoals = [];
    for (const goal of goals) storedGoals.push(await w.create(goal, goal.id));
    const storedTasks = [];
    for (const task of tasks) storedTasks.push(await w.create(task, task.id));
    const storedPlan = existing
      ? (await w.update(plan, input.ifMatch ?? `W/"${existing.meta?.versionId}"`)).resource
      : await w.create(plan, planId);
    const reason = input.reason ?? `Applied template "${template.title ?? template.id}"`;
    const provenance = await w.create(
      provenanceFor(ctx, [storedPlan, ...storedGoals, ...storedTasks], input.patientId, {
        kind: existing ? 'update-plan' : 'create-plan',
        reason,
        now,
      }),
    );
    return { plan: storedPlan, goals: storedGoals, tasks: storedTasks, provenance };
  });
}
