/**
 * Suggestions the assessment rules make (work.ts) are Tasks (code `suggestion`, intent proposal)
 * the team accepts or dismisses with a reason. Accepting puts the suggestion on the care plan in
 * one attributed transaction: a suggested goal becomes an active Goal of the plan with its
 * activity (a Task for the behavioural-health clinician); a suggested referral becomes a plan
 * activity that is a ServiceRequest to the chosen directory service. Dismissing keeps why.
 */
import type {
  AcceptSuggestionRequest,
  AcceptedSuggestion,
  SuggestionView,
} from '@careweave/contract';
import type { CarePlan, Goal, HealthcareService, ServiceRequest, Task } from '@medplum/fhirtypes';
import {
  SYSTEM_CONTEXT,
  readInTransaction,
  type Repository,
  type RequestContext,
  type ResourceWriter,
} from '@careweave/store';
import { actorSelves, today } from '../shared/acting.js';
import { careError, invalidInput } from '../shared/care-errors.js';
import { ACTIVITY_DOMAIN_URL, domainConcept, programmeCoding } from '../plans/codes.js';
import { changePlan } from '../plans/change.js';
import { assertOnTeam, ownerForRole } from '../plans/plan-context.js';
import { loadPatientTeam } from '../roster/patient-team.js';
import { provenanceFor } from '../shared/provenance.js';
import { isTeamRole } from '../roster/codes.js';
import { patientIdOf } from '../roster/team-members.js';
import { isTaskStatus, pathTo } from '../tasks/state-machine.js';
import { ASSESSMENT_WORK_SYSTEM, AssessmentError, WORK } from './codes.js';

export type { SuggestionView };

const inputText = (t: Task, name: string): string | undefined =>
  t.input?.find((i) => i.type.text === name)?.valueString;

export function isSuggestion(task: Task): boolean {
  return (task.code?.coding ?? []).some(
    (c) => c.system === ASSESSMENT_WORK_SYSTEM && c.code === WORK.SUGGESTION,
  );
}

/** The view of a suggestion Task (its proposed Goal, when given, fills `goal`). */
export function suggestionView(task: Task, goal?: Goal): SuggestionView {
  const kind = inputText(task, 'kind') === 'referral' ? 'referral' : 'goal';
  const view: SuggestionView = {
    id: task.id as string,
    kind,
    domain: inputText(task, 'domain') === 'social' ? 'social' : 'mental',
    title: task.description ?? 'Suggestion',
    services: (task.input ?? [])
      .filter((i) => i.type.text === 'service' && i.valueReference?.reference)
      .map((i) => ({
        reference: i.valueReference?.reference as string,
        ...(i.valueReference?.display ? { display: i.valueReference.display } : {}),
      })),
  };
  if (task.meta?.versionId) view.version = task.meta.versionId;
  const why = inputText(task, 'why');
  if (why) view.why = why;
  const activity = inputText(task, 'activity');
  if (activity) view.activity = activity;
  const need = inputText(task, 'need');
  if (need) view.need = need;
  if (goal?.id) view.goal = { id: goal.id, description: goal.description.text ?? '' };
  if (task.reasonReference?.reference) view.evidence = task.reasonReference.reference;
  if (task.authoredOn) view.created = task.authoredOn;
  return view;
}

/** The patient's open suggestions, newest first (the actor's scope applies). */
export async function listSuggestions(
  repo: Repository,
  ctx: RequestContext,
  patientId: string,
): Promise<SuggestionView[]> {
  const page = await repo.search(ctx, 'Task', [
    ['patient', `Patient/${patientId}`],
    ['code', `${ASSESSMENT_WORK_SYSTEM}|${WORK.SUGGESTION}`],
    ['status', 'requested'],
    ['_sort', '-authored-on'],
    ['_include', 'Task:focus'],
    ['_count', '50'],
  ]);
  const goals = new Map(
    page.resources
      .filter((r): r is Goal => r.resourceType === 'Goal')
      .map((g) => [`Goal/${g.id}`, g]),
  );
  return page.resources
    .filter((r): r is Task => r.resourceType === 'Task')
    .filter(isSuggestion)
    .map((t) => suggestionView(t, goals.get(t.focus?.reference ?? '')));
}

/** Moves a task along the state machine to `to`, one version per step, with the last step's fields. */
async function walkTask(
  w: ResourceWriter,
  task: Task,
  to: Task['status'],
  last: Partial<Task>,
): Promise<Task> {
  const from = isTaskStatus(task.status) ? task.status : 'requested';
  let current = task;
  const steps = pathTo(from, to, task.id);
  for (const status of steps) {
    const next: Task = { ...current, status, ...(status === to ? last : {}) };
    current = (await w.update(next, `W/"${current.meta?.versionId}"`)).resource;
  }
  return current;
}

