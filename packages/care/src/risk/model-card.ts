/**
 * The model card of the learned emergency-admission model, with the source attributes of the ONC
 * HTI-1 final rule's decision-support interventions criterion (45 CFR 170.315(b)(11)(iv)):
 * intended use, inputs, training data, validation, performance overall and by sex, age band, race
 * and ethnicity where recorded, known risks and update cadence — and a fairness audit: the AUC and
 * calibration-slope gaps across subgroups, with the largest named. Numbers come from the same
 * temporal validation as `careweave risk evaluate` (train on the year before last, test on the
 * latest year), so the card and the evaluation report agree.
 */
import type {
  ModelCard,
  ModelCardAttribute,
  ModelCardGap,
  ModelCardGroup,
  ModelCardMetrics,
} from '@careweave/contract';
import { addYears } from './evaluate.js';
import { admittedBetween, riskFactors } from './features.js';
import { auc, brier, calibrationFit } from './metrics.js';
import { FEATURES, modelVersion, predictAdmission, trainAdmissionModel } from './model.js';
import { ageAt, type PersonRecord } from './person.js';

/** Groups smaller than this get no gap computed: their AUC is too noisy to compare. */
export const MIN_GROUP_SIZE = 30;
/** Calibration slopes need at least this many events and non-events. */
const MIN_EVENTS_FOR_SLOPE = 5;

/** Words for each model input (the order of the coefficients). */
const INPUT_LABEL: Readonly<Record<string, string>> = {
  'age-over-50': 'Age (per decade over 50)',
  'long-term-conditions': 'Number of long-term conditions (capped at 8)',
  'diabetes-poor-control': 'Diabetes with HbA1c above target',
  'heart-failure': 'Heart failure',
  'heart-failure-low-sodium': 'Heart failure with low sodium',
  copd: 'COPD',
  'advanced-ckd': 'Advanced chronic kidney disease',
  'mental-with-physical-illness': 'Serious mental illness with a physical long-term condition',
  'substance-use': 'Substance use disorder',
  dementia: 'Dementia',
  cancer: 'Active cancer',
  'social-needs': 'Recorded social needs (food, housing, transport, utilities, safety)',
  'admissions-12m': 'Emergency admissions in the last 12 months',
  'ed-visits-12m': 'ED visits in the last 12 months',
  'recent-discharge': 'Discharged from hospital in the last 30 days',
};

/** Age bands of the card (years at the start of the test year). */
export function ageBand(age: number | undefined): string {
  if (age === undefined) return 'unknown';
  if (age < 18) return '0-17';
  if (age < 45) return '18-44';
  if (age < 65) return '45-64';
  if (age < 75) return '65-74';
  return '75+';
}

/** Administrative sex as recorded (Patient.gender). */
function sexOf(p: PersonRecord): string {
  return p.gender === 'female' || p.gender === 'male' ? p.gender : (p.gender ?? 'unknown');
}

const round = (x: number): number => Math.round(x * 10_000) / 10_000;
const finite = (x: number): number | null => (Number.isFinite(x) ? round(x) : null);

/** Metrics of one set of predictions. */
export function cardMetrics(p: readonly number[], y: readonly number[]): ModelCardMetrics {
  const events = y.reduce((s, v) => s + v, 0);
  const nonEvents = y.length - events;
  const both = events > 0 && nonEvents > 0;
  const slope =
    events >= MIN_EVENTS_FOR_SLOPE && nonEvents >= MIN_EVENTS_FOR_SLOPE
      ? calibrationFit(p, y)
      : undefined;
  const expected = p.reduce((s, v) => s + v, 0);
  return {
    n: p.length,
    events,
    auc: both ? finite(auc(p, y)) : null,
    calibration_slope: slope ? finite(slope.slope) : null,
    calibration_intercept: slope ? finite(slope.intercept) : null,
    brier: round(brier(p, y)),
    observed_expected: expected > 0 ? round(events / expected) : null,
  };
}

/** For each attribute, the largest AUC and calibration-slope gap among groups big enough to compare. */
function gapsOf(groups: readonly ModelCardGroup[]): ModelCardGap[] {
  const out: ModelCardGap[] = [];
  const attributes = [...new Set(groups.map((g) => g.attribute))];
  for (const attribute of attributes) {
    for (const metric of ['auc', 'calibration_slope'] as const) {
      const valued = groups
        .filter((g) => g.attribute === attribute && g.n >= MIN_GROUP_SIZE && g[metric] !== null)
        .map((g) => ({ group: g.group, value: g[metric] as number }));
      if (valued.length < 2) continue;
      valued.sort((a, b) => b.value - a.value || a.group.localeCompare(b.group));
      const highest = valued[0] as { group: string; value: number };
      const lowest = valued[valued.length - 1] as { group: string; value: number };
      out.push({ metric, attribute, highest, lowest, gap: round(highest.value - lowest.value) });
    }
  }
  return out;
}

/** The largest gap, in words. AUC gaps and slope gaps are on different scales: AUC gaps rank first. */
function largestGap(gaps: readonly ModelCardGap[]): ModelCard['fairness']['largest_gap'] {
  const pick = (metric: ModelCardGap['metric']): ModelCardGap | undefined =>
    [...gaps].filter((g) => g.metric === metric).sort((a, b) => b.gap - a.gap)[0];
  const g = pick('auc') ?? pick('calibration_slope');
  if (!g) return null;
  const what = g.metric === 'auc' ? 'AUC' : 'calibration slope';
  return {
    ...g,
    statement: `Largest gap: ${what} by ${g.attribute.replace('_', ' ')} — ${g.highest.group} ${g.highest.value.toFixed(3)} vs ${g.lowest.group} ${g.lowest.value.toFixed(3)} (gap ${g.gap.toFixed(3)})`,
  };
}

