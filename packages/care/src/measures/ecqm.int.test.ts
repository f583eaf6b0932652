import type { Bundle, Measure, OperationOutcome, Patient } from '@medplum/fhirtypes';
import { OperationOutcomeError, getStatus } from '@medplum/core';
import { SYSTEM_CONTEXT } from '@careweave/store';
import { testDatabaseKinds } from '@careweave/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCareWorld, type CareWorld } from '../plans/testing/world.js';
import { evaluateEcqm, runEcqm, type EcqmCalculate } from './ecqm.js';

const PERIOD = { start: '2026-01-01', end: '2026-12-31' };

/** A loaded-eCQM-shaped Measure: the engine itself is stubbed, so no CQL is needed. */
const MEASURE: Measure = {
  resourceType: 'Measure',
  id: 'stub-ecqm',
  name: 'StubMeasure',
  status: 'active',
  url: 'https://example.org/Measure/stub-ecqm',
  library: ['https://example.org/Library/stub'],
  group: [
    {
      id: 'g1',
      population: [
        {
          code: {
            coding: [
              {
                system: 'http://terminology.hl7.org/CodeSystem/measure-population',
                code: 'initial-population',
              },
            ],
          },
          criteria: { language: 'text/cql', expression: 'Initial Population' },
        },
      ],
    },
  ],
};

const patientOf = (b: Bundle): string =>
  b.entry?.find((e) => e.resource?.resourceType === 'Patient')?.resource?.id ?? '';

/** Throws (like cql-execution on a record it cannot read) whenever `bad` is among the people. */
function engineFailingOn(bad: (id: string) => boolean): {
  calculate: EcqmCalculate;
  calls: number[];
} {
  const calls: number[] = [];
  const calculate: EcqmCalculate = (_measure, bundles) => {
    calls.push(bundles.length);
    if (bundles.some((b) => bad(patientOf(b)))) {
      return Promise.reject(new TypeError("Cannot read properties of null (reading 'isQuantity')"));
    }
    return Promise.resolve({
      results: bundles.map((b) => ({
        patientId: patientOf(b),
        detailedResults: [
          {
            groupId: 'g1',
            populationResults: [{ populationType: 'initial-population', result: true }],
          },
        ],
      })),
    });
  };
  return { calculate, calls };
}

describe.each(testDatabaseKinds())('eCQM engine failures on %s', (kind) => {
  let world: CareWorld;
  let everyone: string[];
  beforeAll(async () => {
    world = await openCareWorld(kind);
    everyone = await world.repo.readModels.measures.visiblePatients(SYSTEM_CONTEXT.scope);
  });
  afterAll(() => world?.dispose());

  it('a chunk the engine throws on is retried person by person; only the bad record is lost, and it is reported', async () => {
    expect(everyone.length).toBeGreaterThan(2);
    const bad = everyone[1]!;
    const engine = engineFailingOn((id) => id === bad);
    const run = await runEcqm(
      world.repo,
      SYSTEM_CONTEXT,
      MEASURE,
      PERIOD,
      undefined,
      engine.calculate,
    );
    expect(run.results.map((r) => r.patientId).sort()).toEqual(
      everyone.filter((id) => id !== bad).sort(),
    );
    expect(run.failures).toEqual([
      { patientId: bad, message: "Cannot read properties of null (reading 'isQuantity')" },
    ]);
    // One whole-chunk call, then one call per person.
    expect(engine.calls).toEqual([everyone.length, ...everyone.map(() => 1)]);
  });

  it('the MeasureReport counts the others and names the unevaluated person in a contained OperationOutcome', async () => {
    const bad = everyone[0]!;
    const engine = engineFailingOn((id) => id === bad);
    const report = await evaluateEcqm(
      world.repo,
      SYSTEM_CONTEXT,
      MEASURE,
      PERIOD,
      'population',
      undefined,
      engine.calculate,
    );
    expect(report.group?.[0]?.population?.[0]?.count).toBe(everyone.length - 1);
    expect(report.evaluatedResource).toEqual([{ reference: '#unevaluated' }]);
    const outcome = report.contained?.find(
      (r): r is OperationOutcome => r.resourceType === 'OperationOutcome',
    );
    expect(outcome?.issue.map((i) => i.expression?.[0])).toEqual([`Patient/${bad}`]);
    expect(outcome?.issue[0]?.diagnostics).toContain('isQuantity');
  });

  it('when the engine fails for everyone, a 422 OperationOutcome (processing) names the measure and the message', async () => {
    const engine = engineFailingOn(() => true);
    const err = await evaluateEcqm(
      world.repo,
      SYSTEM_CONTEXT,
      MEASURE,
      PERIOD,
      'subject',
      `Patient/${everyone[0]!}`,
      engine.calculate,
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OperationOutcomeError);
    const outcome = (err as OperationOutcomeError).outcome;
    expect(getStatus(outcome)).toBe(422);
    expect(outcome.issue[0]?.code).toBe('processing');
    expect(outcome.issue[0]?.details?.text).toContain('StubMeasure');
    expect(outcome.issue[0]?.details?.text).toContain('isQuantity');
  });

  it('a second run asks the engine only for the people whose visible records changed since', async () => {
    const engine = engineFailingOn(() => false);
    const first = await runEcqm(
      world.repo,
      SYSTEM_CONTEXT,
      MEASURE,
      PERIOD,
      undefined,
      engine.calculate,
    );
    expect(engine.calls).toEqual([everyone.length]);

    const again = await runEcqm(
      world.repo,
      SYSTEM_CONTEXT,
      MEASURE,
      PERIOD,
      undefined,
      engine.calculate,
    );
    expect(engine.calls).toEqual([everyone.length]);
    expect(again.results.map((r) => r.patientId).sort()).toEqual(
      first.results.map((r) => r.patientId).sort(),
    );

    // One person's record changes: only they are evaluated again.
    const changed = everyone[2]!;
    const patient = await world.repo.read<Patient>(SYSTEM_CONTEXT, 'Patient', changed);
    await world.repo.update(SYSTEM_CONTEXT, {
      ...patient,
      gender: patient.gender === 'male' ? 'female' : 'male',
    });
    await runEcqm(world.repo, SYSTEM_CONTEXT, MEASURE, PERIOD, undefined, engine.calculate);
    expect(engine.calls).toEqual([everyone.length, 1]);

    // Another period is another result.
    await runEcqm(
      world.repo,
      SYSTEM_CONTEXT,
      MEASURE,
      { start: '2025-01-01', end: '2025-12-31' },
      undefined,
      engine.calculate,
    );
    expect(engine.calls).toEqual([everyone.length, 1, everyone.length]);
  });
});
