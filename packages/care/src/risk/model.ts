/**
 * The learned model: probability of an unplanned (emergency) hospital admission in the next
 * 12 months, a ridge logistic regression on risk factors taken from the FHIR data alone, with
 * per-person explanations (each factor's contribution to the log-odds relative to the average
 * person of the training population, in words).
 */
import { GROUP_LABEL, SENSITIVE_NEEDS, SOCIAL_NEED_LABEL } from './conditions.js';
import { LAB_THRESHOLDS, type RiskFactors } from './features.js';
import { expit, fitLogistic, linearPredictor } from './logistic.js';

/** One model input: its value, and the words and evidence shown when it raises a person's risk. */
interface FeatureSpec {
  key: string;
  /** Whether the factor, as explained for this person, would disclose sensitive records. */
  sensitive?: (f: RiskFactors) => boolean;
  value(f: RiskFactors): number;
  words(f: RiskFactors): string;
  basis(f: RiskFactors): string[];
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
const obs = (m: { id: string } | undefined): string[] => (m ? [`Observation/${m.id}`] : []);
const cond = (
  f: RiskFactors,
  ...groups: Parameters<RiskFactors['conditionIds']['get']>[0][]
): string[] => groups.map((g) => f.conditionIds.get(g)).filter((r): r is string => r !== undefined);

/** The model's inputs, in coefficient order. */
export const FEATURES: readonly FeatureSpec[] = [
  {
    key: 'age-over-50',
    value: (f) => Math.max(0, (f.age - 50) / 10),
    words: (f) => `age ${f.age}`,
    basis: () => [],
  },
  {
    key: 'long-term-conditions',
    value: (f) => Math.min(8, f.chronicCount),
    words: (f) => plural(f.chronicCount, 'long-term condition'),
    basis: (f) => [...f.conditionIds.values()],
  },
  {
    key: 'diabetes-poor-control',
    value: (f) =>
      f.groups.has('diabetes') && (f.hba1c?.value ?? 0) > LAB_THRESHOLDS.hba1cPoorControl ? 1 : 0,
    words: (f) => `HbA1c ${f.hba1c?.value ?? '?'}%`,
    basis: (f) => [...obs(f.hba1c), ...cond(f, 'diabetes')],
  },
  {
    key: 'heart-failure',
    value: (f) => (f.groups.has('heart-failure') ? 1 : 0),
    words: () => GROUP_LABEL['heart-failure'],
    basis: (f) => cond(f, 'heart-failure'),
  },
  {
    key: 'heart-failure-low-sodium',
    value: (f) => (f.groups.has('heart-failure') && (f.sodium?.value ?? 140) < 135 ? 1 : 0),
    words: (f) => `sodium ${f.sodium?.value ?? '?'} mmol/L with heart failure`,
    basis: (f) => obs(f.sodium),
  },
  {
    key: 'copd',
    value: (f) => (f.groups.has('copd') ? 1 : 0),
    words: () => GROUP_LABEL.copd,
    basis: (f) => cond(f, 'copd'),
  },
  {
    key: 'advanced-ckd',
    value: (f) => (f.advancedCkd ? 1 : 0),
    words: (f) =>
      f.egfr?.value != null && f.egfr.value < LAB_THRESHOLDS.egfrSevere
        ? `eGFR ${f.egfr.value}`
        : 'CKD stage 4–5',
    basis: (f) => [...cond(f, 'ckd'), ...obs(f.egfr)],
  },
  {
    key: 'mental-with-physical-illness',
    sensitive: () => true,
    value: (f) => (f.mentalWithPhysical ? 1 : 0),
    words: (f) =>
      f.phq9?.value != null && f.phq9.value >= LAB_THRESHOLDS.phq9Moderate
        ? `depression (PHQ-9 ${f.phq9.value}) with physical illness`
        : 'depression with physical illness',
    basis: (f) => [...cond(f, 'depression'), ...obs(f.phq9)],
  },
  {
    key: 'substance-use',
    sensitive: () => true,
    value: (f) => (f.groups.has('alcohol-use') || f.groups.has('opioid-use') ? 1 : 0),
    words: (f) =>
      (['alcohol-use', 'opioid-use'] as const)
        .filter((g) => f.groups.has(g))
        .map((g) => GROUP_LABEL[g])
        .join(', '),
    basis: (f) => cond(f, 'alcohol-use', 'opioid-use'),
  },
  {
    key: 'dementia',
    value: (f) => (f.groups.has('dementia') ? 1 : 0),
    words: () => GROUP_LABEL.dementia,
    basis: (f) => cond(f, 'dementia'),
  },
  {
    key: 'cancer',
    value: (f) => (f.groups.has('cancer') ? 1 : 0),
    words: () => GROUP_LABEL.cancer,
    basis: (f) => cond(f, 'cancer'),
  },
  {
    key: 'social-needs',
    sensitive: (f) => [...f.socialNeeds.keys()].every((n) => SENSITIVE_NEEDS.has(n)),
    value: (f) => Math.min(4, f.socialNeeds.size),
    words: (f) =>
      [...f.socialNeeds.keys()]
        .filter((n) => !SENSITIVE_NEEDS.has(n))
        .map((n) => SOCIAL_NEED_LABEL[n])
        .join(', '),
    basis: (f) =>
      [...f.socialNeeds.entries()].filter(([n]) => !SENSITIVE_NEEDS.has(n)).map(([, ref]) => ref),
  },
  {
    key: 'admissions-12m',
    value: (f) => Math.min(3, f.admissions12m.length),
    words: (f) => `${plural(f.admissions12m.length, 'admission')} in 12 months`,
    basis: (f) => f.admissions12m.map((s) => `Encounter/${s.id}`),
  },
  {
    key: 'ed-visits-12m',
    value: (f) => Math.min(5, f.edVisits12m.length),
    words: (f) => `${plural(f.edVisits12m.length, 'ED visit')} in 12 months`,
    basis: (f) => f.edVisits12m.map((v) => `Encounter/${v.id}`),
  },
  {
    key: 'recent-discharge',
    value: (f) => (f.daysSinceDischarge <= 30 ? 1 : 0),
    words: (f) => `discharged ${plural(Math.max(0, Math.round(f.daysSinceDischarge)), 'day')} ago`,
    basis: (f) => f.admissions12m.slice(-1).map((s) => `Encounter/${s.id}`),
  },
];

/** A fitted admission model (serialisable: stored with each stratification run). */
export interface AdmissionModel {
  version: string;
  features: string[];
  intercept: number;
  coefficients: number[];
  /** Feature means of the training population (the reference for explanations). */
  means: number[];
  trainedOn: { people: number; events: number; from: string; to: string } | 'default';
}

/** The model's version as its Provenance records it: the method and the year it was fitted on. */
export function modelVersion(model: AdmissionModel): string {
  return model.trainedOn === 'default'
    ? `${model.version}@default`
    : `${model.version}@${model.trainedOn.from}..${model.trainedOn.to}`;
}

/** The model's feature vector of a person. */
export function featureVector(f: RiskFactors): number[] {
  return FEATURES.map((s) => s.value(f));
}

/** Fits the model on (factors at T, admitted in [T, T + 12 months)) pairs. */
export function trainAdmissionModel(
  examples: readonly { factors: RiskFactors; admitted: boolean }[],
  period: { from: string; to: string },
  lambda = 1,
): AdmissionModel {
  const x = examples.map((e) => featureVector(e.factors));
  const y = examples.map((e): number => (e.admitted ? 1 : 0));
  const fit = fitLogistic(x, y, { lambda });
  const means = FEATURES.map(
    (_, j) => x.reduce((s, r) => s + (r[j] ?? 0), 0) / Math.max(1, x.length),
  );
  return {
    version: 'ridge-logistic-1',
    features: FEATURES.map((s) => s.key),
    intercept: fit.intercept,
    coefficients: fit.coefficients,
    means,
    trainedOn: { people: examples.length, events: y.reduce((s, v) => s + v, 0), ...period },
  };
}

/** One explained factor of a person's risk. */
export interface RiskFactorExplanation {
  key: string;
  text: string;
  /** Contribution to the log-odds relative to the training population's average person. */
  weight: number;
  basis: string[];
}

/** A person's predicted probability and the factors that raise it most, in words. */
export interface AdmissionPrediction {
  probability: number;
  /** The strongest factors that disclose nothing sensitive. */
  factors: RiskFactorExplanation[];
  /** Whether a sensitive factor (behavioural health, substance use, safety) was left unsaid. */
  withheld: boolean;
}

/**
 * Predicts and explains: up to `maxFactors` factors that add at least `minWeight` to the
 * log-odds, strongest first. Sensitive factors are never put in words (see SENSITIVE_GROUPS);
 * `withheld` says that one would have been among them.
 */
export function predictAdmission(
  model: AdmissionModel,
  f: RiskFactors,
  maxFactors = 5,
  minWeight = 0.05,
): AdmissionPrediction {
  const byKey = new Map(FEATURES.map((s) => [s.key, s]));
  const x = model.features.map((k) => byKey.get(k)?.value(f) ?? 0);
  const probability = expit(linearPredictor(model, x));
  const ranked: (RiskFactorExplanation & { sensitive: boolean })[] = [];
  model.features.forEach((key, j) => {
    const weight = (model.coefficients[j] ?? 0) * ((x[j] ?? 0) - (model.means[j] ?? 0));
    const spec = byKey.get(key);
    if (spec && weight >= minWeight && (x[j] ?? 0) > 0) {
      const sensitive = spec.sensitive?.(f) ?? false;
      ranked.push({
        key,
        text: sensitive ? '' : spec.words(f),
        weight,
        basis: sensitive ? [] : spec.basis(f),
        sensitive,
      });
    }
  });
  ranked.sort((a, b) => b.weight - a.weight);
  const top = ranked.slice(0, maxFactors + 1);
  return {
    probability,
    factors: ranked
      .filter((r) => !r.sensitive)
      .slice(0, maxFactors)
      .map(({ key, text, weight, basis }) => ({ key, text, weight, basis })),
    withheld: top.some((r) => r.sensitive),
  };
}
