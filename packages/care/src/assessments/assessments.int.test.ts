import type {
  Condition,
  Flag,
  Goal,
  HealthcareService,
  Observation,
  QuestionnaireResponse,
  Task,
} from '@medplum/fhirtypes';
import { SYSTEM_CONTEXT, TxWriter } from '@careweave/store';
import { testDatabaseKinds } from '@careweave/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { today } from '../shared/acting.js';
import { failure, openCareWorld, type CareWorld } from '../plans/testing/world.js';
import { derivedId } from './derived-ids.js';
import { HRSN_ITEM } from './instruments.js';
import { loadInstruments } from './load.js';
import { frequencyResponse, hrsnResponse } from './example-responses.js';

const search = async <T>(world: CareWorld, type: string, pairs: [string, string][]): Promise<T[]> =>
  (await world.repo.search(SYSTEM_CONTEXT, type, [...pairs, ['_count', '200']])).resources as T[];

const safetyTasks = (world: CareWorld, patient = 'ana'): Promise<Task[]> =>
  search<Task>(world, 'Task', [
    ['patient', `Patient/${patient}`],
    ['code', 'https://careweave.org/fhir/CodeSystem/assessment-work|safety-follow-up'],
  ]);

/** PHQ-9 with item 9 = 1: total 12 (moderate). */
const ITEM9 = [2, 2, 1, 2, 1, 1, 2, 0, 1];

