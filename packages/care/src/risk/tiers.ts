/**
 * Risk tiers: the population pyramid of integrated care (Kaiser Permanente's triangle; NHS
 * England "Risk stratification" guidance 2015): a few very-high-risk people for case management,
 * high-risk people for care coordination, rising-risk people for prevention, and the rest.
 * The rules are configuration, not code: programmes change them to match their capacity.
 */

import { TIERS, TIER_LABEL, isTier, type Tier } from '@careweave/contract';

export { TIERS, TIER_LABEL, isTier, type Tier };

/** Configurable tier rules; a person gets the highest tier whose rule they meet. */
export interface TierRules {
  veryHigh: {
    /** 12-month admission probability at or above which the tier applies. */
    minProbability: number;
  };
  high: {
    minProbability: number;
    /** Or at least this many unplanned admissions in the last 12 months. */
    minAdmissions12m: number;
  };
  rising: {
    minProbability: number;
    /** Or probability up by at least this fraction since the previous assessment… */
    minRelativeIncrease: number;
    /** …when it is at least this high. */
    minProbabilityForIncrease: number;
    /** Or at least this many long-term conditions together with a social need. */
    minConditionsWithSocialNeed: number;
  };
}

/**
 * Defaults, tuned on the synthetic population (20,000 people, base rate ≈ 7% a year) so that
 * ≈ 2% are very high, ≈ 7% high and ≈ 20% rising — the proportions of the pyramid that case
 * management and care coordination can serve (NHS England 2015: the top 0.5–5%).
 * - very high: probability ≥ 30% (≈ 4× the base rate)
 * - high: probability ≥ 15%, or ≥ 2 unplanned admissions in 12 months
 * - rising: probability ≥ 7% (≈ the base rate), or up ≥ 50% since the last assessment and ≥ 4%,
 *   or ≥ 2 long-term conditions with a social need
 */
export const DEFAULT_TIER_RULES: TierRules = {
  veryHigh: { minProbability: 0.3 },
  high: { minProbability: 0.15, minAdmissions12m: 2 },
  rising: {
    minProbability: 0.07,
    minRelativeIncrease: 0.5,
    minProbabilityForIncrease: 0.04,
    minConditionsWithSocialNeed: 2,
  },
};

/** What the tier rules look at. */
export interface TierInput {
  probability: number;
  previousProbability?: number | undefined;
  admissions12m: number;
  chronicCount: number;
  socialNeeds: number;
}

/** The tier of a person under `rules`. */
export function assignTier(input: TierInput, rules: TierRules = DEFAULT_TIER_RULES): Tier {
  const { probability: p } = input;
  if (p >= rules.veryHigh.minProbability) return 'very-high';
  if (p >= rules.high.minProbability || input.admissions12m >= rules.high.minAdmissions12m)
    return 'high';
  const prev = input.previousProbability;
  const rising =
    p >= rules.rising.minProbability ||
    (prev !== undefined &&
      prev > 0 &&
      p >= rules.rising.minProbabilityForIncrease &&
      p >= prev * (1 + rules.rising.minRelativeIncrease)) ||
    (input.socialNeeds > 0 && input.chronicCount >= rules.rising.minConditionsWithSocialNeed);
  return rising ? 'rising' : 'low';
}

/** Validates a rules object (e.g. from a JSON file): thresholds in [0, 1] and ordered. */
export function parseTierRules(value: unknown): TierRules {
  const merged = mergeRules(value);
  const probs = [
    merged.veryHigh.minProbability,
    merged.high.minProbability,
    merged.rising.minProbability,
    merged.rising.minProbabilityForIncrease,
  ];
  if (probs.some((x) => typeof x !== 'number' || !(x >= 0 && x <= 1))) {
    throw new RangeError('Tier probabilities must be numbers between 0 and 1');
  }
  if (!(
    merged.veryHigh.minProbability >= merged.high.minProbability &&
    merged.high.minProbability >= merged.rising.minProbability
  )) {
    throw new RangeError('Tier probabilities must be ordered: veryHigh ≥ high ≥ rising');
  }
  return merged;
}

function mergeRules(value: unknown): TierRules {
  if (!value || typeof value !== 'object') {
    throw new TypeError('Tier rules must be a JSON object');
  }
  const v = value as Partial<Record<keyof TierRules, object>>;
  return {
    veryHigh: { ...DEFAULT_TIER_RULES.veryHigh, ...v.veryHigh },
    high: { ...DEFAULT_TIER_RULES.high, ...v.high },
    rising: { ...DEFAULT_TIER_RULES.rising, ...v.rising },
  };
}
