import { describe, expect, it } from 'vitest';
import { balanceTable } from './balance.js';
import { COVARIATES } from './covariates.js';

/** A covariate vector whose first covariate (age) is `age` and the rest 0. */
const row = (age: number): number[] => [age, ...new Array<number>(COVARIATES.length - 1).fill(0)];

describe('standardised mean differences', () => {
  it('divides the difference of means by the pooled SD before matching (Austin 2009)', () => {
    // Enrolled ages 61 and 63 (mean 62, variance 2), comparison 60 and 62 (mean 61, variance 2):
    // SMD before = 1 / √2. After matching the comparison is 62 and 62: the same mean, SMD 0.
    const [age, female] = balanceTable({
      treatedBefore: [row(61), row(63)],
      controlBefore: [row(60), row(62)],
      treatedAfter: [row(61), row(63)],
      controlAfter: [row(62), row(62)],
      controlAfterWeights: [1, 1],
    });
    expect(age?.smdBefore).toBeCloseTo(1 / Math.SQRT2, 12);
    expect(age?.smdAfter).toBe(0);
    expect(age?.treatedMeanAfter).toBe(62);
    // A covariate with no spread and equal means is balanced.
    expect(female?.smdBefore).toBe(0);
  });

  it('weights the comparison people of one enrolled person 1/k', () => {
    const [age] = balanceTable({
      treatedBefore: [row(60), row(64)],
      controlBefore: [row(60), row(64)],
      treatedAfter: [row(62)],
      controlAfter: [row(60), row(66), row(61)],
      controlAfterWeights: [0.25, 0.25, 0.5],
    });
    expect(age?.controlMeanAfter).toBeCloseTo(62, 12);
  });
});
