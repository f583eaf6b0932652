import { describe, expect, it } from 'vitest';
import { mean, proportion, rate } from './statistics.js';

describe('measure statistics', () => {
  it('Wilson interval: 8 of 10 is 0.80 (0.49–0.94), as Brown, Cai & DasGupta tabulate', () => {
    const r = proportion(8, 10);
    expect(r.score).toBe(0.8);
    expect(r.low).toBeCloseTo(0.4902, 3);
    expect(r.high).toBeCloseTo(0.9433, 3);
    expect(proportion(0, 0)).toEqual({ score: null, low: null, high: null });
    expect(proportion(0, 5).low).toBe(0);
  });
  it("Byar's Poisson interval: 10 events (4.80–18.39) per 1,000 member-months", () => {
    const r = rate(10, 1000, 1000);
    expect(r.score).toBe(10);
    expect(r.low).toBeCloseTo(4.8, 1);
    expect(r.high).toBeCloseTo(18.39, 1);
    expect(rate(0, 100, 1000).low).toBe(0);
  });
  it('mean with a normal interval', () => {
    const r = mean([0, 3]);
    expect(r.score).toBe(1.5);
    expect(r.low).toBeCloseTo(1.5 - (1.959964 * Math.sqrt(4.5)) / Math.sqrt(2), 6);
    expect(mean([])).toEqual({ score: null, low: null, high: null });
  });
});
