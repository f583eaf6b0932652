import type { MeasureGroupResult, MeasureResult } from '@careweave/contract';
import { describe, expect, it } from 'vitest';
import { KEY_MEASURES, keyMeasures } from './key-measures';

const group: MeasureGroupResult = {
  key: 'all',
  label: 'All',
  denominator: 0,
  exclusions: 0,
  numerator: 0,
  score: null,
  low: null,
  high: null,
};
const measure = (id: string): MeasureResult => ({
  id,
  title: id,
  scoring: 'proportion',
  improvement: 'increase',
  unit: '%',
  benchmark: null,
  overall: group,
  strata: { organization: [], team: [], coordinator: [], month: [] },
});

describe('the programme home’s key measures', () => {
  it('keeps the home’s order and leaves out the rest and any the server did not answer', () => {
    const answered = ['goal-attainment', 'referral-loop-closure', 'fuh-7'].map(measure);
    expect(keyMeasures(answered).map((m) => m.id)).toEqual(['fuh-7', 'referral-loop-closure']);
  });

  it('leads with follow-up after a mental-health admission', () => {
    expect(KEY_MEASURES[0]).toBe('fuh-7');
  });
});
