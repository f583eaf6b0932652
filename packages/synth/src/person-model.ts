/**
 * The person model: who someone is (age, sex, deprivation), which conditions and social needs they
 * carry, and how well controlled they are — with no FHIR in sight, so prevalence can be tested on
 * 10,000 people in milliseconds and serialisation can change without touching the epidemiology.
 */
import {
  CONDITION_TARGETS,
  conditionProbability,
  socialNeedProbability,
  type ConditionKey,
  type DiabetesComplication,
  type Sex,
  type SocialNeedKey,
} from './prevalence.js';
import { clamp, expit, logit, Rng } from './random.js';
import { addYears, type Window } from './time.js';
import { DEMO_PATIENT_PROFILES } from './demo-profiles.js';

/** One condition a person carries, with the day it was first recorded. */
export interface ConditionState {
  key: ConditionKey;
  onsetDay: number;
}

/** One social need, with when it began and (if it did) when it was resolved. */
export interface SocialNeedState {
  key: SocialNeedKey;
  onsetDay: number;
  resolvedDay?: number;
  /** For housing: literally homeless rather than at risk of losing housing. */
  homeless?: boolean;
}

/** The payer type used for Coverage. */
export type PayerKind = 'medicare' | 'medicaid' | 'commercial';

/** Everything the later layers need to know about a person; dates are day numbers (time.ts). */
export interface Person {
  index: number;
  /** Set for the fixed demo patients (slots 0..2). */
  demoSlot?: number;
  sex: Sex;
  /** Age in whole years on the asOf day. */
  age: number;
  birthDay: number;
  /** Area deprivation z-score (higher is poorer). */
  deprivation: number;
  /** Latent burden z-score shared by all conditions (0.6 × deprivation + 0.8 × other frailty). */
  latent: number;
  conditions: ConditionState[];
  diabetesComplication?: DiabetesComplication;
  diabetesUncontrolled: boolean;
  hypertensionUncontrolled: boolean;
  /** NYHA class III–IV or recently decompensated. */
  heartFailureSevere: boolean;
  /** GOLD 3–4 / frequent exacerbator. */
  copdSevere: boolean;
  ckdStage?: 3 | 4;
  /** PHQ-9 total at the start of the window (a severity, whether or not depression is coded). */
  phq9Baseline: number;
  /** GAD-7 total at the start of the window. */
  gad7Baseline: number;
  socialNeeds: SocialNeedState[];
  bmi: number;
  payer: PayerKind;
}

// Age mix at asOf: US Census Bureau 2020 Census (DHC) age distribution, re-weighted towards older
// adults because a health system's empanelled, actively-treated population is older than the
// general population. Children are kept (8%) so that the data is not artificially adult-only.
const AGE_BANDS: readonly (readonly [[number, number], number])[] = [
  [[0, 17], 0.08],
  [[18, 29], 0.13],
  [[30, 44], 0.18],
  [[45, 64], 0.3],
  [[65, 74], 0.16],
  [[75, 84], 0.11],
  [[85, 99], 0.04],
];

// Women are a growing share at older ages (Census 2020: ~56% at 65+, ~62% at 85+).
function femaleShare(age: number): number {
  return age >= 85 ? 0.63 : age >= 65 ? 0.55 : 0.51;
}

// Mean years since first recording, so that most conditions predate the window and some are new.
const MEAN_DURATION_YEARS: Readonly<Record<ConditionKey, number>> = {
  hypertension: 10,
  diabetes: 8,
  'heart-failure': 4,
  copd: 7,
  asthma: 12,
  ckd: 5,
  depression: 6,
  anxiety: 6,
  dementia: 3,
  'alcohol-use': 8,
  'opioid-use': 5,
  'breast-cancer': 2,
  'prostate-cancer': 2,
  'lung-cancer': 1.5,
  'colorectal-cancer': 2,
};

/** Conditions counted as chronic physical illness (for "depression with physical illness"). */
export const PHYSICAL_CONDITIONS: ReadonlySet<ConditionKey> = new Set<ConditionKey>([
  'hypertension',
  'diabetes',
  'heart-failure',
  'copd',
  'asthma',
  'ckd',
  'dementia',
  'breast-cancer',
  'prostate-cancer',
  'lung-cancer',
  'colorectal-cancer',
]);

/** True if the person has `key` recorded on or before `day`. */
export function hasCondition(person: Person, key: ConditionKey, day = Infinity): boolean {
  return person.conditions.some((c) => c.key === key && c.onsetDay <= day);
}

/** Conditions recorded on or before `day`. */
export function conditionsAt(person: Person, day: number): ConditionState[] {
  return person.conditions.filter((c) => c.onsetDay <= day);
}

/** Social needs active on `day`. */
export function socialNeedsAt(person: Person, day: number): SocialNeedState[] {
  return person.socialNeeds.filter(
    (n) => n.onsetDay <= day && (n.resolvedDay === undefined || n.resolvedDay > day),
  );
}

function onsetFor(
  rng: Rng,
  key: ConditionKey,
  age: number,
  birthDay: number,
  window: Window,
): number {
  const earliest = addYears(birthDay, key === 'asthma' ? 3 : Math.min(18, Math.max(3, age - 1)));
  const years = rng.exponential(1 / MEAN_DURATION_YEARS[key]);
  const onset = window.asOf - 30 - years * 365.25;
  return Math.floor(Math.max(onset, earliest, window.asOf - 365.25 * 60));
}

/**
 * Draws person `index` for this seed. Each person has an independent stream, so a person's
 * attributes do not depend on how many people are generated or in which order.
 */
