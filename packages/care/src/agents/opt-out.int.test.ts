import type { Condition, HealthcareService, Patient, Task } from '@medplum/fhirtypes';
import { SYSTEM_CONTEXT } from '@careweave/store';
import { testDatabaseKinds } from '@careweave/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HRSN_ITEM } from '../assessments/instruments.js';
import { loadInstruments } from '../assessments/load.js';
import { frequencyResponse, hrsnResponse } from '../assessments/example-responses.js';
import { openCareWorld, type CareWorld } from '../plans/testing/world.js';
import { isOptedOutOfAutomation, optedOutAmong, setAutomationOptOut } from './opt-out.js';

const SUGGESTION = 'https://careweave.org/fhir/CodeSystem/assessment-work|suggestion';
const SAFETY = 'https://careweave.org/fhir/CodeSystem/assessment-work|safety-follow-up';

/** PHQ-9 with item 9 = 1: total 12 (moderate) — a safety follow-up and, normally, a suggestion. */
const ITEM9 = [2, 2, 1, 2, 1, 1, 2, 0, 1];

/**
 * Opting out of automated recommendations (care/agents/README.md): Ana tells her coordinator she
 * wants no automated recommendations. Her next PHQ-9 still raises the safety follow-up (care, not
 * a recommendation) but no suggested goal; a positive food screen records the need but suggests no
 * referral. Her sharing choices are untouched. When she opts back in, suggestions return.
 */
describe.each(testDatabaseKinds())('opting out of automated recommendations on %s', (kind) => {
  let world: CareWorld;
  const tasks = async (code: string): Promise<Task[]> =>
    (
      await world.repo.search(SYSTEM_CONTEXT, 'Task', [
        ['patient', 'Patient/ana'],
        ['code', code],
        ['_count', '200'],
      ])
    ).resources as Task[];

  beforeAll(async () => {
    world = await openCareWorld(kind);
    await loadInstruments(world.repo);
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

  it('an opted-out person gets no automated recommendation; safety work still happens', async () => {
    const coordinator = await world.as('coordinator');
    expect(await isOptedOutOfAutomation(world.repo, 'ana')).toBe(false);
    await setAutomationOptOut(world.repo, coordinator, 'ana', true);
    expect(await isOptedOutOfAutomation(world.repo, 'ana')).toBe(true);
    expect([...(await optedOutAmong(world.repo, ['ana', 'ben']))]).toEqual(['ana']);

    await world.repo.create(coordinator, frequencyResponse('phq9', 'ana', ITEM9));
    expect(await tasks(SAFETY)).toHaveLength(1);
    expect(await tasks(SUGGESTION)).toHaveLength(0);

    await world.repo.create(
      coordinator,
      hrsnResponse('ana', {
        [HRSN_ITEM.livingSituation]: 'LA31993-1',
        [HRSN_ITEM.foodWorry]: 'LA28397-0',
        [HRSN_ITEM.foodDidNotLast]: 'LA28398-8',
      }),
    );
    const concerns = (
      await world.repo.search(SYSTEM_CONTEXT, 'Condition', [
        ['patient', 'Patient/ana'],
        ['category', 'health-concern'],
      ])
    ).resources as Condition[];
    expect(concerns.length).toBeGreaterThan(0); // her answer is recorded
    expect(await tasks(SUGGESTION)).toHaveLength(0); // but nothing is suggested

    // The choice is not a privacy consent: her team still sees her record.
    const patient = await world.repo.read<Patient>(coordinator, 'Patient', 'ana');
    expect(patient.id).toBe('ana');
  });

  it('opting back in brings suggestions back', async () => {
    const coordinator = await world.as('coordinator');
    await setAutomationOptOut(world.repo, coordinator, 'ana', false);
    expect(await isOptedOutOfAutomation(world.repo, 'ana')).toBe(false);
    await world.repo.create(coordinator, frequencyResponse('gad7', 'ana', [2, 2, 2, 2, 2, 1, 1]));
    expect((await tasks(SUGGESTION)).length).toBeGreaterThan(0);
  });
});