describe.each(testDatabaseKinds())('assessments on %s', (kind) => {
  let world: CareWorld;
  beforeAll(async () => {
    world = await openCareWorld(kind);
    await loadInstruments(world.repo);
    // A food bank in the directory, for the social-needs referral suggestion.
    await world.repo.update(SYSTEM_CONTEXT, {
      resourceType: 'HealthcareService',
      id: 'food-bank-service',
      active: true,
      name: 'Riverside Community Food Bank',
      type: [
        {
          coding: [{ system: 'http://terminology.hl7.org/CodeSystem/service-type', code: '548' }],
        },
      ],
    } satisfies HealthcareService);
  });
  afterAll(() => world?.dispose());

  it('ships the four instruments as Questionnaires, loaded idempotently', async () => {
    const found = await search<{ id: string }>(world, 'Questionnaire', [['status', 'active']]);
    expect(found.map((q) => q.id).sort()).toEqual(['ahc-hrsn', 'gad-7', 'phq-2', 'phq-9']);
    expect(await loadInstruments(world.repo)).toBe(0);
  });

  it('FHIR create: a coordinator records a PHQ-9 with item 9 = 1; scores, safety task and flag, suggestion and re-screening follow in the same transaction', async () => {
    const ctx = await world.as('coordinator');
    const { resource: qr } = await world.repo.create(
      ctx,
      frequencyResponse('phq9', 'ana', ITEM9, { author: { reference: 'Practitioner/coord' } }),
    );
    const obs = await search<Observation>(world, 'Observation', [
      ['derived-from', `QuestionnaireResponse/${qr.id}`],
    ]);
    const byCode = new Map(obs.map((o) => [o.code.coding?.[0]?.code, o]));
    expect(byCode.get('44261-6')?.valueInteger).toBe(12);
    // Ana was born in 1950: the adult depression screening CMS2 reads, positive at ≥ 10.
    expect(byCode.get('73832-8')?.valueCodeableConcept?.coding?.[0]?.code).toBe('428181000124104');

    const [task, ...more] = await safetyTasks(world);
    expect(more).toHaveLength(0);
    expect(task).toMatchObject({
      status: 'requested',
      priority: 'urgent',
      owner: { reference: 'Practitioner/psych' }, // the behavioural-health clinician on Ana's team
      restriction: { period: { end: today() } },
    });
    const flags = await search<Flag>(world, 'Flag', [['patient', 'Patient/ana']]);
    expect(flags.filter((f) => f.status === 'active')).toHaveLength(1);

    const suggestions = await search<Task>(world, 'Task', [
      ['patient', 'Patient/ana'],
      ['code', 'https://careweave.org/fhir/CodeSystem/assessment-work|suggestion'],
    ]);
    expect(suggestions).toHaveLength(1);
    const goal = await world.repo.read<Goal>(
      SYSTEM_CONTEXT,
      'Goal',
      suggestions[0]?.focus?.reference?.split('/')[1] ?? '',
    );
    expect(goal.lifecycleStatus).toBe('proposed');
    const rescreen = await world.repo.read<Task>(
      SYSTEM_CONTEXT,
      'Task',
      derivedId(qr.id ?? '', 'rescreen'),
    );
    expect(rescreen.status).toBe('requested');
  });

  it('re-importing the same response (system, bulk upsert) creates no second task, flag or observation', async () => {
    const before = {
      tasks: (await search<Task>(world, 'Task', [['patient', 'Patient/ana']])).length,
      obs: (await search<Observation>(world, 'Observation', [['patient', 'Patient/ana']])).length,
    };
    const qr = (
      await search<QuestionnaireResponse>(world, 'QuestionnaireResponse', [
        ['patient', 'Patient/ana'],
      ])
    )[0] as QuestionnaireResponse;
    await world.repo.inTransaction(SYSTEM_CONTEXT, (w) =>
      w.upsertMany([{ ...qr, meta: undefined }], { skipUnchanged: false }),
    );
    await world.repo.inTransaction(SYSTEM_CONTEXT, (w) =>
      w.upsertPrepared([TxWriter.prepare({ ...qr, meta: undefined })], { skipUnchanged: false }),
    );
    expect((await search<Task>(world, 'Task', [['patient', 'Patient/ana']])).length).toBe(
      before.tasks,
    );
    expect(
      (await search<Observation>(world, 'Observation', [['patient', 'Patient/ana']])).length,
    ).toBe(before.obs);
  });

  it('import (system context, prepared upsert) of a new response raises the alert too', async () => {
    const qr = {
      ...frequencyResponse('phq9', 'ben', [0, 0, 0, 0, 0, 0, 0, 0, 2]),
      id: 'imported-ben-phq9',
    };
    await world.repo.inTransaction(SYSTEM_CONTEXT, (w) =>
      w.upsertPrepared([TxWriter.prepare(qr)], { skipUnchanged: true }),
    );
    const tasks = await safetyTasks(world, 'ben');
    expect(tasks).toHaveLength(1);
    expect(tasks[0]?.priority).toBe('urgent');
  });

  it('an old response with item 9 > 0 still raises the alert (never missed), but no suggestion', async () => {
    const twoYearsAgo = new Date(Date.now() - 730 * 86_400_000).toISOString();
    const qr = {
      ...frequencyResponse('phq9', 'ben', [3, 3, 3, 2, 2, 1, 0, 0, 1], { authored: twoYearsAgo }),
      id: 'imported-ben-old-phq9',
    };
    await world.repo.inTransaction(SYSTEM_CONTEXT, (w) =>
      w.upsertPrepared([TxWriter.prepare(qr)], { skipUnchanged: true }),
    );
    const tasks = (await safetyTasks(world, 'ben')).filter(
      (t) => t.focus?.reference === `QuestionnaireResponse/${qr.id}`,
    );
    expect(tasks).toHaveLength(1);
    expect(tasks[0]?.priority).toBe('urgent');
    const suggestions = await search<Task>(world, 'Task', [
      ['patient', 'Patient/ben'],
      ['code', 'https://careweave.org/fhir/CodeSystem/assessment-work|suggestion'],
    ]);
    expect(suggestions).toHaveLength(0);
  });

  it('a transaction of several writes (as a bundle) gets the same rules', async () => {
    const ctx = await world.as('coordinator');
    await world.repo.inTransaction(ctx, async (w) => {
      await w.create(frequencyResponse('gad7', 'ana', [3, 3, 2, 2, 1, 1, 0]));
      await w.create(frequencyResponse('phq2', 'ana', [2, 2]));
    });
    const totals = await search<Observation>(world, 'Observation', [
      ['patient', 'Patient/ana'],
      ['code', 'http://loinc.org|70274-6,http://loinc.org|55758-7'],
    ]);
    expect(totals.map((o) => o.valueInteger).sort()).toEqual([12, 4]);
  });

  it('impossible answers are refused (422), naming the item; nothing is written', async () => {
    const ctx = await world.as('coordinator');
    const bad = frequencyResponse('phq9', 'ana', [0, 0, 0, 0, 0, 0, 0, 0, 0]);
    (bad.item ?? [])[2] = { linkId: '44259-0', answer: [{ valueInteger: 7 }] };
    const before = (await search<QuestionnaireResponse>(world, 'QuestionnaireResponse', [])).length;
    const f = await failure(() => world.repo.create(ctx, bad));
    expect(f).toMatchObject({ status: 422, code: 'assessment-impossible-answer' });
    expect(f.text).toMatch(/PHQ-9 item 3/);
    expect((await search<QuestionnaireResponse>(world, 'QuestionnaireResponse', [])).length).toBe(
      before,
    );
  });

  it('a draft (in-progress) is stored without scoring', async () => {
    const ctx = await world.as('coordinator');
    const { resource } = await world.repo.create(
      ctx,
      frequencyResponse('phq9', 'ana', [3, 3], { status: 'in-progress' }),
    );
    expect(
      await search<Observation>(world, 'Observation', [
        ['derived-from', `QuestionnaireResponse/${resource.id}`],
      ]),
    ).toHaveLength(0);
  });

  it('AHC-HRSN food positive: an Observation, a health concern and a suggested referral to the food bank', async () => {
    const ctx = await world.as('coordinator');
    const { resource } = await world.repo.create(
      ctx,
      hrsnResponse('ana', {
        [HRSN_ITEM.livingSituation]: 'LA31993-1',
        [HRSN_ITEM.housingProblems]: ['LA9-3'],
        [HRSN_ITEM.foodWorry]: 'LA28397-0',
        [HRSN_ITEM.foodDidNotLast]: 'LA28398-8',
        [HRSN_ITEM.transportation]: 'LA32-8',
        [HRSN_ITEM.utilities]: 'LA32-8',
        [HRSN_ITEM.hurt]: 1,
        [HRSN_ITEM.insult]: 2,
        [HRSN_ITEM.threaten]: 1,
        [HRSN_ITEM.scream]: 1,
      }),
    );
    const obs = await search<Observation>(world, 'Observation', [
      ['derived-from', `QuestionnaireResponse/${resource.id}`],
    ]);
    expect(obs.map((o) => o.code.coding?.[0]?.code).sort()).toEqual(['88122-7', '95614-4']);
    const concerns = await search<Condition>(world, 'Condition', [
      ['patient', 'Patient/ana'],
      ['category', 'health-concern'],
      ['code', 'http://snomed.info/sct|733423003'],
    ]);
    expect(concerns).toHaveLength(1);
    const referral = await world.repo.read<Task>(
      SYSTEM_CONTEXT,
      'Task',
      derivedId(resource.id ?? '', 'suggest-food'),
    );
    expect(referral.input?.find((i) => i.type.text === 'service')?.valueReference?.reference).toBe(
      'HealthcareService/food-bank-service',
    );
  });

  it('a response entered in error takes its observations with it', async () => {
    const ctx = await world.as('coordinator');
    const { resource } = await world.repo.create(
      ctx,
      frequencyResponse('gad7', 'ana', [1, 1, 1, 1, 1, 1, 1]),
    );
    await world.repo.update(ctx, { ...resource, status: 'entered-in-error' });
    const obs = await search<Observation>(world, 'Observation', [
      ['derived-from', `QuestionnaireResponse/${resource.id}`],
    ]);
    expect(obs.map((o) => o.status)).toEqual(['entered-in-error']);
  });
});
