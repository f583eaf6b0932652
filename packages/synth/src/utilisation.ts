/**
 * The true risk of hospital use. These functions ARE the ground truth written to truth.csv: a risk
 * model is scored on how well it recovers them from the FHIR data alone. Every input is
 * something the FHIR data shows (age, coded conditions, HbA1c and NYHA-like severity through
 * observations and admissions, PHQ-9, social-needs screenings, prior admissions and ED visits).
 */
import {
  conditionsAt,
  hasCondition,
  PHYSICAL_CONDITIONS,
  socialNeedsAt,
  type Person,
} from './person-model.js';
import { clamp, expit } from './random.js';
import { ageOn } from './time.js';

/** The coefficients of the admission model, on the logit scale, exported for documentation. */
export const ADMISSION_COEFFICIENTS = {
  intercept: -3.8,
  /** Per decade of age above 50 (below 50 the age effect is flat). */
  agePerDecadeOver50: 0.3,
  /** Per chronic condition recorded. */
  perCondition: 0.3,
  diabetesUncontrolled: 0.6,
  heartFailure: 0.5,
  heartFailureSevere: 0.6,
  copd: 0.4,
  copdSevere: 0.6,
  ckdStage4: 0.5,
  /** Depression (or PHQ-9 >= 10) together with at least one chronic physical condition. */
  depressionWithPhysicalIllness: 0.5,
  substanceUse: 0.5,
  dementia: 0.3,
  cancer: 0.5,
  /** Per active social need. */
  perSocialNeed: 0.25,
  /** Per admission in the previous 12 months (capped at 3). */
  perPriorAdmission: 0.6,
} as const;

/** Coefficients of the log-linear annual ED-visit rate (visits that did not lead to admission). */
export const ED_COEFFICIENTS = {
  intercept: -1.9,
  perCondition: 0.15,
  substanceUse: 0.6,
  depressionOrAnxiety: 0.3,
  perSocialNeed: 0.3,
  deprivation: 0.2,
  /** Young adults and the very old use the ED more. */
  age18to29: 0.25,
  age80plus: 0.3,
  /** Per ED visit in the previous 12 months (capped at 5). */
  perPriorVisit: 0.15,
} as const;

const CANCERS = ['breast-cancer', 'prostate-cancer', 'lung-cancer', 'colorectal-cancer'] as const;

function depressionWithPhysical(person: Person, day: number): boolean {
  const depressed = hasCondition(person, 'depression', day) || person.phq9Baseline >= 10;
  return depressed && conditionsAt(person, day).some((c) => PHYSICAL_CONDITIONS.has(c.key));
}

/**
 * True probability of at least one emergency admission in the 12 months starting `day`, before any
 * programme effect, given the number of admissions in the previous 12 months.
 */
export function admissionProbability(person: Person, day: number, priorAdmissions: number): number {
  const k = ADMISSION_COEFFICIENTS;
  const age = ageOn(person.birthDay, day);
  const has = (key: Parameters<typeof hasCondition>[1]): boolean => hasCondition(person, key, day);
  let x = k.intercept;
  x += k.agePerDecadeOver50 * Math.max(0, (age - 50) / 10);
  x += k.perCondition * conditionsAt(person, day).length;
  if (has('diabetes') && person.diabetesUncontrolled) x += k.diabetesUncontrolled;
  if (has('heart-failure'))
    x += k.heartFailure + (person.heartFailureSevere ? k.heartFailureSevere : 0);
  if (has('copd')) x += k.copd + (person.copdSevere ? k.copdSevere : 0);
  if (has('ckd') && person.ckdStage === 4) x += k.ckdStage4;
  if (depressionWithPhysical(person, day)) x += k.depressionWithPhysicalIllness;
  if (has('alcohol-use') || has('opioid-use')) x += k.substanceUse;
  if (has('dementia')) x += k.dementia;
  if (CANCERS.some((c) => has(c))) x += k.cancer;
  x += k.perSocialNeed * socialNeedsAt(person, day).length;
  x += k.perPriorAdmission * Math.min(3, priorAdmissions);
  return clamp(expit(x), 0.0005, 0.95);
}

/** True expected number of ED visits not leading to admission in the 12 months starting `day`. */
export function edRate(person: Person, day: number, priorEdVisits: number): number {
  const k = ED_COEFFICIENTS;
  const age = ageOn(person.birthDay, day);
  const has = (key: Parameters<typeof hasCondition>[1]): boolean => hasCondition(person, key, day);
  let x = k.intercept;
  x += k.perCondition * conditionsAt(person, day).length;
  if (has('alcohol-use') || has('opioid-use')) x += k.substanceUse;
  if (has('depression') || has('anxiety')) x += k.depressionOrAnxiety;
  x += k.perSocialNeed * socialNeedsAt(person, day).length;
  x += k.deprivation * person.deprivation;
  if (age >= 18 && age < 30) x += k.age18to29;
  if (age >= 80) x += k.age80plus;
  x += k.perPriorVisit * Math.min(5, priorEdVisits);
  return Math.exp(x);
}

/** Annual probability after the programme effect: p × (1 − effect), as recorded in truth.csv. */
export function withProgrammeEffect(p: number, effect: number): number {
  return p * (1 - effect);
}

/** Constant hazard (per day) that gives annual probability p of at least one event. */
export function dailyHazard(p: number): number {
  return -Math.log(1 - p) / 365.25;
}
