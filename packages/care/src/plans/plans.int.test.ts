import type { CarePlan, Goal, PlanDefinition, Provenance, Task } from '@medplum/fhirtypes';
import { SYSTEM_CONTEXT, listNotifications } from '@careweave/store';
import { testDatabaseKinds } from '@careweave/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyTemplate } from './apply.js';
import { PlanError, programmeCoding } from './codes.js';
import { addActivity } from './edit.js';
import { addGoal, updateGoal } from './goals.js';
import { goalHistory, planChanges } from './changes.js';
import { reviewPlan } from './review.js';
import { loadPlanTemplates } from './templates.js';
import { failure, openCareWorld, type CareWorld } from './testing/world.js';
import { getPlanView } from './view.js';

const count = async (world: CareWorld, type: string): Promise<number> =>
  (await world.repo.search(SYSTEM_CONTEXT, type, [['_summary', 'count']])).total ?? 0;

describe.each(testDatabaseKinds())('care plans on %s', (kind) => {
  let world: CareWorld;
  let planId: string;
  beforeAll(async () => {
    world = await openCareWorld(kind);
  });
  afterAll(() => world?.dispose());

  it('ships five templates as PlanDefinitions, loaded idempotently', async () => {
    const found = await world.repo.search(SYSTEM_CONTEXT, 'PlanDefinition', [['status', 'active']]);
    expect((found.resources as PlanDefinition[]).map((p) => p.title).sort()).toEqual([
      'COPD self-management',
      'Diabetes + depression',
      'Frailty at home',
      'Heart failure after discharge',
      'Social needs: food and housing',
    ]);
    expect(await loadPlanTemplates(world.repo)).toBe(0);
  });

  it('applies "Diabetes + depression" to Ana: CarePlan, Goals and Tasks in one transaction, owners from the team', async () => {
    const ctx = await world.as('coordinator');
    const applied = await applyTemplate(world.repo, ctx, {
      templateId: 'diabetes-depression',
      patientId: 'ana',
      reason: 'Agreed at enrolment visit',
      now: new Date('2026-03-10T09:00:00Z'),
    });
    planId = applied.plan.id as string;
    expect(applied.plan).toMatchObject({
      status: 'active',
      title: 'Diabetes + depression',
      subject: { reference: 'Patient/ana' },
      careTeam: [{ reference: 'CareTeam/ana-team' }],
    });
    expect(applied.goals).toHaveLength(3);
    expect(applied.tasks).toHaveLength(5);
    // Owners by role: the GP's role, the psychologist; the nurse and pharmacist are not on Ana's team → the coordinator of record.
    expect(applied.tasks.map((t) => t.owner?.reference)).toEqual([
      'PractitionerRole/gp-team-role',
      'Practitioner/psych',
      'Practitioner/coord',
      'Practitioner/coord',
      'Practitioner/coord',
    ]);
    expect(applied.tasks[0]?.restriction?.period?.end).toBe('2026-03-24');
    // The depression goal addresses Ana's depression (F32.9); she has no diabetes on file.
    const phq9 = applied.goals.find((g) => g.description.text?.includes('PHQ-9')) as Goal;
    expect(phq9.addresses).toEqual([{ reference: 'Condition/ana-cond-psy' }]);
    expect(applied.plan.addresses).toEqual([{ reference: 'Condition/ana-cond-psy' }]);
    expect(applied.provenance.target).toHaveLength(1 + 3 + 5 + 1);
    expect(applied.provenance).toMatchObject({
      reason: [{ text: 'Agreed at enrolment visit' }],
      agent: [
        {
          who: { reference: 'Practitioner/coord' },
          onBehalfOf: { reference: 'Organization/riverside-network' },
        },
      ],
    });
    // The team hears of it (not the coordinator); the task owners get their tasks.
    const psych = await listNotifications(world.database.db, ['Practitioner/psych'], { limit: 20 });
    expect(psych.map((n) => n.kind).sort()).toEqual(['plan-changed', 'task-assigned']);
  });

  it('is all-or-nothing: a second active plan is refused and leaves no goals or tasks behind', async () => {
    const ctx = await world.as('coordinator');
    const [goals, tasks] = [await count(world, 'Goal'), await count(world, 'Task')];
    expect(
      await failure(() =>
        applyTemplate(world.repo, ctx, { templateId: 'copd-self-management', patientId: 'ana' }),
      ),
    ).toMatchObject({ status: 409, code: PlanError.ACTIVE_PLAN_EXISTS });
    expect([await count(world, 'Goal'), await count(world, 'Task')]).toEqual([goals, tasks]);
    // The same rule holds on the FHIR path.
    const second: CarePlan = {
      resourceType: 'CarePlan',
      status: 'active',
      intent: 'plan',
      category: [{ coding: [programmeCoding()] }],
      subject: { reference: 'Patient/ana' },
    };
    expect(await failure(() => world.repo.create(ctx, second))).toMatchObject({
      status: 409,
      code: PlanError.ACTIVE_PLAN_EXISTS,
    });
    // …but a template can be added into the existing plan.
    const merged = await applyTemplate(world.repo, ctx, {
      templateId: 'social-needs-food-housing',
      patientId: 'ana',
      into: planId,
    });
    expect(merged.plan.goal).toHaveLength(6);
    expect(merged.plan.activity).toHaveLength(9);
  });

  it('versions every change and attributes it; two coordinators editing at once → the second gets 412 and merges', async () => {
    const coord = await world.as('coordinator');
    const psych = await world.as('psychologist');
    const plan = await world.repo.read<CarePlan>(coord, 'CarePlan', planId);
    const seen = `W/"${plan.meta?.versionId}"`;
    const mine = await addGoal(
      world.repo,
      coord,
      planId,
      {
        description: 'I want to walk my dog to the park again',
        domain: 'self-care',
        inPersonsWords: true,
        personalRank: 1,
        priority: 'high-priority',
      },
      { ifMatch: seen, reason: 'What matters to Ana' },
    );
    expect(mine.goal).toMatchObject({
      expressedBy: { reference: 'Patient/ana' },
      extension: [{ valueInteger: 1 }],
    });
    const theirs = await failure(() =>
      addGoal(
        world.repo,
        psych,
        planId,
        { description: 'Sleep through the night', domain: 'mental' },
        { ifMatch: seen },
      ),
    );
    expect(theirs.status).toBe(412);
    // The psychologist re-reads the plan and applies the change again: both goals are kept.
    const fresh = await world.repo.read<CarePlan>(psych, 'CarePlan', planId);
    await addGoal(
      world.repo,
      psych,
      planId,
      { description: 'Sleep through the night', domain: 'mental' },
      { ifMatch: `W/"${fresh.meta?.versionId}"` },
    );
    const view = await getPlanView(world.repo, coord, planId, new Date('2026-03-10T12:00:00Z'));
    const goals = view.domains.flatMap((d) => d.goals.map((g) => g.description));
    expect(goals).toEqual(
      expect.arrayContaining([
        'I want to walk my dog to the park again',
        'Sleep through the night',
      ]),
    );
    expect(view.domains.map((d) => d.domain)).toEqual([
      'physical',
      'mental',
      'social',
      'self-care',
    ]);
    expect(
      view.domains.find((d) => d.domain === 'self-care')?.goals.find((g) => g.inPersonsWords),
    ).toMatchObject({ personalRank: 1, priority: 'high-priority' });
    expect(view.progress).toMatchObject({ goals: 8, activities: 9, activitiesDone: 0 });
    // Who, which organisation, when and why, for each version.
    const provenance = (
      await world.repo.search(coord, 'Provenance', [['target', `Goal/${mine.goal.id}`]])
    ).resources as Provenance[];
    expect(provenance[0]).toMatchObject({
      reason: [{ text: 'What matters to Ana' }],
      agent: [
        {
          who: { reference: 'Practitioner/coord' },
          onBehalfOf: { reference: 'Organization/riverside-network' },
        },
      ],
    });
  });

  it('records a review with who agreed, then shows what changed since', async () => {
    const coord = await world.as('coordinator');
    const psych = await world.as('psychologist');
    const reviewed = await reviewPlan(world.repo, coord, planId, {
      agreedBy: ['Patient/ana', 'Practitioner/psych', 'Practitioner/coord'],
      nextReview: '2026-06-10',
      note: 'Team meeting: plan agreed with Ana',
    });
    expect(
      reviewed.provenance.agent
        .filter((a) => a.type?.coding?.[0]?.code === 'attester')
        .map((a) => a.who.reference),
    ).toEqual(['Patient/ana', 'Practitioner/psych', 'Practitioner/coord']);
    expect(
      await failure(() =>
        reviewPlan(world.repo, coord, planId, {
          agreedBy: ['Practitioner/gp-other'],
          nextReview: '2026-06-10',
        }),
      ),
    ).toMatchObject({ status: 422 });
    const plan = await world.repo.read<CarePlan>(coord, 'CarePlan', planId);
    const goalId = (plan.goal?.[0]?.reference ?? '').replace('Goal/', '');
    await updateGoal(
      world.repo,
      psych,
      planId,
      goalId,
      { achievementStatus: 'improving' },
      { reason: 'HbA1c 8.4% → 7.9%' },
    );
    await updateGoal(
      world.repo,
      psych,
      planId,
      goalId,
      { achievementStatus: 'achieved' },
      { reason: 'Below target twice' },
    );
    const { activity } = await addActivity(world.repo, psych, planId, {
      title: 'Sleep hygiene session',
      domain: 'mental',
      owner: 'Practitioner/psych',
      due: '2026-04-01',
    });
    const changes = await planChanges(world.repo, coord, planId);
    expect(changes.since).toBe(
      plan.extension?.find((e) => e.url.endsWith('careplan-last-review'))?.valueDateTime,
    );
    const goalChanges = changes.changes.filter((c) => c.reference === `Goal/${goalId}`);
    expect(goalChanges.map((c) => c.fields.find((f) => f.field === 'achievementStatus'))).toEqual([
      { field: 'achievementStatus', from: 'in-progress', to: 'improving' },
      { field: 'achievementStatus', from: 'improving', to: 'achieved' },
    ]);
    expect(goalChanges[1]).toMatchObject({
      by: 'Practitioner/psych',
      organization: 'Organization/riverside-bh',
      reason: 'Below target twice',
    });
    expect(
      changes.changes.some((c) => c.reference === `Task/${activity.id}` && c.kind === 'created'),
    ).toBe(true);
    expect(
      changes.changes.some(
        (c) =>
          c.reference === `CarePlan/${planId}` && c.fields.some((f) => f.field === 'activities'),
      ),
    ).toBe(true);
    expect((await goalHistory(world.repo, coord, goalId)).map((h) => h.achievementStatus)).toEqual([
      'in-progress',
      'improving',
      'achieved',
    ]);
    // A referral to a community service is an activity too: a ServiceRequest the coordinator is responsible for.
    const { activity: referral } = await addActivity(world.repo, coord, planId, {
      kind: 'service-request',
      title: 'Weekly food parcels',
      domain: 'social',
      owner: 'Practitioner/coord',
      performer: 'Organization/food-bank',
      due: '2026-05-01',
    });
    expect(referral).toMatchObject({
      resourceType: 'ServiceRequest',
      requester: { reference: 'Practitioner/coord' },
      performer: [{ reference: 'Organization/food-bank', display: 'Org foodBank' }],
    });
    const social = (await getPlanView(world.repo, coord, planId)).domains.find(
      (d) => d.domain === 'social',
    );
    expect(
      social?.activities.find((a) => a.reference === `ServiceRequest/${referral.id}`),
    ).toMatchObject({
      title: 'Weekly food parcels',
      owner: 'Practitioner/coord',
      performer: 'Organization/food-bank',
      performerDisplay: 'Org foodBank',
      due: '2026-05-01',
    });
    // The coordinator hears that someone else changed the plan.
    const notes = await listNotifications(world.database.db, ['Practitioner/coord'], { limit: 20 });
    expect(notes.some((n) => n.kind === 'plan-changed' && n.actor === 'Practitioner/psych')).toBe(
      true,
    );
  });

  it('keeps the plan from people who are not on the team', async () => {
    for (const user of ['gpNotOnTeam', 'erDoctor'] as const) {
      const ctx = await world.as(user);
      expect(await failure(() => getPlanView(world.repo, ctx, planId))).toMatchObject({
        status: 404,
      });
      expect(
        await failure(() =>
          addGoal(world.repo, ctx, planId, { description: 'x', domain: 'physical' }),
        ),
      ).toMatchObject({ status: 404 });
      expect(
        await failure(() =>
          world.repo.update(ctx, {
            resourceType: 'CarePlan',
            id: planId,
            status: 'revoked',
            intent: 'plan',
            subject: { reference: 'Patient/ana' },
          }),
        ),
      ).toMatchObject({ status: 404 });
      expect(
        (await world.repo.search(ctx, 'Task', [['patient', 'Patient/ana']])).resources as Task[],
      ).toHaveLength(0);
    }
    // The programme manager may see Ana (organisation-wide role, opted in) but is not on her team: no changes.
    const pm = await world.as('programmeManager');
    expect(
      await failure(() =>
        addGoal(world.repo, pm, planId, { description: 'x', domain: 'physical' }),
      ),
    ).toMatchObject({ status: 403, code: PlanError.NOT_ON_TEAM });
  });
});
