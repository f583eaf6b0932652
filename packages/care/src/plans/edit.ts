import type {
  CarePlan,
  Coding,
  HealthcareService,
  Organization,
  ServiceRequest,
  Task,
} from '@medplum/fhirtypes';
import {
  SYSTEM_CONTEXT,
  readInTransaction,
  type Queryable,
  type Repository,
  type RequestContext,
} from '@careweave/store';
import { actorSelves, today } from '../shared/acting.js';
import { careError, invalidInput } from '../shared/care-errors.js';
import {
  ACTIVITY_DOMAIN_URL,
  ASSESS_PLAN,
  PlanError,
  domainConcept,
  isCareDomain,
  programmeCoding,
  type CareDomain,
} from './codes.js';
import { changePlan, type ChangeOptions } from './change.js';
import { isTeamOwner, loadPatientTeam } from '../roster/patient-team.js';
import { assertOnTeam } from './plan-context.js';
import { provenanceFor } from '../shared/provenance.js';

/** Creates an empty active plan for a patient (use `applyTemplate` to start from a template). */
export async function createPlan(
  repo: Repository,
  ctx: RequestContext,
  input: { patientId: string; title: string; description?: string; reason?: string; now?: Date },
): Promise<CarePlan> {
  const now = input.now ?? new Date();
  if (!input.title?.trim()) throw invalidInput('A plan needs a title', 'title');
  const selves = await actorSelves(repo, ctx);
  return repo.inTransaction(ctx, async (w, tx) => {
    const pc = await loadPatientTeam(tx, ctx, input.patientId, now);
    assertOnTeam(ctx, selves, pc);
    const plan = await w.create<CarePlan>({
      resourceType: 'CarePlan',
      status: 'active',
      intent: 'plan',
      category: [{ coding: [programmeCoding()] }, ASSESS_PLAN],
      title: input.title.trim(),
      ...(input.description ? { description: input.description } : {}),
      subject: { reference: `Patient/${input.patientId}` },
      period: { start: today(now) },
      created: now.toISOString(),
      ...(ctx.actor.startsWith('Practitioner') ? { author: { reference: ctx.actor } } : {}),
      careTeam: pc.teams.map((t) => ({ reference: `CareTeam/${t.id}` })),
    });
    await w.create(
      provenanceFor(ctx, [plan], input.patientId, {
        kind: 'create-plan',
        now,
        ...(input.reason ? { reason: input.reason } : {}),
      }),
    );
    return plan;
  });
}

/** Plan-level changes. */
export interface PlanUpdate {
  title?: string;
  description?: string;
  status?: 'active' | 'on-hold' | 'completed' | 'revoked';
  /** Condition ids the plan addresses (replaces the list). */
  addresses?: string[];
}

/** Changes a plan's title, description, status or addressed problems (attributed, versioned). */
export async function updatePlan(
  repo: Repository,
  ctx: RequestContext,
  planId: string,
  update: PlanUpdate,
  options: ChangeOptions = {},
): Promise<CarePlan> {
  const { plan } = await changePlan(
    repo,
    ctx,
    planId,
    'update-plan',
    options,
    async ({ plan, now }) => {
      const next: CarePlan = { ...plan };
      if (update.title !== undefined) next.title = update.title;
      if (update.description !== undefined) next.description = update.description;
      if (update.status !== undefined) {
        next.status = update.status;
        if (update.status === 'completed' || update.status === 'revoked')
          next.period = { ...plan.period, end: today(now) };
      }
      if (update.addresses !== undefined)
        next.addresses = update.addresses.map((id) => ({ reference: `Condition/${id}` }));
      return { plan: next, written: [], result: undefined };
    },
  );
  return plan;
}

/** A new plan activity: a Task (default) or a ServiceRequest (a referral), owned by someone on the team. */
export interface ActivityInput {
  kind?: 'task' | 'service-request';
  title: string;
  description?: string;
  domain: CareDomain;
  /** Team member (or the patient, or the CareTeam) who does it; for a ServiceRequest, its requester. */
  owner: string;
  /** Due date (YYYY-MM-DD). */
  due?: string;
  priority?: 'routine' | 'urgent' | 'asap' | 'stat';
  /** Goal id the activity serves (must be one of the plan's goals). */
  goal?: string;
  code?: Coding;
  /** ServiceRequest only: the organisation or service that performs it. */
  performer?: string;
}

