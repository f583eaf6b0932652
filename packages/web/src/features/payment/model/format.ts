import type { AttributionChange, SavingsOutcome } from '@careweave/contract';

/** US dollars with cents and thousands separators; a minus sign before the dollar sign. */
export function formatUsd(value: number): string {
  const abs = Math.abs(value).toLocaleString('en-US', {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  });
  return `${value < 0 ? '-' : ''}$${abs}`;
}

/** A fraction as a percentage with one decimal. */
export const formatPercent = (value: number): string => `${(value * 100).toFixed(1)}%`;

/** The outcome of the shared-savings calculation in words (never colour alone). */
export const OUTCOME_LABEL: Readonly<Record<SavingsOutcome, string>> = {
  earned: 'Savings earned',
  'cap-hit': 'Earned, capped',
  'msr-not-met': 'Minimum savings rate not met',
  'quality-gate-failed': 'Quality gate failed',
  'no-savings': 'No savings',
};

export const OUTCOME_COLOR: Readonly<Record<SavingsOutcome, string>> = {
  earned: 'teal',
  'cap-hit': 'teal',
  'msr-not-met': 'yellow',
  'quality-gate-failed': 'red',
  'no-savings': 'gray',
};

/** Why an attribution changed, in words. */
export const CHANGE_LABEL: Readonly<Record<AttributionChange, string>> = {
  new: 'New',
  unchanged: 'Unchanged',
  'plurality-shift': 'Another practitioner now has most visits',
  'tie-break': 'Tie broken by the most recent visit',
  'no-visits-in-lookback': 'No visit left in the look-back',
};

/** `YYYY-MM..YYYY-MM`, one month, or empty (the server's default); else null. */
export function parsePeriodInput(text: string): string | null {
  const value = text.trim();
  if (value === '') return '';
  return /^\d{4}-(0[1-9]|1[0-2])(\.\.\d{4}-(0[1-9]|1[0-2]))?$/.test(value) ? value : null;
}
