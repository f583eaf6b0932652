import type { Condition, PlanDefinition } from '@medplum/fhirtypes';
import {
  addMember,
  applyTemplate,
  caseload,
  createTask,
  RosterError,
  shippedTemplates,
  TaskError,
  type AccessService,
} from '@careweave/care';
import { OperationOutcomeError } from '@medplum/core';
import { defaultScopesForRole, userIdentity } from '@careweave/server';
import type { CaseloadEntry } from '@careweave/contract';
import {
  findAccountByEmail,
  type Database,
  type Repository,
  type RequestContext,
} from '@careweave/store';

/** The demo coordinator whose caseload gets the working state, and the people a tour plans by hand. */
const COORDINATOR_EMAIL = 'coordinator@careweave.demo';
const TOUR_PATIENTS = new Set(['demo-patient-1', 'demo-patient-2', 'demo-patient-3']);
const SOCIAL_WORKER = 'Practitioner/demo-social-worker';
/** How many of her people get a plan: enough to fill a worklist, few enough to start in seconds. */
const PLANS = 10;

/**
 * The nurse, pharmacist and community health worker logins: each joins the teams of a few of the
 * coordinator's people (through the consent rule, like any new member) with work of their own.
 */
const TEAM_HELPERS = [
  {
    member: 'Practitioner/demo-nurse',
    role: 'nurse',
    tasks: [
      { description: 'Home blood pressure check', priority: 'routine', inDays: 2 },
      { description: 'Check inhaler technique at the next visit', priority: 'routine', inDays: 6 },
    ],
  },
  {
    member: 'Practitioner/demo-pharmacist',
    role: 'pharmacist',
    tasks: [
      { description: 'Structured medication review', priority: 'routine', inDays: 5 },
      { description: 'Check the blister pack is working', priority: 'urgent', inDays: 1 },
    ],
  },
  {
    member: 'Practitioner/demo-community-health-worker',
    role: 'community-health-worker',
    tasks: [
      {
        description: 'Home visit: check the food parcel arrived',
        priority: 'routine',
        inDays: 1,
      },
      {
        description: 'Arrange transport to the clinic appointment',
        priority: 'routine',
        inDays: 4,
      },
    ],
  },
] as const;
/** How many people each of them joins. */
const HELPED = 3;

/** What the seeding did. */
export interface DemoWork {
  plans: number;
  tasks: number;
}

/** Late follow-ups that make the worklist's "overdue first" visible on the first login. */
const OVERDUE = [
  { description: 'Call back after missed GP appointment', priority: 'urgent', daysAgo: 3 },
  { description: 'Check the food bank delivery arrived', priority: 'routine', daysAgo: 6 },
  { description: 'Chase housing benefit decision', priority: 'routine', daysAgo: 2 },
] as const;

/** Condition codes (`system|code`) a template's goals address. */
function templateCodes(template: PlanDefinition): Set<string> {
  return new Set(
    (template.goal ?? []).flatMap((g) =>
      (g.addresses ?? []).flatMap((a) => (a.coding ?? []).map((c) => `${c.system}|${c.code}`)),
    ),
  );
}

/** The template whose goals address most of the person's conditions (food and housing if none do). */
function bestTemplate(
  templates: readonly PlanDefinition[],
  conditions: readonly Condition[],
): string {
  const codes = new Set(
    conditions.flatMap((c) => (c.code?.coding ?? []).map((x) => `${x.system}|${x.code}`)),
  );
  let best = { id: 'social-needs-food-housing', score: 0 };
  for (const template of templates) {
    const score = [...templateCodes(template)].filter((c) => codes.has(c)).length;
    if (template.id && score > best.score) best = { id: template.id, score };
  }
  return best.id;
}

/**
 * The demo's working day, so the worklist, plans and notifications have something in them at the
 * first login: the demo coordinator's enrolled people (not the three a tour plans by hand) get a
 * care plan from the shipped template that fits their conditions, and a few of them a late
 * follow-up — all through the same domain API the app uses (attribution, notifications, the Task
 * rules). Idempotent: the same first people are chosen each time, and one with an active plan is
 * skipped.
 */
