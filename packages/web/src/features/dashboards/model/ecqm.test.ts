import type { MeasureReport } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { ecqmOverall, ecqmPeople, ecqmStrata, isEcqmMeasure, wilson } from './ecqm';

const pop = (code: string, count: number, list?: string) => ({
  code: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/measure-population', code }] },
  count,
  ...(list ? { subjectResults: { reference: `#${list}` } } : {}),
});

const REPORT: MeasureReport = {
  resourceType: 'MeasureReport',
  status: 'complete',
  type: 'subject-list',
  measure: 'https://example.org/Measure/CMS2',
  period: { start: '2026-01-01', end: '2026-12-31' },
  contained: [
    {
      resourceType: 'List',
      id: 'd',
      status: 'current',
      mode: 'snapshot',
      entry: ['a', 'b', 'c', 'e'].map((p) => ({ item: { reference: `Patient/${p}` } })),
    },
    {
      resourceType: 'List',
      id: 'n',
      status: 'current',
      mode: 'snapshot',
      entry: [{ item: { reference: 'Patient/a' } }],
    },
    {
      resourceType: 'List',
      id: 'x',
      status: 'current',
      mode: 'snapshot',
      entry: [{ item: { reference: 'Patient/e' } }],
    },
  ],
  group: [
    {
      population: [
        pop('initial-population', 5),
        pop('denominator', 4, 'd'),
        pop('denominator-exclusion', 1, 'x'),
        pop('numerator', 1, 'n'),
      ],
      measureScore: { value: 1 / 3 },
      stratifier: [
        {
          code: [{ text: 'team' }],
          stratum: [
            {
              value: { text: 'North team' },
              population: [pop('denominator', 2), pop('numerator', 1)],
              measureScore: { value: 0.5 },
            },
            {
              value: { text: 'No team' },
              population: [pop('denominator', 2), pop('denominator-exclusion', 1)],
            },
          ],
        },
      ],
    },
  ],
};

describe('eCQM results on the dashboards', () => {
  it('reads the engine populations: exclusions leave the denominator, the score as reported', () => {
    expect(ecqmOverall(REPORT)).toMatchObject({
      initialPopulation: 5,
      denominator: 4,
      exclusions: 1,
      numerator: 1,
      score: 1 / 3,
    });
  });
  it('gives a 95% Wilson interval around the rate', () => {
    const w = wilson(1, 3);
    expect(w?.low).toBeCloseTo(0.0615, 3);
    expect(w?.high).toBeCloseTo(0.7923, 3);
    expect(wilson(0, 0)).toBeNull();
  });
  it('reads the strata of the view; a group without a score gets it from its counts or none', () => {
    const strata = ecqmStrata(REPORT, 'team');
    expect(strata.map((s) => [s.label, s.score])).toEqual([
      ['North team', 0.5],
      ['No team', 0],
    ]);
    expect(ecqmStrata(REPORT, 'coordinator')).toEqual([]);
  });
  it('lists who missed: in the denominator, not met, not excluded', () => {
    expect(ecqmPeople(REPORT)).toEqual({ missed: ['Patient/b', 'Patient/c'], met: ['Patient/a'] });
  });
  it('tells eCQMs (with a CQL Library) from the SQL measures', () => {
    expect(
      isEcqmMeasure({ resourceType: 'Measure', status: 'active', id: 'CMS2', library: ['x'] }),
    ).toBe(true);
    expect(isEcqmMeasure({ resourceType: 'Measure', status: 'active', id: 'fuh-7' })).toBe(false);
  });
});
