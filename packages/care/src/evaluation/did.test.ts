import { describe, expect, it } from 'vitest';
import { differenceInDifferences, percentileInterval, type SetWindows } from './did.js';
import type { OutcomeWindows } from './windows.js';

const quiet = Array.from({ length: 8 }, () => ({ amount: 0, months: 3 }));
const w = (before: [number, number], after: [number, number]): OutcomeWindows => ({
  before: { amount: before[0], months: before[1] },
  after: { amount: after[0], months: after[1] },
  quarters: quiet,
});

/**
 * Two matched pairs. Ana (enrolled) had 2 admissions in the 12 months before and 1 in the 12
 * after; her match 1 and 1. Ben (enrolled, 6 months of data before) had 0, then 1 in 12 months;
 * his match 1 in 6 months, then 0. Enrolled: 2/18 → 2/24 per member-month; comparison: 2/18 →
 * 1/24. Ratio of rate ratios (0.75 / 0.375) = 2: 100% more, i.e. an estimate of −1; difference of
 * differences (1/12 − 1/9) − (1/24 − 1/9) = +1/24 per member-month.
 */
const SETS: SetWindows[] = [
  { treated: w([2, 12], [1, 12]), controls: [w([1, 12], [1, 12])] },
  { treated: w([0, 6], [1, 12]), controls: [w([1, 6], [0, 12])] },
];

describe('difference-in-differences on matched sets', () => {
  it('computes the ratio of rate ratios and the difference of differences by hand', () => {
    const r = differenceInDifferences(SETS, 200, 7);
    expect(r.rates.treatedBefore).toBeCloseTo(2 / 18, 12);
    expect(r.rates.controlAfter).toBeCloseTo(1 / 24, 12);
    expect(r.estimate).toBeCloseTo(-1, 12);
    expect(r.difference).toBeCloseTo(1 / 24, 12);
    expect(r.memberMonthsTreated).toBe(42);
    // A quiet quarter in both arms differs from the 12 months before by minus that baseline (0).
    expect(r.eventStudy.map((q) => q.quarter)).toEqual([-4, -3, -2, -1, 0, 1, 2, 3]);
    expect(r.eventStudy[0]?.difference).toBeCloseTo(0, 12);
  });

  it('weights k comparison people of one enrolled person 1/k each', () => {
    const r = differenceInDifferences(
      [{ treated: w([1, 12], [1, 12]), controls: [w([2, 12], [0, 12]), w([0, 12], [2, 12])] }],
      50,
      1,
    );
    expect(r.rates.controlBefore).toBeCloseTo(1 / 12, 12);
    expect(r.rates.controlAfter).toBeCloseTo(1 / 12, 12);
    expect(r.estimate).toBeCloseTo(0, 12);
  });

  it('gives the same interval for the same seed, and an interval around the data', () => {
    const a = differenceInDifferences(SETS, 300, 11);
    const b = differenceInDifferences(SETS, 300, 11);
    expect(a.ci95).toEqual(b.ci95);
    expect(a.differenceCi95[0]).toBeLessThanOrEqual(a.differenceCi95[1]);
  });

  it('takes percentiles between order statistics and ignores non-finite resamples', () => {
    const values = Array.from({ length: 101 }, (_, i) => i + 1);
    expect(percentileInterval([...values, Infinity, Number.NaN])).toEqual([3.5, 98.5]);
    expect(percentileInterval([])).toEqual([Number.NaN, Number.NaN]);
  });
});