/** Adds an activity to the plan: creates its Task or ServiceRequest and links it (`CarePlan.activity.reference`). */
export async function addActivity(
  repo: Repository,
  ctx: RequestContext,
  planId: string,
  input: ActivityInput,
  options: ChangeOptions = {},
): Promise<{ plan: CarePlan; activity: Task | ServiceRequest }> {
  if (!input.title?.trim()) throw invalidInput('An activity needs a title', 'title');
  if (!isCareDomain(input.domain))
    throw invalidInput('domain must be one of physical, mental, social, self-care', 'domain');
  if (input.due !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(input.due))
    throw invalidInput('due must be a date YYYY-MM-DD', 'due');
  const { result, plan } = await changePlan(
    repo,
    ctx,
    planId,
    'add-activity',
    options,
    async ({ w, tx, plan, patientId, pc, now }) => {
      if (!isTeamOwner(pc, input.owner)) {
        throw careError(
          PlanError.OWNER_NOT_ON_TEAM,
          'business-rule',
          `${input.owner} is not on the patient's care team; add them to the team first`,
          'owner',
        );
      }
      if (input.goal && !(plan.goal ?? []).some((g) => g.reference === `Goal/${input.goal}`)) {
        throw careError(
          PlanError.GOAL_NOT_IN_PLAN,
          'business-rule',
          `Goal/${input.goal} is not a goal of this plan`,
          'goal',
        );
      }
      const common = {
        subjectRef: { reference: `Patient/${patientId}` },
        basedOn: [{ reference: `CarePlan/${plan.id}` }],
        priority: input.priority ?? 'routine',
        code: input.code ? { coding: [input.code], text: input.title } : { text: input.title },
      };
      const activity: Task | ServiceRequest =
        input.kind === 'service-request'
          ? await w.create<ServiceRequest>({
              resourceType: 'ServiceRequest',
              status: 'active',
              intent: 'order',
              priority: common.priority,
              code: common.code,
              subject: common.subjectRef,
              basedOn: common.basedOn,
              authoredOn: now.toISOString(),
              requester: { reference: input.owner },
              ...(input.performer
                ? {
                    performer: [
                      { reference: input.performer, ...(await performerName(tx, input.performer)) },
                    ],
                  }
                : {}),
              ...(input.due ? { occurrencePeriod: { end: input.due } } : {}),
              // The goal a referral serves: a closed-loop referral updates it (care/referrals).
              ...(input.goal ? { supportingInfo: [{ reference: `Goal/${input.goal}` }] } : {}),
              ...(input.description ? { note: [{ text: input.description }] } : {}),
            })
          : await w.create<Task>({
              resourceType: 'Task',
              status: 'requested',
              intent: 'plan',
              priority: common.priority,
              code: common.code,
              description: input.title,
              for: common.subjectRef,
              basedOn: common.basedOn,
              authoredOn: now.toISOString(),
              ...(ctx.actor.startsWith('Practitioner')
                ? { requester: { reference: ctx.actor } }
                : {}),
              owner: { reference: input.owner },
              ...(input.goal ? { reasonReference: { reference: `Goal/${input.goal}` } } : {}),
              ...(input.due ? { restriction: { period: { end: input.due } } } : {}),
              ...(input.description
                ? {
                    note: [
                      {
                        text: input.description,
                        time: now.toISOString(),
                        ...(ctx.actor.includes('/')
                          ? { authorReference: { reference: ctx.actor } }
                          : {}),
                      },
                    ],
                  }
                : {}),
            });
      const next: CarePlan = {
        ...plan,
        activity: [
          ...(plan.activity ?? []),
          {
            extension: [
              { url: ACTIVITY_DOMAIN_URL, valueCodeableConcept: domainConcept(input.domain) },
            ],
            reference: {
              reference: `${activity.resourceType}/${activity.id}`,
              display: input.title,
            },
          },
        ],
      };
      return { plan: next, written: [activity], result: activity };
    },
  );
  return { plan, activity: result };
}

/** The name of a referral's performer (an organisation or service), so the plan can say where it went. */
async function performerName(tx: Queryable, reference: string): Promise<{ display?: string }> {
  const [type, id] = reference.split('/');
  if (!id || !['Organization', 'HealthcareService'].includes(type ?? '')) return {};
  const found = await readInTransaction<Organization | HealthcareService>(
    tx,
    SYSTEM_CONTEXT,
    type as string,
    id,
  ).catch(() => undefined);
  return found?.name ? { display: found.name } : {};
}
