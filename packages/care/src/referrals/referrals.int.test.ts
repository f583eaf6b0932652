import type {
  CarePlan,
  Condition,
  Goal,
  HealthcareService,
  Patient,
  Procedure,
  ServiceRequest,
  Task,
} from '@medplum/fhirtypes';
import { NOTIFICATION_KINDS, SDOH_CATEGORY_SYSTEM } from '@careweave/contract';
import { SYSTEM_CONTEXT, listNotifications } from '@careweave/store';
import { testDatabaseKinds } from '@careweave/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure, openCareWorld, type CareWorld } from '../plans/testing/world.js';
import { addActivity, createPlan } from '../plans/edit.js';
import { addGoal } from '../plans/goals.js';
import { actOnReferral } from './actions.js';
import { TASK_FOR_REFERRAL_PROFILE, needMetOf, procedureOf } from './codes.js';
import { createReferral } from './create.js';
import { ReferralError } from './state-machine.js';

const FOOD_BANK_SERVICE: HealthcareService = {
  resourceType: 'HealthcareService',
  id: 'hs-food-parcels',
  active: true,
  providedBy: { reference: 'Organization/food-bank', display: 'Riverside Food Bank' },
  name: 'Emergency food parcels',
  category: [
    {
      coding: [
        {
          system: 'https://careweave.org/fhir/CodeSystem/community-service-category',
          code: 'food',
        },
      ],
    },
  ],
};
const CONCERN: Condition = {
  resourceType: 'Condition',
  id: 'ana-food-insecurity',
  subject: { reference: 'Patient/ana' },
  clinicalStatus: {
    coding: [
      { system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' },
    ],
  },
  category: [
    {
      coding: [
        {
          system: 'http://terminology.hl7.org/CodeSystem/condition-category',
          code: 'health-concern',
        },
      ],
    },
  ],
  code: {
    coding: [{ system: 'http://snomed.info/sct', code: '733423003' }],
    text: 'Food insecurity',
  },
};

describe.each(testDatabaseKinds())('closed-loop referrals on %s', (kind) => {
  let world: CareWorld;
  let planId: string;
  let goalId: string;
  beforeAll(async () => {
    world = await openCareWorld(kind);
    await world.repo.update(SYSTEM_CONTEXT, FOOD_BANK_SERVICE);
    await world.repo.update(SYSTEM_CONTEXT, CONCERN);
    const coordinator = await world.as('coordinator');
    const plan = await createPlan(world.repo, coordinator, {
      patientId: 'ana',
      title: 'Ana’s plan',
    });
    planId = plan.id as string;
    const { goal } = await addGoal(world.repo, coordinator, planId, {
      description: 'Ana has enough food every day',
      domain: 'social',
      addresses: ['ana-food-insecurity'],
    });
    goalId = goal.id as string;
  });
  afterAll(() => world?.dispose());

  it('a plan activity naming a community service becomes a real referral: a Gravity ServiceRequest and a Task in the food bank’s inbox', async () => {
    const coordinator = await world.as('coordinator');
    const { activity } = await addActivity(world.repo, coordinator, planId, {
      kind: 'service-request',
      title: 'Referral to the food bank',
      domain: 'social',
      owner: 'Practitioner/coord',
      performer: 'HealthcareService/hs-food-parcels',
      goal: goalId,
    });
    const request = await world.repo.read<ServiceRequest>(
      SYSTEM_CONTEXT,
      'ServiceRequest',
      activity.id as string,
    );
    expect(request.performer?.map((p) => p.reference)).toContain('Organization/food-bank');
    expect(request.category?.[0]?.coding?.[0]).toMatchObject({
      system: SDOH_CATEGORY_SYSTEM,
      code: 'food-insecurity',
    });
    const tasks = await world.repo.search(SYSTEM_CONTEXT, 'Task', [
      ['focus', `ServiceRequest/${request.id}`],
    ]);
    expect(tasks.resources).toHaveLength(1);
    expect(tasks.resources[0]).toMatchObject({
      status: 'requested',
      owner: { reference: 'Organization/food-bank' },
      requester: { reference: 'Practitioner/coord' },
      meta: { profile: [TASK_FOR_REFERRAL_PROFILE] },
    });
  });

  it('the food bank accepts and completes with "need met": Procedure in Task.output, goal achieved, concern resolved, coordinator notified', async () => {
    const coordinator = await world.as('coordinator');
    const worker = await world.as('foodBankWorker');
    const { serviceRequest, task } = await createReferral(world.repo, coordinator, {
      patient: 'ana',
      need: 'food-insecurity',
      service: 'HealthcareService/hs-food-parcels',
      reason: 'Condition/ana-food-insecurity',
      consent: 'Consent/ana-consent',
      goal: goalId,
      plan: planId,
      preferredTimes: 'weekday mornings',
    });
    const plan = await world.repo.read<CarePlan>(coordinator, 'CarePlan', planId);
    expect(plan.activity?.map((a) => a.reference?.reference)).toContain(
      `ServiceRequest/${serviceRequest.id}`,
    );
    // The coordinator cannot accept on the food bank's behalf; the food bank cannot cancel.
    expect(
      await failure(() => actOnReferral(world.repo, coordinator, task.id as string, 'accept')),
    ).toMatchObject({ status: 422, code: ReferralError.WRONG_SIDE });
    expect(
      await failure(() => actOnReferral(world.repo, worker, task.id as string, 'cancel')),
    ).toMatchObject({ status: 422, code: ReferralError.WRONG_SIDE });
    await actOnReferral(world.repo, worker, task.id as string, 'accept');
    const done = await actOnReferral(world.repo, worker, task.id as string, 'complete', {
      needMet: true,
      outcome: 'Weekly food parcels arranged',
    });
    expect(done.status).toBe('completed');
    expect(needMetOf(done)).toBe(true);
    const procedureRef = procedureOf(done) as string;
    expect(procedureRef).toMatch(/^Procedure\//);
    const procedure = await world.repo.read<Procedure>(
      coordinator,
      'Procedure',
      procedureRef.slice('Procedure/'.length),
    );
    expect(procedure).toMatchObject({
      status: 'completed',
      basedOn: [{ reference: `ServiceRequest/${serviceRequest.id}` }],
    });
    const history = await world.repo.history(coordinator, {
      resourceType: 'Task',
      id: task.id,
      count: 20,
    });
    expect(history.entries.map((e) => (e.resource as Task).status).reverse()).toEqual([
      'requested',
      'accepted',
      'in-progress',
      'completed',
      'completed',
    ]);
    const goal = await world.repo.read<Goal>(coordinator, 'Goal', goalId);
    expect(goal.achievementStatus?.coding?.[0]?.code).toBe('achieved');
    expect(goal.lifecycleStatus).toBe('completed');
    const concern = await world.repo.read<Condition>(
      coordinator,
      'Condition',
      'ana-food-insecurity',
    );
    expect(concern.clinicalStatus?.coding?.[0]?.code).toBe('resolved');
    expect(
      (
        await world.repo.read<ServiceRequest>(
          coordinator,
          'ServiceRequest',
          serviceRequest.id as string,
        )
      ).status,
    ).toBe('completed');
    const feed = await listNotifications(world.database.db, ['Practitioner/coord'], { limit: 50 });
    expect(
      feed
        .filter(
          (n) => n.kind === NOTIFICATION_KINDS.REFERRAL_UPDATE && n.focus === `Task/${task.id}`,
        )
        .map((n) => n.summary),
    ).toEqual([
      expect.stringContaining('completed by Org foodBank — need met'),
      expect.stringContaining('in progress'),
      expect.stringContaining('accepted by'),
    ]);
  });

  it('the food bank sees its referrals and nothing else of the person', async () => {
    const worker = await world.as('foodBankWorker');
    const tasks = await world.repo.search(worker, 'Task', [['_count', '100']]);
    expect(tasks.resources.length).toBeGreaterThan(0);
    expect(
      tasks.resources.every((t) => (t as Task).owner?.reference === 'Organization/food-bank'),
    ).toBe(true);
    const ana = await world.repo.read<Patient>(worker, 'Patient', 'ana');
    expect(Object.keys(ana).sort()).toEqual([
      'birthDate',
      'id',
      'meta',
      'name',
      'resourceType',
      'telecom',
    ]);
    for (const type of [
      'Condition',
      'Observation',
      'Goal',
      'CarePlan',
      'Procedure',
      'Encounter',
      'Consent',
    ]) {
      const found = await world.repo.search(worker, type, [['patient', 'ana']]);
      expect(found.resources, type).toEqual([]);
    }
    expect(
      await failure(() => world.repo.read(worker, 'Condition', 'ana-food-insecurity')),
    ).toMatchObject({
      status: 404,
    });
    expect(await failure(() => world.repo.read(worker, 'Patient', 'ben'))).toMatchObject({
      status: 404,
    });
  });
});