/** Optional recorded race and ethnicity per person id (absent: not recorded). */
export interface CardDemographics {
  race?: ReadonlyMap<string, string>;
  ethnicity?: ReadonlyMap<string, string>;
}

/**
 * Builds the card from the population's records. `asOf` is the end of the data (exclusive):
 * the model is trained on [asOf − 2y, asOf − 1y) and validated on [asOf − 1y, asOf).
 */
export function buildModelCard(
  persons: ReadonlyMap<string, PersonRecord>,
  asOf: number,
  options: { lambda?: number; demographics?: CardDemographics; generatedAt?: Date } = {},
): ModelCard {
  const iso = (t: number): string => new Date(t).toISOString().slice(0, 10);
  const tTest = addYears(asOf, -1);
  const tTrain = addYears(asOf, -2);
  const alive = (t: number): PersonRecord[] =>
    [...persons.values()].filter((p) => p.birth !== undefined && p.birth < t && !p.deceased);
  const train = alive(tTrain).map((p) => ({
    factors: riskFactors(p, tTrain),
    admitted: admittedBetween(p, tTrain, tTest),
  }));
  const model = trainAdmissionModel(
    train,
    { from: iso(tTrain), to: iso(tTest) },
    options.lambda ?? 1,
  );
  const test = alive(tTest).map((p) => {
    const factors = riskFactors(p, tTest);
    return {
      person: p,
      factors,
      p: predictAdmission(model, factors).probability,
      y: admittedBetween(p, tTest, asOf) ? 1 : 0,
    };
  });
  const p = test.map((t) => t.p);
  const y = test.map((t) => t.y);

  const attributeOf: [ModelCardAttribute, (t: (typeof test)[number]) => string | undefined][] = [
    ['sex', (t) => sexOf(t.person)],
    ['age_band', (t) => ageBand(ageAt(t.person, tTest))],
  ];
  const notRecorded: ModelCardAttribute[] = [];
  for (const attr of ['race', 'ethnicity'] as const) {
    const map = options.demographics?.[attr];
    if (map && test.some((t) => map.has(t.person.id))) {
      attributeOf.push([attr, (t) => map.get(t.person.id) ?? 'not recorded']);
    } else {
      notRecorded.push(attr);
    }
  }
  const byGroup: ModelCardGroup[] = [];
  for (const [attribute, of] of attributeOf) {
    const groups = new Map<string, number[]>();
    test.forEach((t, i) => {
      const g = of(t) ?? 'unknown';
      groups.set(g, [...(groups.get(g) ?? []), i]);
    });
    for (const [group, idx] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
      byGroup.push({
        attribute,
        group,
        ...cardMetrics(
          idx.map((i) => p[i] ?? 0),
          idx.map((i) => y[i] ?? 0),
        ),
      });
    }
  }
  const gaps = gapsOf(byGroup);
  const trainEvents = train.filter((t) => t.admitted).length;
  const testEvents = y.reduce((s, v) => s + v, 0);
  const baselineAuc = (score: (t: (typeof test)[number]) => number): number | null =>
    testEvents > 0 && testEvents < test.length ? finite(auc(test.map(score), y)) : null;
  return {
    name: 'Careweave emergency-admission risk model',
    version: modelVersion(model),
    developer: 'Careweave (open source); operated by the deploying care network',
    intended_use:
      'Ranks adults in an integrated-care network by their probability of an unplanned (emergency) hospital admission in the next 12 months, so care coordinators can target outreach and enrolment. Supports, never replaces, a clinician’s judgement; every score shows its top factors in words and can be overridden with a reason.',
    out_of_scope_use:
      'Not validated for children, for decisions to deny or ration care, for insurance pricing, or for predicting death or a specific diagnosis.',
    inputs: FEATURES.map((f) => ({ key: f.key, label: INPUT_LABEL[f.key] ?? f.key })),
    training_data: {
      description:
        'The network’s own records (conditions, hospital and ED encounters, labs, social-needs screening) at the start of the training year; outcome: any unplanned inpatient admission in the following 12 months.',
      from: iso(tTrain),
      to: iso(tTest),
      people: train.length,
      events: trainEvents,
    },
    validation: {
      method:
        'Temporal validation on the same network: factors at the start of the latest year, outcome in that year; ridge-penalised logistic regression refitted on the year before.',
      from: iso(tTest),
      to: iso(asOf),
      people: test.length,
      events: testEvents,
    },
    performance: {
      overall: cardMetrics(p, y),
      by_group: byGroup,
      baselines: {
        lace: { auc: baselineAuc((t) => t.factors.laceStyle) },
        charlson: { auc: baselineAuc((t) => t.factors.charlson1987) },
      },
    },
    fairness: {
      gaps,
      largest_gap: largestGap(gaps),
      min_group_size: MIN_GROUP_SIZE,
      not_recorded: notRecorded,
    },
    known_risks: [
      'Learns from recorded utilisation: people who use hospitals less for the same need (access barriers, distance, distrust) are scored lower than their need — check the subgroup gaps below.',
      'Conditions not coded in the record (undiagnosed, or recorded only in free text) are invisible to it.',
      'Calibrated to this network’s recent year: after a change in admission practice, coding or population, probabilities drift until the next refit.',
      'Sensitive conditions (mental health, substance use) are inputs; explanations shown to people without access to them omit those factors.',
      'Race and ethnicity are not inputs; where they are not recorded, fairness by race and ethnicity cannot be audited.',
    ],
    update_cadence:
      'Refitted on every full stratification run (at least yearly, `careweave stratify --full`); scores refreshed nightly by incremental runs; this card is regenerated from the same data on request.',
    generated_at: (options.generatedAt ?? new Date()).toISOString(),
  };
}
