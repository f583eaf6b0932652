import { describe, expect, it } from 'vitest';
import { expit, fitLogistic, linearPredictor, logit } from './logistic.js';

/** Rows of a 2×2 table: `events` of `n` with x = 1, `events0` of `n0` with x = 0. */
function table(
  events: number,
  n: number,
  events0: number,
  n0: number,
): { x: number[][]; y: number[] } {
  const x: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    x.push([1]);
    y.push(i < events ? 1 : 0);
  }
  for (let i = 0; i < n0; i++) {
    x.push([0]);
    y.push(i < events0 ? 1 : 0);
  }
  return { x, y };
}

describe('ridge logistic regression by IRLS', () => {
  it('recovers the closed-form maximum-likelihood answer of a 2×2 table (intercept = logit of the baseline rate, slope = log odds ratio)', () => {
    const { x, y } = table(30, 100, 10, 100);
    const fit = fitLogistic(x, y, { lambda: 0 });
    expect(fit.converged).toBe(true);
    expect(fit.intercept).toBeCloseTo(Math.log(10 / 90), 6);
    expect(fit.coefficients[0]).toBeCloseTo(Math.log(30 / 70 / (10 / 90)), 6);
  });

  it('shrinks coefficients towards zero as the penalty grows, never the intercept', () => {
    const { x, y } = table(30, 100, 10, 100);
    const slopes = [0, 10, 100, 1000].map(
      (lambda) => fitLogistic(x, y, { lambda }).coefficients[0] ?? 0,
    );
    for (let i = 1; i < slopes.length; i++) expect(slopes[i]).toBeLessThan(slopes[i - 1] ?? 0);
    expect(slopes[3]).toBeGreaterThan(0);
    // With everything shrunk away, the intercept still matches the overall rate (40 / 200).
    const flat = fitLogistic(x, y, { lambda: 1e9 });
    expect(expit(linearPredictor(flat, [0.5]))).toBeCloseTo(0.2, 3);
  });

  it('stays finite on perfectly separated data when penalised', () => {
    const fit = fitLogistic([[0], [0], [1], [1]], [0, 0, 1, 1], { lambda: 1 });
    expect(Number.isFinite(fit.coefficients[0])).toBe(true);
    expect(fit.coefficients[0]).toBeGreaterThan(0);
  });

  it('handles a constant column and returns coefficients on the original scale', () => {
    const { x, y } = table(30, 100, 10, 100);
    const fit = fitLogistic(
      x.map((r) => [r[0] ?? 0, 7, (r[0] ?? 0) * 10]),
      y,
      { lambda: 0.0001 },
    );
    // x and 10·x are collinear: their combined effect still equals the log odds ratio.
    expect((fit.coefficients[0] ?? 0) + 10 * (fit.coefficients[2] ?? 0)).toBeCloseTo(
      Math.log(30 / 70 / (10 / 90)),
      2,
    );
    expect(fit.coefficients[1]).toBeCloseTo(0, 6);
  });

  it('refuses mismatched input', () => {
    expect(() => fitLogistic([[1]], [1, 0])).toThrow(RangeError);
    expect(logit(expit(1.5))).toBeCloseTo(1.5, 10);
  });
});