export async function seedDemoWork(
  db: Database,
  repo: Repository,
  access: AccessService,
  now: Date = new Date(),
): Promise<DemoWork> {
  const account = await findAccountByEmail(db, COORDINATOR_EMAIL);
  if (!account) {
    return { plans: 0, tasks: 0 };
  }
  const ctx: RequestContext = await access.contextFor(
    userIdentity(account, defaultScopesForRole(account.role)),
  );
  const templates = shippedTemplates();
  const people = (await caseload(repo, ctx, { now })).patients
    .filter((p) => !TOUR_PATIENTS.has(p.patientId))
    .sort((a, b) => a.patientId.localeCompare(b.patientId));
  const work: DemoWork = { plans: 0, tasks: 0 };
  let planned = 0; // people with a plan, seeded now or before: a second run adds nothing
  for (const person of people) {
    if (planned >= PLANS) break;
    planned++;
    const active = await repo.search(ctx, 'CarePlan', [
      ['subject', `Patient/${person.patientId}`],
      ['status', 'active'],
      ['_count', '1'],
    ]);
    if (active.resources.length > 0) continue;
    const conditions = (
      await repo.search(ctx, 'Condition', [
        ['patient', `Patient/${person.patientId}`],
        ['_count', '200'],
      ])
    ).resources as Condition[];
    const templateId = bestTemplate(templates, conditions);
    const applied = await applyTemplate(repo, ctx, {
      templateId,
      patientId: person.patientId,
      reason: 'Agreed at the enrolment visit',
      now,
    });
    work.plans++;
    work.tasks += applied.tasks.length;
    const late = OVERDUE[work.plans - 1];
    if (late) {
      const due = new Date(now.getTime() - late.daysAgo * 86_400_000).toISOString().slice(0, 10);
      // The social worker when she is on the team, else the coordinator herself.
      const task = {
        patientId: person.patientId,
        description: late.description,
        priority: late.priority,
        due,
      };
      await createTask(repo, ctx, { ...task, owner: SOCIAL_WORKER }, now).catch((err: unknown) => {
        if (!isCareError(err, TaskError.OWNER_NOT_ON_TEAM)) throw err;
        return createTask(repo, ctx, { ...task, owner: ctx.actor }, now);
      });
      work.tasks++;
    }
  }
  work.tasks += await seedTeamHelpers(repo, ctx, people, now);
  return work;
}

/**
 * Gives the nurse, pharmacist and community health worker logins a few people and tasks each:
 * they join the person's care team as a coordinator would add them (refused where the person's
 * consent does not allow their organisation: then the next person is tried), then get their tasks.
 * Someone already on the team gets tasks only if they have none for that person yet.
 */
async function seedTeamHelpers(
  repo: Repository,
  ctx: RequestContext,
  people: readonly CaseloadEntry[],
  now: Date,
): Promise<number> {
  let tasks = 0;
  for (const helper of TEAM_HELPERS) {
    let joined = 0;
    for (const person of people) {
      if (joined >= HELPED) break;
      if (!person.careTeam) continue;
      const added = await addMember(
        repo,
        ctx,
        person.careTeam.replace(/^CareTeam\//, ''),
        { member: helper.member, role: helper.role, reason: 'Joined for the demo working day' },
        { now },
      ).then(
        () => true,
        (err: unknown) => {
          if (isCareError(err, RosterError.CONSENT_DENIES_MEMBER)) return false;
          if (isCareError(err, RosterError.ALREADY_MEMBER)) return 'already';
          throw err;
        },
      );
      if (added === false) continue;
      joined++;
      // Already on the team (the generator puts pharmacists on some teams, or a second run):
      // tasks only if they have none for this person yet, so a second run adds nothing.
      if (added === 'already') {
        const own = await repo.search(ctx, 'Task', [
          ['patient', `Patient/${person.patientId}`],
          ['owner', helper.member],
          ['_count', '1'],
        ]);
        if (own.resources.length > 0) continue;
      }
      for (const task of helper.tasks) {
        const due = new Date(now.getTime() + task.inDays * 86_400_000).toISOString().slice(0, 10);
        await createTask(
          repo,
          ctx,
          {
            patientId: person.patientId,
            description: task.description,
            priority: task.priority,
            due,
            owner: helper.member,
          },
          now,
        );
        tasks++;
      }
    }
  }
  return tasks;
}

/** Whether `err` is the care domain's error with this code (OperationOutcome issue details coding). */
function isCareError(err: unknown, code: string): boolean {
  return (
    err instanceof OperationOutcomeError &&
    (err.outcome.issue ?? []).some((i) => i.details?.coding?.some((c) => c.code === code))
  );
}