async function openSuggestion(
  repo: Repository,
  ctx: RequestContext,
  taskId: string,
): Promise<{ task: Task; patientId: string }> {
  const task = await repo.read<Task>(ctx, 'Task', taskId);
  const patientId = patientIdOf(task.for?.reference);
  if (!isSuggestion(task) || !patientId) {
    throw careError(
      'assessment-not-a-suggestion',
      'not-found',
      `Task/${taskId} is not a suggestion`,
    );
  }
  if (task.status !== 'requested') {
    throw careError(
      AssessmentError.SUGGESTION_CLOSED,
      'conflict',
      `This suggestion was already ${task.status === 'completed' ? 'accepted' : 'dismissed'}`,
    );
  }
  return { task, patientId };
}

/** The patient's active integrated-care plan, or 422: a suggestion is accepted onto a plan. */
async function activePlanId(
  repo: Repository,
  ctx: RequestContext,
  patientId: string,
): Promise<string> {
  const coding = programmeCoding();
  const page = await repo.search(ctx, 'CarePlan', [
    ['subject', `Patient/${patientId}`],
    ['status', 'active'],
    ['category', `${coding.system}|${coding.code}`],
    ['_count', '1'],
  ]);
  const plan = page.resources[0] as CarePlan | undefined;
  if (!plan?.id) {
    throw careError(
      AssessmentError.NO_ACTIVE_PLAN,
      'business-rule',
      'This person has no active care plan yet: create their plan first, then accept the suggestion',
    );
  }
  return plan.id;
}

/** The accept request, and the clock (tests). */
export interface AcceptInput extends AcceptSuggestionRequest {
  now?: Date;
}

/** Accepts a suggestion onto the patient's active care plan (one transaction, attributed). */
export async function acceptSuggestion(
  repo: Repository,
  ctx: RequestContext,
  taskId: string,
  input: AcceptInput = {},
): Promise<AcceptedSuggestion> {
  const { task, patientId } = await openSuggestion(repo, ctx, taskId);
  const planId = await activePlanId(repo, ctx, patientId);
  const view = suggestionView(task);
  const reason = input.reason?.trim() || `Accepted suggestion: ${view.title}`;
  const { plan, result } = await changePlan(
    repo,
    ctx,
    planId,
    view.kind === 'goal' ? 'add-goal' : 'add-activity',
    { reason, ...(input.now ? { now: input.now } : {}) },
    async ({ w, tx, plan, pc, now }) => {
      const current = await readInTransaction<Task>(tx, ctx, 'Task', taskId);
      if (current.status !== 'requested') {
        throw careError(
          AssessmentError.SUGGESTION_CLOSED,
          'conflict',
          'This suggestion was already handled',
        );
      }
      const written: (Goal | Task | ServiceRequest)[] = [];
      const next: CarePlan = { ...plan };
      const activity = (
        reference: string,
        display: string,
        domain: 'mental' | 'social',
      ): NonNullable<CarePlan['activity']>[number] => ({
        extension: [{ url: ACTIVITY_DOMAIN_URL, valueCodeableConcept: domainConcept(domain) }],
        reference: { reference, display },
      });
      if (view.kind === 'goal') {
        const goalRef = current.focus?.reference;
        const proposed = goalRef
          ? await readInTransaction<Goal>(tx, SYSTEM_CONTEXT, 'Goal', goalRef.split('/')[1] ?? '')
          : undefined;
        let goal: Goal | undefined;
        if (proposed) {
          goal = (
            await w.update<Goal>(
              {
                ...proposed,
                lifecycleStatus: 'active',
                achievementStatus: {
                  coding: [
                    {
                      system: 'http://terminology.hl7.org/CodeSystem/goal-achievement',
                      code: 'in-progress',
                    },
                  ],
                },
                startDate: today(now),
              },
              `W/"${proposed.meta?.versionId}"`,
            )
          ).resource;
          written.push(goal);
          next.goal = [...(plan.goal ?? []), { reference: `Goal/${goal.id}` }];
        }
        const roleText = inputText(current, 'activity-role');
        const owner = ownerForRole(pc, isTeamRole(roleText) ? roleText : undefined);
        const title = view.activity ?? 'Behavioural-health follow-up';
        const made = await w.create<Task>({
          resourceType: 'Task',
          status: 'requested',
          intent: 'plan',
          priority: 'routine',
          code: { text: title },
          description: title,
          for: { reference: `Patient/${patientId}` },
          basedOn: [{ reference: `CarePlan/${plan.id}` }],
          authoredOn: now.toISOString(),
          ...(ctx.actor.startsWith('Practitioner') ? { requester: { reference: ctx.actor } } : {}),
          ...(owner ? { owner: { reference: owner } } : {}),
          ...(goal ? { reasonReference: { reference: `Goal/${goal.id}` } } : {}),
          restriction: {
            period: { end: new Date(now.getTime() + 14 * 86_400_000).toISOString().slice(0, 10) },
          },
        });
        written.push(made);
        next.activity = [...(plan.activity ?? []), activity(`Task/${made.id}`, title, 'mental')];
      } else {
        const chosen = input.service ?? view.services[0]?.reference;
        const offered = view.services.find((s) => s.reference === chosen);
        if (!chosen || !/^HealthcareService\/[A-Za-z0-9\-.]{1,64}$/.test(chosen)) {
          throw invalidInput('service must be one of the suggested HealthcareServices', 'service');
        }
        const service = await readInTransaction<HealthcareService>(
          tx,
          SYSTEM_CONTEXT,
          'HealthcareService',
          chosen.split('/')[1] ?? '',
        );
        const title = `Referral to ${service.name ?? offered?.display ?? 'community service'}${view.need ? ` (${view.need.toLowerCase()})` : ''}`;
        const requester = ctx.actor.startsWith('Practitioner') ? ctx.actor : pc.careManager;
        const made = await w.create<ServiceRequest>({
          resourceType: 'ServiceRequest',
          status: 'active',
          intent: 'order',
          priority: 'routine',
          code: { text: title },
          subject: { reference: `Patient/${patientId}` },
          basedOn: [{ reference: `CarePlan/${plan.id}` }],
          authoredOn: now.toISOString(),
          ...(requester ? { requester: { reference: requester } } : {}),
          performer: [{ reference: chosen, ...(service.name ? { display: service.name } : {}) }],
          ...(current.focus?.reference?.startsWith('Condition/')
            ? { reasonReference: [{ reference: current.focus.reference }] }
            : {}),
          ...(view.evidence ? { supportingInfo: [{ reference: view.evidence }] } : {}),
        });
        written.push(made);
        next.activity = [
          ...(plan.activity ?? []),
          activity(`ServiceRequest/${made.id}`, title, 'social'),
        ];
      }
      const done = await walkTask(w, current, 'completed', {
        output: [{ type: { text: 'outcome' }, valueString: `Accepted: ${reason}` }],
        executionPeriod: { end: now.toISOString() },
      });
      written.push(done);
      return {
        plan: next,
        written,
        result: written.filter((r) => r !== done).map((r) => `${r.resourceType}/${r.id}`),
      };
    },
  );
  return { plan, created: result };
}

