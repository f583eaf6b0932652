import { describe, expect, it } from 'vitest';
import { evaluateAdmissionModel } from './evaluate.js';
import { riskFactors } from './features.js';
import { predictAdmission } from './model.js';
import { buildModelCard } from './model-card.js';
import { renderModelCardMarkdown } from './model-card-report.js';
import type { PersonRecord, Stay } from './person.js';

const DAY = 86_400_000;
const YEAR = 365.25 * DAY;
const AS_OF = Date.parse('2026-11-01T00:00:00Z');

/** A seeded generator (mulberry32), so the population is the same on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A fixed synthetic population: 1,600 adults aged 20–94, half women; each has a hidden frailty;
 * the yearly chance of an emergency admission rises with age and frailty (and is a little higher
 * for men), over the three years before AS_OF — so prior admissions and age predict the next.
 */
function population(): Map<string, PersonRecord> {
  const rnd = random(26);
  const out = new Map<string, PersonRecord>();
  for (let i = 0; i < 1600; i++) {
    const age = 20 + Math.floor(rnd() * 75);
    const gender = i % 2 === 0 ? 'female' : 'male';
    const frailty = rnd() < 0.2 ? 1.6 : 0;
    const yearly =
      1 / (1 + Math.exp(-(-4.2 + 0.035 * (age - 50) + frailty + (gender === 'male' ? 0.2 : 0))));
    const stays: Stay[] = [];
    for (let year = 3; year >= 1; year--) {
      if (rnd() < yearly) {
        const start = AS_OF - year * YEAR + Math.floor(rnd() * 300) * DAY;
        stays.push({
          id: `p${i}-s${year}`,
          start,
          end: start + 4 * DAY,
          acute: true,
          unplanned: true,
          oncology: false,
          procedure: false,
          serviceProvider: null,
        });
      }
    }
    out.set(`p${i}`, {
      id: `p${i}`,
      birth: AS_OF - (age + 0.5) * YEAR,
      gender,
      organization: null,
      deceased: false,
      // The frail have heart failure on record (so Charlson and LACE have something to score).
      conditions:
        frailty > 0
          ? [
              {
                id: `p${i}-hf`,
                codes: ['http://hl7.org/fhir/sid/icd-10-cm|I50.9'],
                groups: new Set(['heart-failure'] as const),
                socialNeed: undefined,
                advancedCkd: false,
                recorded: AS_OF - 5 * YEAR,
                abated: Infinity,
                text: null,
              },
            ]
          : [],
      stays,
      edVisits: [],
      observations: new Map(),
      enrolments: [],
    });
  }
  return out;
}

/** Mann–Whitney AUC by comparing every pair (the independent check of the card's AUC). */
function pairwiseAuc(scores: number[], y: number[]): number {
  let wins = 0;
  let pairs = 0;
  scores.forEach((s, i) => {
    if (y[i] !== 1) return;
    scores.forEach((t, j) => {
      if (y[j] !== 0) return;
      pairs++;
      wins += s > t ? 1 : s === t ? 0.5 : 0;
    });
  });
  return wins / pairs;
}

describe('the model card on a fixed synthetic population', () => {
  const persons = population();
  const card = buildModelCard(persons, AS_OF, { generatedAt: new Date('2026-12-01T00:00:00Z') });

  it('reproduces the temporal validation of `risk evaluate` exactly', () => {
    const report = evaluateAdmissionModel(persons, AS_OF);
    expect(card.performance.overall.n).toBe(report.test.people);
    expect(card.performance.overall.events).toBe(report.test.events);
    expect(card.performance.overall.auc).toBeCloseTo(report.metrics.auc, 4);
    expect(card.performance.overall.calibration_slope).toBeCloseTo(
      report.metrics.calibrationSlope,
      3,
    );
    expect(card.training_data).toMatchObject({
      people: report.train.people,
      events: report.train.events,
    });
  });

  it('each subgroup’s AUC matches a pairwise count over its own people; groups partition the test set', () => {
    const report = evaluateAdmissionModel(persons, AS_OF);
    const tTest = AS_OF - (AS_OF - Date.parse('2025-11-01T00:00:00Z'));
    const people = [...persons.values()];
    for (const sex of ['female', 'male']) {
      const mine = people.filter((p) => p.gender === sex);
      const p = mine.map((m) => predictAdmission(report.model, riskFactors(m, tTest)).probability);
      const y = mine.map((m) => (m.stays.some((s) => s.start >= tTest && s.start < AS_OF) ? 1 : 0));
      const entry = card.performance.by_group.find((g) => g.attribute === 'sex' && g.group === sex);
      expect(entry?.n).toBe(mine.length);
      expect(entry?.auc).toBeCloseTo(pairwiseAuc(p, y), 4);
    }
    for (const attribute of ['sex', 'age_band'] as const) {
      const groups = card.performance.by_group.filter((g) => g.attribute === attribute);
      expect(groups.reduce((s, g) => s + g.n, 0)).toBe(card.performance.overall.n);
    }
  });

  it('has the HTI-1 source attributes, the JSON keys the CLI promises, and the numbers of this population', () => {
    const json = JSON.parse(JSON.stringify(card)) as typeof card;
    for (const g of json.performance.by_group) {
      expect(Object.keys(g)).toEqual(
        expect.arrayContaining(['group', 'n', 'auc', 'calibration_slope']),
      );
    }
    expect(json.performance.by_group.map((g) => `${g.attribute}:${g.group}`)).toEqual([
      'sex:female',
      'sex:male',
      'age_band:18-44',
      'age_band:45-64',
      'age_band:65-74',
      'age_band:75+',
    ]);
    expect(card.fairness.not_recorded).toEqual(['race', 'ethnicity']);
    expect(card.inputs.length).toBeGreaterThan(10);
    expect(card.intended_use).toMatch(/emergency/);
    expect(card.known_risks.length).toBeGreaterThan(2);
    expect(card.update_cadence).toMatch(/Refitted/);
    // The numbers of this population (seed 26), pinned: a change to the model or the card shows here.
    expect({
      auc: card.performance.overall.auc,
      n: card.performance.overall.n,
      events: card.performance.overall.events,
      largest: card.fairness.largest_gap?.statement,
    }).toMatchInlineSnapshot(`
      {
        "auc": 0.7491,
        "events": 65,
        "largest": "Largest gap: AUC by age band — 65-74 0.788 vs 45-64 0.605 (gap 0.182)",
        "n": 1600,
      }
    `);
  });

  it('names the largest gap and prints a Markdown card', () => {
    const gap = card.fairness.largest_gap;
    expect(gap?.metric).toBe('auc');
    expect(gap?.gap).toBeCloseTo((gap?.highest.value ?? 0) - (gap?.lowest.value ?? 0), 4);
    const md = renderModelCardMarkdown(card);
    expect(md).toContain('## Fairness audit');
    expect(md).toContain(gap?.statement ?? '?');
    expect(md).toContain('| sex: female |');
  });

  it('is deterministic', () => {
    expect(
      buildModelCard(persons, AS_OF, { generatedAt: new Date('2026-12-01T00:00:00Z') }),
    ).toEqual(card);
  });
});
