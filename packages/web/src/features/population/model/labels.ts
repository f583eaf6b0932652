import { isTier, TIER_LABEL } from '../api';

/** Readable names of the queue's condition keys (care/risk/population.ts CANDIDATE_FILTERS). */
const CONDITION_LABEL: Readonly<Record<string, string>> = {
  hypertension: 'Hypertension',
  diabetes: 'Diabetes',
  'heart-failure': 'Heart failure',
  copd: 'COPD',
  asthma: 'Asthma',
  ckd: 'Chronic kidney disease',
  dementia: 'Dementia',
  cancer: 'Cancer',
};

/** Readable names of social needs (care/risk SOCIAL_NEED_LABEL). */
const NEED_LABEL: Readonly<Record<string, string>> = {
  food: 'Food insecurity',
  housing: 'Housing instability',
  transport: 'Transport insecurity',
  utilities: 'Utility insecurity',
};

const capitalise = (s: string): string =>
  s ? s[0]?.toUpperCase() + s.slice(1).replace(/-/g, ' ') : s;

export const conditionLabel = (key: string): string => CONDITION_LABEL[key] ?? capitalise(key);
export const needLabel = (key: string): string => NEED_LABEL[key] ?? capitalise(key);
export const tierLabel = (tier: string): string => (isTier(tier) ? TIER_LABEL[tier] : tier);

/** Mantine colours of the tiers; the label always says the tier too (colour is never the only signal). */
export const TIER_COLOR: Readonly<Record<string, string>> = {
  'very-high': 'red',
  high: 'orange',
  rising: 'yellow',
  low: 'gray',
};

/** A probability as a whole percentage ("34%"; "<1%" rather than a misleading 0%). */
export function percent(p: number): string {
  const n = Math.round(p * 100);
  return n === 0 && p > 0 ? '<1%' : `${n}%`;
}
