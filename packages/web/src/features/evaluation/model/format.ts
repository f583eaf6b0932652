/** Words and numbers of the evaluation page: pure, so they are tested without a browser. */
import type { ProgrammeEvaluation } from '../api';

/** The SMD below which a covariate counts as balanced (Austin 2009). */
export const SMD_TARGET = 0.1;

const pct = (x: number): string => `${(Math.abs(x) * 100).toFixed(1)}%`;

/** "12.0% fewer", "5.0% more", "no change". */
export function effectWords(reduction: number): string {
  if (Math.abs(reduction) < 0.0005) return 'no change';
  return reduction > 0 ? `${pct(reduction)} fewer` : `${pct(reduction)} more`;
}

/** The interval in words, as reductions: "3.1% fewer to 20.2% fewer". */
export function intervalWords([low, high]: [number, number]): string {
  return `${effectWords(low)} to ${effectWords(high)}`;
}

/** Whether the interval rules out "no effect". */
export function verdict(
  e: Pick<ProgrammeEvaluation, 'ci95'>,
): 'reduction' | 'increase' | 'unclear' {
  if (e.ci95[0] > 0) return 'reduction';
  if (e.ci95[1] < 0) return 'increase';
  return 'unclear';
}

/** A rate per member-month with sensible precision ($ for cost). */
export function formatRate(value: number, outcome: ProgrammeEvaluation['outcome']): string {
  if (!Number.isFinite(value)) return '—';
  if (outcome === 'cost') return `$${value.toFixed(0)}`;
  return value.toFixed(4);
}

/** A covariate mean: whole numbers as they are, fractions to two places. */
export function formatMean(value: number): string {
  return Math.abs(value) >= 100 ? value.toFixed(0) : value.toFixed(2);
}

/** "Q−1", "Q+0" … for the event study's axis. */
export function quarterLabel(q: number): string {
  return q < 0 ? `Q${q}` : `Q+${q}`;
}