export function samplePerson(seed: number, index: number, window: Window): Person {
  const rng = new Rng([seed, 'person', index]);
  const demo = DEMO_PATIENT_PROFILES[index];
  const [ageMin, ageMax] = rng.weighted(AGE_BANDS);
  const age = demo?.age ?? rng.int(ageMin, ageMax);
  const sex: Sex = demo?.sex ?? (rng.chance(femaleShare(age)) ? 'female' : 'male');
  const birthDay = Math.floor(addYears(window.asOf, -age) - rng.uniform(1, 364));
  const deprivation = demo?.deprivation ?? rng.normal();
  const latent = demo?.latent ?? 0.6 * deprivation + 0.8 * rng.normal();

  const conditions: ConditionState[] = [];
  for (const target of CONDITION_TARGETS) {
    const p = conditionProbability(target.key, age, sex, latent);
    const draw = rng.next();
    const present = demo ? demo.conditions.includes(target.key) : draw < p;
    if (present) {
      const onsetDay = onsetFor(rng, target.key, age, birthDay, window);
      // A condition cannot be diagnosed before the age it is first diagnosable at (asthma: 3):
      // a toddler whose earliest onset would fall after "today" does not have it yet.
      if (onsetDay >= window.asOf) {
        continue;
      }
      // Demo patients' conditions all predate the window so that the whole history shows them.
      conditions.push({
        key: target.key,
        onsetDay: demo ? Math.floor(window.start - 365 - (onsetDay % 1000)) : onsetDay,
      });
    }
  }
  const has = (key: ConditionKey): boolean => conditions.some((c) => c.key === key);

  const ckdStage: 3 | 4 | undefined = has('ckd')
    ? (demo?.ckdStage ?? (rng.chance(0.1) ? 4 : 3))
    : undefined;
  let diabetesComplication: DiabetesComplication | undefined;
  if (has('diabetes')) {
    // About a third of adults with diabetes have CKD (CDC CKD Surveillance); other complications add a little.
    const complicated = demo
      ? demo.diabetesComplication !== undefined
      : rng.chance(expit(logit(0.3) + 0.5 * latent));
    if (has('ckd')) {
      diabetesComplication = 'kidney';
    } else if (complicated) {
      diabetesComplication =
        demo?.diabetesComplication ??
        rng.weighted([
          ['neuropathy', 0.6],
          ['retinopathy', 0.4],
        ] as const);
    }
  }
  // Roughly one in five adults with diabetes has HbA1c >= 9% (NHANES 2015–2018, Fang M et al.,
  // N Engl J Med 2021;384:2219); poorer control with deprivation.
  const diabetesUncontrolled =
    has('diabetes') &&
    (demo?.diabetesUncontrolled ?? rng.chance(expit(logit(0.2) + 0.6 * deprivation)));
  // About half of treated hypertension is controlled (NCHS Data Brief 289).
  const hypertensionUncontrolled =
    has('hypertension') &&
    (demo?.hypertensionUncontrolled ?? rng.chance(expit(logit(0.45) + 0.3 * deprivation)));
  const heartFailureSevere =
    has('heart-failure') &&
    (demo?.heartFailureSevere ?? rng.chance(expit(logit(0.3) + 0.4 * latent)));
  const copdSevere =
    has('copd') && (demo?.copdSevere ?? rng.chance(expit(logit(0.25) + 0.4 * latent)));

  const phq9Baseline =
    demo?.phq9 ??
    (has('depression')
      ? 10 + Math.floor(13 * rng.next() ** 1.4)
      : Math.floor(10 * rng.next() ** 2.6));
  const gad7Baseline =
    demo?.gad7 ??
    (has('anxiety') ? 10 + Math.floor(11 * rng.next() ** 1.4) : Math.floor(7 * rng.next() ** 2.6));

  const socialNeeds: SocialNeedState[] = [];
  if (age >= 18) {
    for (const key of ['food', 'housing', 'transport', 'utilities', 'safety'] as const) {
      const present = demo
        ? demo.socialNeeds.includes(key)
        : rng.next() < socialNeedProbability(key, deprivation);
      if (!present) {
        continue;
      }
      const newInWindow = !demo && rng.chance(0.2);
      const onsetDay = Math.floor(
        newInWindow
          ? rng.uniform(window.start, window.asOf - 60)
          : window.start - rng.uniform(30, 1500),
      );
      const need: SocialNeedState = { key, onsetDay };
      if (key === 'housing') {
        need.homeless = demo
          ? demo.homeless === true
          : rng.chance(clamp(0.15 + 0.1 * deprivation, 0.05, 0.4));
      }
      if (!demo && rng.chance(0.25) && onsetDay + 90 < window.asOf - 30) {
        need.resolvedDay = Math.floor(
          rng.uniform(Math.max(onsetDay + 90, window.start), window.asOf - 30),
        );
      }
      socialNeeds.push(need);
    }
  }

  const bmi = clamp(
    rng.normal(28.5, 5.5) + (has('diabetes') ? 2.5 : 0) + (has('hypertension') ? 1.5 : 0),
    16,
    55,
  );
  const payer: PayerKind =
    age >= 65
      ? 'medicare'
      : deprivation > 0.9 || (has('opioid-use') && deprivation > 0.2)
        ? 'medicaid'
        : 'commercial';

  const person: Person = {
    index,
    sex,
    age,
    birthDay,
    deprivation,
    latent,
    conditions,
    diabetesUncontrolled,
    hypertensionUncontrolled,
    heartFailureSevere,
    copdSevere,
    phq9Baseline,
    gad7Baseline,
    socialNeeds,
    bmi: Math.round(bmi * 10) / 10,
    payer,
  };
  if (demo) {
    person.demoSlot = index;
  }
  if (diabetesComplication) {
    person.diabetesComplication = diabetesComplication;
  }
  if (ckdStage) {
    person.ckdStage = ckdStage;
  }
  return person;
}
