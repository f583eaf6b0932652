/**
 * Scoring exactly as published (sources in instruments.ts). Pure functions over item scores:
 * `undefined` is an unanswered item — never a silent zero; each instrument's missing-answer rule
 * decides whether it can still be scored.
 */
import { HRSN_ITEM, INSTRUMENTS, type InstrumentKey } from './instruments.js';

/** PHQ-9 severity bands (Kroenke 2001, Table 3): 0-4, 5-9, 10-14, 15-19, 20-27. */
export type Phq9Band = 'minimal' | 'mild' | 'moderate' | 'moderately severe' | 'severe';
/** GAD-7 severity bands (Spitzer 2006: cut-points 5, 10 and 15). */
export type Gad7Band = 'minimal' | 'mild' | 'moderate' | 'severe';

/** Why an answer set cannot be scored; `item` is the 1-based item number when one item is at fault. */
export class ScoreError extends Error {
  constructor(
    message: string,
    readonly kind: 'impossible-answer' | 'too-few-answers',
    readonly item?: number,
  ) {
    super(message);
    this.name = 'ScoreError';
  }
}

export function phq9Band(score: number): Phq9Band {
  if (score >= 20) return 'severe';
  if (score >= 15) return 'moderately severe';
  if (score >= 10) return 'moderate';
  if (score >= 5) return 'mild';
  return 'minimal';
}

export function gad7Band(score: number): Gad7Band {
  if (score >= 15) return 'severe';
  if (score >= 10) return 'moderate';
  if (score >= 5) return 'mild';
  return 'minimal';
}

/** PHQ-2 ≥ 3 is a positive screen (Kroenke 2003: sensitivity 83%, specificity 92% for major depression). */
export const PHQ2_CUT_POINT = 3;
/** PHQ-9 ≥ 10 is a positive depression screen (Kroenke 2001; Manea 2012 meta-analysis). */
export const PHQ9_POSITIVE = 10;
/** AHC-HRSN interpersonal safety: items 7-10 (HITS) summing to 11 or more is positive (AHC guide, 2017). */
export const HRSN_SAFETY_CUT_POINT = 11;

/**
 * How many unanswered items still allow a prorated total (sum × items / answered, rounded):
 * PHQ-9, at most 2 of 9 (Kroenke K et al. Gen Hosp Psychiatry 2010;32:345-59; Arrieta J et al.
 * J Clin Epidemiol 2017;83:48-56 showed proration with ≤ 2 missing items keeps the PHQ-9 valid);
 * GAD-7, at most 1 of 7 (the same proportion, about one item in five); PHQ-2, none (two items
 * cannot stand for each other).
 */
export const MAX_MISSING: Readonly<Record<'phq9' | 'gad7' | 'phq2', number>> = {
  phq9: 2,
  gad7: 1,
  phq2: 0,
};

export interface FrequencyScore {
  score: number;
  /** 1-based numbers of unanswered items. */
  missing: number[];
  /** The total was prorated from the answered items. */
  prorated: boolean;
}

export interface Phq9Result extends FrequencyScore {
  band: Phq9Band;
  /** Item 9 (thoughts of self-harm) > 0. */
  safety: boolean;
  /** Item 9 was answered (a missing item 9 leaves the safety question open). */
  item9Answered: boolean;
}

export interface Gad7Result extends FrequencyScore {
  band: Gad7Band;
}

export interface Phq2Result extends FrequencyScore {
  positive: boolean;
}

function frequencyScore(
  key: 'phq9' | 'gad7' | 'phq2',
  answers: readonly (number | undefined)[],
): FrequencyScore {
  const instrument = INSTRUMENTS[key];
  const n = instrument.items.length;
  if (answers.length > n) {
    throw new ScoreError(
      `${instrument.title} has ${n} items; got ${answers.length} answers`,
      'impossible-answer',
      n + 1,
    );
  }
  const missing: number[] = [];
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const value = answers[i];
    if (value === undefined) {
      missing.push(i + 1);
      continue;
    }
    if (!Number.isInteger(value) || value < 0 || value > 3) {
      throw new ScoreError(
        `${instrument.title} item ${i + 1} (${instrument.items[i]?.text}) must be 0, 1, 2 or 3; got ${String(value)}`,
        'impossible-answer',
        i + 1,
      );
    }
    sum += value;
  }
  if (missing.length > MAX_MISSING[key]) {
    throw new ScoreError(
      `${instrument.title} cannot be scored: item${missing.length > 1 ? 's' : ''} ${missing.join(', ')} unanswered (at most ${MAX_MISSING[key]} may be missing)`,
      'too-few-answers',
      missing[0],
    );
  }
  const answered = n - missing.length;
  const score = missing.length === 0 ? sum : Math.round((sum * n) / answered);
  return { score, missing, prorated: missing.length > 0 };
}

/** PHQ-9 total 0-27 with its band and the safety item. */
export function scorePhq9(answers: readonly (number | undefined)[]): Phq9Result {
  const base = frequencyScore('phq9', answers);
  const item9 = answers[8];
  return {
    ...base,
    band: phq9Band(base.score),
    safety: item9 !== undefined && item9 > 0,
    item9Answered: item9 !== undefined,
  };
}

/** PHQ-2 total 0-6; positive at ≥ 3. */
export function scorePhq2(answers: readonly (number | undefined)[]): Phq2Result {
  const base = frequencyScore('phq2', answers);
  return { ...base, positive: base.score >= PHQ2_CUT_POINT };
}

