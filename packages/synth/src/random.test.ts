import { describe, expect, it } from 'vitest';
import { deterministicUuid, PersonIds } from './ids.js';
import { calibrateIntercept } from './prevalence.js';
import { expit, Rng } from './random.js';

describe('seeded randomness', () => {
  it('gives the same stream for the same name and a different one for another', () => {
    const a = new Rng([42, 'person', 1]);
    const b = new Rng([42, 'person', 1]);
    const c = new Rng([42, 'person', 2]);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(xs);
  });

  it('has the moments its distributions promise', () => {
    const rng = new Rng([1, 'moments']);
    const n = 50_000;
    let u = 0;
    let z = 0;
    let z2 = 0;
    let k = 0;
    for (let i = 0; i < n; i++) {
      u += rng.next();
      const v = rng.normal();
      z += v;
      z2 += v * v;
      k += rng.poisson(2.5);
    }
    expect(u / n).toBeCloseTo(0.5, 2);
    expect(z / n).toBeCloseTo(0, 1);
    expect(z2 / n).toBeCloseTo(1, 1);
    expect(k / n).toBeCloseTo(2.5, 1);
  });

  it('derives UUID-shaped, stable, distinct ids', () => {
    const id = deterministicUuid([7, 'p', 3, 1]);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(deterministicUuid([7, 'p', 3, 1])).toBe(id);
    const ids = new PersonIds(7, 3);
    const many = new Set(Array.from({ length: 10_000 }, () => ids.next()));
    expect(many.size).toBe(10_000);
  });

  it('calibrates a latent-factor intercept so the marginal prevalence hits the target', () => {
    const alpha = calibrateIntercept(0.05, 1.0);
    const rng = new Rng([3, 'calibration']);
    let hits = 0;
    for (let i = 0; i < 200_000; i++) if (rng.next() < expit(alpha + rng.normal())) hits++;
    expect(hits / 200_000).toBeCloseTo(0.05, 2);
  });
});
