/**
 * Balance diagnostics: the standardised mean difference of each covariate, (mean enrolled −
 * mean comparison) / √((s²enrolled + s²comparison) / 2), before and after matching (Austin PC,
 * "Balance diagnostics for comparing the distribution of baseline covariates between treatment
 * groups in propensity-score matched samples", Stat Med 2009;28:3083–3107). The denominator is
 * the one before matching for both, so a change is a change of the means, not of the spread;
 * |SMD| < 0.1 is the usual target.
 */
import type { BalanceRow } from '@careweave/contract';
import { COVARIATES } from './covariates.js';

interface Moments {
  mean: number;
  variance: number;
}

function moments(
  rows: readonly (readonly number[])[],
  j: number,
  weights?: readonly number[],
): Moments {
  let w = 0;
  let sum = 0;
  rows.forEach((r, i) => {
    const wi = weights?.[i] ?? 1;
    w += wi;
    sum += wi * (r[j] ?? 0);
  });
  const mean = w > 0 ? sum / w : 0;
  let ss = 0;
  rows.forEach((r, i) => {
    ss += (weights?.[i] ?? 1) * ((r[j] ?? 0) - mean) ** 2;
  });
  return { mean, variance: w > 1 ? ss / (w - 1) : 0 };
}

function smd(difference: number, sd: number): number {
  if (sd > 0) return difference / sd;
  return difference === 0 ? 0 : Math.sign(difference);
}

/** Groups compared before and after matching; comparison rows after matching carry weights. */
export interface BalanceInput {
  treatedBefore: readonly (readonly number[])[];
  controlBefore: readonly (readonly number[])[];
  treatedAfter: readonly (readonly number[])[];
  controlAfter: readonly (readonly number[])[];
  /** Weight of each comparison row after matching (1 / comparison people in its set). */
  controlAfterWeights: readonly number[];
}

/** One row per covariate (order of `COVARIATES`). */
export function balanceTable(input: BalanceInput): BalanceRow[] {
  return COVARIATES.map((c, j) => {
    const tb = moments(input.treatedBefore, j);
    const cb = moments(input.controlBefore, j);
    const ta = moments(input.treatedAfter, j);
    const ca = moments(input.controlAfter, j, input.controlAfterWeights);
    let sd = Math.sqrt((tb.variance + cb.variance) / 2);
    if (!(sd > 0)) sd = Math.sqrt((ta.variance + ca.variance) / 2);
    return {
      covariate: c.key,
      label: c.label,
      treatedMeanBefore: tb.mean,
      controlMeanBefore: cb.mean,
      smdBefore: smd(tb.mean - cb.mean, sd),
      treatedMeanAfter: ta.mean,
      controlMeanAfter: ca.mean,
      smdAfter: smd(ta.mean - ca.mean, sd),
    };
  });
}
