import { describe, expect, it } from 'vitest';
import { samplePerson, type Person } from './person-model.js';
import { CONDITION_TARGETS, SOCIAL_NEED_TARGETS, targetPrevalence } from './prevalence.js';
import { makeWindow } from './time.js';

// The person-model layer alone (no FHIR): 10,000 people in well under a second. Slots 0..2 hold the
// forced demo patients, so the sample starts at 3.
const N = 10_000;
const window = makeWindow('2026-11-01');
const people: Person[] = Array.from({ length: N }, (_, i) => samplePerson(2024, i + 3, window));

/**
 * Stated tolerance: the observed prevalence is within 3 binomial standard errors plus 10% of the
 * target, where the target is the cited age/sex-specific prevalence averaged over the sampled ages
 * and sexes (that is what the model calibrates to).
 */
function tolerance(expected: number, n: number): number {
  return 3 * Math.sqrt((expected * (1 - expected)) / n) + 0.1 * expected;
}

describe('condition prevalence follows the published tables (10,000 people)', () => {
  for (const target of CONDITION_TARGETS) {
    it(`${target.key} (${target.source})`, () => {
      const expected =
        people.reduce((s, p) => s + targetPrevalence(target.key, p.age, p.sex), 0) / N;
      const observed =
        people.filter((p) => p.conditions.some((c) => c.key === target.key)).length / N;
      expect(Math.abs(observed - expected)).toBeLessThanOrEqual(tolerance(expected, N));
    });
  }

  it('social needs among adults match the AHC screening rates', () => {
    const adults = people.filter((p) => p.age >= 18);
    for (const [key, { rate }] of Object.entries(SOCIAL_NEED_TARGETS)) {
      const observed =
        adults.filter((p) => p.socialNeeds.some((n) => n.key === key)).length / adults.length;
      expect(Math.abs(observed - rate), key).toBeLessThanOrEqual(tolerance(rate, adults.length));
    }
  });
});

describe('multimorbidity clusters in the old, the poor and the already ill', () => {
  const mean = (list: Person[]): number =>
    list.reduce((s, p) => s + p.conditions.length, 0) / list.length;

  it('poorer people carry more conditions than richer people of the same age band', () => {
    const band = people.filter((p) => p.age >= 45 && p.age < 65);
    expect(mean(band.filter((p) => p.deprivation > 1))).toBeGreaterThan(
      1.3 * mean(band.filter((p) => p.deprivation < -1)),
    );
  });

  it('older people carry more conditions', () => {
    expect(mean(people.filter((p) => p.age >= 75))).toBeGreaterThan(
      2 * mean(people.filter((p) => p.age >= 18 && p.age < 45)),
    );
  });

  it('conditions co-occur: diabetes is commoner among people with heart failure', () => {
    const has = (p: Person, key: string): boolean => p.conditions.some((c) => c.key === key);
    const older = people.filter((p) => p.age >= 60);
    const withHf = older.filter((p) => has(p, 'heart-failure'));
    const rate = (list: Person[]): number =>
      list.filter((p) => has(p, 'diabetes')).length / list.length;
    expect(rate(withHf)).toBeGreaterThan(1.3 * rate(older));
  });
});