/** Dismisses a suggestion with a reason (the Task is rejected; a proposed Goal is rejected). */
export async function dismissSuggestion(
  repo: Repository,
  ctx: RequestContext,
  taskId: string,
  reason: string,
  now: Date = new Date(),
): Promise<Task> {
  if (!reason?.trim()) throw invalidInput('Say why the suggestion is dismissed', 'reason');
  const { patientId } = await openSuggestion(repo, ctx, taskId);
  const selves = await actorSelves(repo, ctx);
  return repo.inTransaction(ctx, async (w, tx) => {
    const pc = await loadPatientTeam(tx, ctx, patientId, now);
    assertOnTeam(ctx, selves, pc);
    const current = await readInTransaction<Task>(tx, ctx, 'Task', taskId);
    if (current.status !== 'requested') {
      throw careError(
        AssessmentError.SUGGESTION_CLOSED,
        'conflict',
        'This suggestion was already handled',
      );
    }
    const rejected = (
      await w.update<Task>(
        {
          ...current,
          status: 'rejected',
          statusReason: { text: reason.trim() },
          lastModified: now.toISOString(),
        },
        `W/"${current.meta?.versionId}"`,
      )
    ).resource;
    const written: (Task | Goal)[] = [rejected];
    const goalRef = current.focus?.reference;
    if (goalRef?.startsWith('Goal/')) {
      const goal = await readInTransaction<Goal>(
        tx,
        SYSTEM_CONTEXT,
        'Goal',
        goalRef.slice(5),
      ).catch(() => undefined);
      if (goal?.lifecycleStatus === 'proposed') {
        written.push(
          (
            await w.update<Goal>(
              { ...goal, lifecycleStatus: 'rejected' },
              `W/"${goal.meta?.versionId}"`,
            )
          ).resource,
        );
      }
    }
    await w.create(
      provenanceFor(ctx, written, patientId, { kind: 'update-task', now, reason: reason.trim() }),
    );
    return rejected;
  });
}
