import { describe, expect, it } from 'vitest';
import { expit } from './logistic.js';
import { auc, brier, calibrationBins, calibrationFit, predictionMetrics } from './metrics.js';

/** mulberry32: a small seeded PRNG, so the simulated cohorts are the same on every run. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A cohort whose true risk is expit(−2 + x), x ~ N-ish(0, 1). */
function cohort(n: number, seed = 7): { lp: number[]; y: number[] } {
  const r = rng(seed);
  const lp: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = (r() + r() + r() + r() - 2) * 1.7;
    lp.push(-2 + x);
    y.push(r() < expit(-2 + x) ? 1 : 0);
  }
  return { lp, y };
}

describe('AUC (Mann–Whitney)', () => {
  it('is the share of correctly ordered positive–negative pairs', () => {
    expect(auc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBe(0.75);
    expect(auc([1, 2, 3], [0, 1, 1])).toBe(1);
    expect(auc([3, 2, 1], [0, 1, 1])).toBe(0);
  });

  it('counts ties as half', () => {
    expect(auc([5, 5, 5, 5], [0, 1, 0, 1])).toBe(0.5);
    expect(auc([1, 2, 2, 3], [0, 0, 1, 1])).toBe(0.875);
  });

  it('is undefined without both outcomes', () => {
    expect(auc([1, 2], [1, 1])).toBeNaN();
  });
});

describe('calibration', () => {
  it('Brier score is the mean squared error', () => {
    expect(brier([0.1, 0.9], [0, 1])).toBeCloseTo(0.01, 12);
  });

  it('has slope ≈ 1 for the true probabilities and ≈ 0.5 for predictions twice too extreme', () => {
    const { lp, y } = cohort(20_000);
    expect(calibrationFit(lp.map(expit), y).slope).toBeCloseTo(1, 1);
    expect(
      calibrationFit(
        lp.map((x) => expit(2 * x + 2)),
        y,
      ).slope,
    ).toBeCloseTo(0.5, 1);
  });

  it('groups into equal deciles whose observed rates follow the predictions', () => {
    const { lp, y } = cohort(10_000);
    const bins = calibrationBins(lp.map(expit), y);
    expect(bins).toHaveLength(10);
    expect(bins.every((b) => b.n === 1000)).toBe(true);
    expect(Math.abs((bins[9]?.observed ?? 0) - (bins[9]?.meanPredicted ?? 0))).toBeLessThan(0.05);
    const m = predictionMetrics(lp.map(expit), y);
    expect(m.observedExpected).toBeCloseTo(1, 1);
    expect(m.auc).toBeGreaterThan(0.7);
  });
});
