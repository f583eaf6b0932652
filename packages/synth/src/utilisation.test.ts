import { describe, expect, it } from 'vitest';
import { simulateHistory, type History } from './history.js';
import { samplePerson, type Person } from './person-model.js';
import { makeWindow } from './time.js';

// Person model + history only (no FHIR), 10,000 people.
const window = makeWindow('2026-11-01');
const cohort: { person: Person; history: History }[] = Array.from({ length: 10_000 }, (_, i) => {
  const person = samplePerson(99, i + 3, window);
  return { person, history: simulateHistory(person, 99, window, 0.12) };
});
const meanOf = (list: typeof cohort, f: (h: History) => number): number =>
  list.reduce((s, x) => s + f(x.history), 0) / list.length;
const admissions = (h: History): number => h.stays.length;

describe('utilisation depends on burden', () => {
  it('people with 3+ conditions are admitted more than twice as often as people with none', () => {
    const none = cohort.filter((x) => x.person.conditions.length === 0);
    const many = cohort.filter((x) => x.person.conditions.length >= 3);
    expect(meanOf(many, admissions)).toBeGreaterThan(2 * meanOf(none, admissions));
  });

  it('ED use rises with social needs', () => {
    const ed = (h: History): number => h.edVisits.length;
    const adults = cohort.filter((x) => x.person.age >= 18);
    expect(
      meanOf(
        adults.filter((x) => x.person.socialNeeds.length >= 2),
        ed,
      ),
    ).toBeGreaterThan(
      1.5 *
        meanOf(
          adults.filter((x) => x.person.socialNeeds.length === 0),
          ed,
        ),
    );
  });

  it('uncontrolled diabetes is admitted more than controlled diabetes', () => {
    const diabetic = cohort.filter((x) => x.person.conditions.some((c) => c.key === 'diabetes'));
    expect(
      meanOf(
        diabetic.filter((x) => x.person.diabetesUncontrolled),
        admissions,
      ),
    ).toBeGreaterThan(
      meanOf(
        diabetic.filter((x) => !x.person.diabetesUncontrolled),
        admissions,
      ),
    );
  });

  it('the truth is true: observed first admissions per year match the recorded probabilities', () => {
    // Whole history years of people never enrolled: P(>= 1 admission) is exactly p by construction.
    const rows = cohort
      .filter((x) => x.history.enrolmentDay === undefined)
      .flatMap((x) => x.history.periods.filter((p) => p.kind === 'history'));
    const expected = rows.reduce((s, r) => s + r.p, 0);
    const observed = rows.filter((r) => r.admissions > 0).length;
    const se = Math.sqrt(rows.reduce((s, r) => s + r.p * (1 - r.p), 0));
    expect(Math.abs(observed - expected)).toBeLessThan(3 * se + 0.05 * expected);
  });

  it('enrols the high-risk: enrolled people had higher admission probability than the rest', () => {
    const p0 = (x: (typeof cohort)[number]): number => x.history.periods[0]?.pWithoutProgramme ?? 0;
    const enrolled = cohort.filter((x) => x.history.enrolmentDay !== undefined);
    const rest = cohort.filter((x) => x.history.enrolmentDay === undefined);
    expect(enrolled.length / cohort.length).toBeGreaterThan(0.04);
    expect(enrolled.length / cohort.length).toBeLessThan(0.15);
    expect(enrolled.reduce((s, x) => s + p0(x), 0) / enrolled.length).toBeGreaterThan(
      3 * (rest.reduce((s, x) => s + p0(x), 0) / rest.length),
    );
  });
});
