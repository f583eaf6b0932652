import { describe, expect, it } from 'vitest';
import type { MeasureResult } from '../api';
import {
  defaultFilters,
  formatInterval,
  formatScore,
  peopleCsv,
  resultsCsv,
  resultsQuery,
} from './query';

const group = {
  key: 'all',
  label: 'All',
  denominator: 4,
  exclusions: 1,
  numerator: 2,
  score: 0.5,
  low: 0.15,
  high: 0.85,
};
const measure: MeasureResult = {
  id: 'fuh-7',
  title: 'FUH 7',
  scoring: 'proportion',
  improvement: 'increase',
  unit: '%',
  benchmark: null,
  overall: group,
  strata: {
    organization: [],
    team: [{ ...group, key: 'CareTeam/t', label: 'North, "A" team' }],
    coordinator: [],
    month: [],
  },
};

describe('dashboard model', () => {
  it('the default period is the twelve months to today', () => {
    const f = defaultFilters(new Date('2026-12-07T10:00:00Z'));
    expect([f.periodStart, f.periodEnd]).toEqual(['2025-12-08', '2026-12-07']);
  });
  it('leaves empty filters out of the query', () => {
    const f = { ...defaultFilters(new Date('2026-12-07T10:00:00Z')), team: 'CareTeam/t' };
    expect(resultsQuery(f, { outcome: 'missed' })).toBe(
      'periodStart=2025-12-08&periodEnd=2026-12-07&team=CareTeam%2Ft&outcome=missed',
    );
  });
  it('formats scores and intervals in the unit', () => {
    expect(formatScore(measure, 0.5)).toBe('50.0%');
    expect(formatScore({ unit: 'days' }, 3)).toBe('3.0 days');
    expect(formatScore(measure, null)).toBe('—');
    expect(formatInterval(measure, group)).toBe('15.0%–85.0%');
  });
  it('exports CSV with quoting', () => {
    expect(resultsCsv([measure], 'team').split('\n')[2]).toBe(
      'fuh-7,"North, ""A"" team",4,1,2,0.5,0.15,0.85,%',
    );
    expect(
      peopleCsv([
        {
          patientId: 'p1',
          name: 'Ana',
          event: 'Encounter/e',
          day: '2026-03-10',
          outcome: 'missed',
          observation: null,
        },
      ]),
    ).toBe('patient,name,event,date,outcome,observation\np1,Ana,Encounter/e,2026-03-10,missed,\n');
  });
});