/** GAD-7 total 0-21 with its band. */
export function scoreGad7(answers: readonly (number | undefined)[]): Gad7Result {
  const base = frequencyScore('gad7', answers);
  return { ...base, band: gad7Band(base.score) };
}

/** The AHC-HRSN core domains. */
export const HRSN_DOMAINS = [
  'living-situation',
  'food',
  'transportation',
  'utilities',
  'interpersonal-safety',
] as const;
export type HrsnDomain = (typeof HRSN_DOMAINS)[number];
/** A domain is positive, negative, or unknown when unanswered items could still make it positive. */
export type DomainResult = 'positive' | 'negative' | 'unknown';

export interface HrsnResult {
  domains: Record<HrsnDomain, DomainResult>;
  positive: HrsnDomain[];
  /** Sum of the four safety items, when all are answered. */
  safetyScore?: number;
}

/** Item scores of an HRSN response: per item code, the scores of the chosen answers (absent = unanswered). */
export type ItemScores = ReadonlyMap<string, readonly number[]>;

/** Positive when any answered item is positive; negative only when every item was answered and none is. */
function anyPositive(scores: ItemScores, codes: readonly string[]): DomainResult {
  const answered = codes
    .map((c) => scores.get(c))
    .filter((s): s is readonly number[] => s !== undefined && s.length > 0);
  if (answered.some((s) => s.some((v) => v > 0))) return 'positive';
  return answered.length === codes.length ? 'negative' : 'unknown';
}

/**
 * AHC-HRSN positive domains per the CMS rules (AHC Screening Tool guide, 2017): living situation
 * positive when the person is worried about losing their housing or has no steady place, or names
 * any housing problem; food when either food question is "often" or "sometimes true";
 * transportation "yes"; utilities "yes" or "already shut off"; interpersonal safety when the four
 * HITS items (scored 1-5) sum to 11 or more. With items unanswered, a domain is positive only if
 * the answers given already make it so, negative only if no possible answer could, else unknown.
 */
export function scoreHrsn(scores: ItemScores): HrsnResult {
  const I = HRSN_ITEM;
  const domains: Record<HrsnDomain, DomainResult> = {
    'living-situation': anyPositive(scores, [I.livingSituation, I.housingProblems]),
    food: anyPositive(scores, [I.foodWorry, I.foodDidNotLast]),
    transportation: anyPositive(scores, [I.transportation]),
    utilities: anyPositive(scores, [I.utilities]),
    'interpersonal-safety': 'unknown',
  };
  const safety = [I.hurt, I.insult, I.threaten, I.scream].map((c) => scores.get(c)?.[0]);
  const known = safety.filter((v): v is number => v !== undefined);
  const sum = known.reduce((s, v) => s + v, 0);
  const unanswered = safety.length - known.length;
  domains['interpersonal-safety'] =
    sum + unanswered * 1 >= HRSN_SAFETY_CUT_POINT
      ? 'positive'
      : sum + unanswered * 5 < HRSN_SAFETY_CUT_POINT
        ? 'negative'
        : 'unknown';
  const result: HrsnResult = {
    domains,
    positive: HRSN_DOMAINS.filter((d) => domains[d] === 'positive'),
  };
  if (unanswered === 0) result.safetyScore = sum;
  return result;
}

/** The CLI / `$score` summary of a frequency instrument: exactly the JSON shapes. */
export type ScoreSummary =
  | { score: number; band: Phq9Band; safety: boolean }
  | { score: number; band: Gad7Band }
  | { score: number; positive: boolean };

/** Scores `answers` (item scores in order) for a frequency instrument and returns its summary. */
export function scoreFrequency(
  key: Exclude<InstrumentKey, 'ahc-hrsn'>,
  answers: readonly (number | undefined)[],
): ScoreSummary {
  switch (key) {
    case 'phq9': {
      const r = scorePhq9(answers);
      return { score: r.score, band: r.band, safety: r.safety };
    }
    case 'gad7': {
      const r = scoreGad7(answers);
      return { score: r.score, band: r.band };
    }
    case 'phq2': {
      const r = scorePhq2(answers);
      return { score: r.score, positive: r.positive };
    }
  }
}

/**
 * Parses `1,0,2,…` (the CLI's `--answers`) into item scores. Every item must be a whole number
 * 0-3 and the count must match the instrument; the message names the item at fault.
 */
export function parseAnswerList(key: Exclude<InstrumentKey, 'ahc-hrsn'>, text: string): number[] {
  const instrument = INSTRUMENTS[key];
  const n = instrument.items.length;
  const parts = text.split(',').map((p) => p.trim());
  const values = parts.map((p, i) => {
    if (!/^\d+$/.test(p)) {
      throw new ScoreError(
        `${instrument.title} item ${i + 1} must be a number 0-3; got ${JSON.stringify(p)}`,
        'impossible-answer',
        i + 1,
      );
    }
    const v = Number(p);
    if (v > 3) {
      throw new ScoreError(
        `${instrument.title} item ${i + 1} (${instrument.items[i]?.text ?? 'extra item'}) must be 0, 1, 2 or 3; got ${v}`,
        'impossible-answer',
        i + 1,
      );
    }
    return v;
  });
  if (values.length < n) {
    throw new ScoreError(
      `${instrument.title} needs ${n} answers; got ${values.length} (item ${values.length + 1}, ${instrument.items[values.length]?.text}, is missing)`,
      'too-few-answers',
      values.length + 1,
    );
  }
  if (values.length > n) {
    throw new ScoreError(
      `${instrument.title} has ${n} items; got ${values.length} answers (item ${n + 1} does not exist)`,
      'impossible-answer',
      n + 1,
    );
  }
  return values;
}
