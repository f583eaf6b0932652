/**
 * Discrimination and calibration of risk predictions, as recommended for clinical prediction
 * models by the TRIPOD statement (Collins GS et al., BMJ 2015;350:g7594) and Steyerberg EW,
 * Clinical Prediction Models, 2nd ed. 2019, ch. 15: AUC (c-statistic), Brier score, calibration
 * slope (the coefficient of logit(p) in a logistic regression of the outcome on it; 1 is ideal,
 * < 1 means predictions too extreme), observed/expected ratio and a grouped calibration plot.
 */
import { fitLogistic, logit } from './logistic.js';

/**
 * Area under the ROC curve, by the Mann–Whitney U statistic with mid-ranks for ties
 * (Hanley JA, McNeil BJ, Radiology 1982;143:29–36). Scores may be any numbers (not only probabilities).
 */
export function auc(scores: readonly number[], outcomes: readonly number[]): number {
  const order = scores.map((s, i) => [s, outcomes[i] ?? 0] as const).sort((a, b) => a[0] - b[0]);
  let positives = 0;
  let rankSum = 0;
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j < order.length && order[j]?.[0] === order[i]?.[0]) j++;
    const midRank = (i + 1 + j) / 2;
    for (let m = i; m < j; m++) {
      if (order[m]?.[1] === 1) {
        positives++;
        rankSum += midRank;
      }
    }
    i = j;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Mean squared difference between predicted probability and outcome (Brier 1950). */
export function brier(p: readonly number[], outcomes: readonly number[]): number {
  return p.reduce((s, x, i) => s + (x - (outcomes[i] ?? 0)) ** 2, 0) / Math.max(1, p.length);
}

/** Calibration slope and intercept: `y ~ a + b · logit(p)` by maximum likelihood. */
export function calibrationFit(
  p: readonly number[],
  outcomes: readonly number[],
): { slope: number; intercept: number } {
  const fit = fitLogistic(
    p.map((x) => [logit(x)]),
    outcomes,
    { lambda: 0 },
  );
  return { slope: fit.coefficients[0] ?? Number.NaN, intercept: fit.intercept };
}

/** One group of a calibration plot. */
export interface CalibrationBin {
  n: number;
  meanPredicted: number;
  observed: number;
}

/** Groups people into `groups` equal-sized bins by predicted risk (deciles by default). */
export function calibrationBins(
  p: readonly number[],
  outcomes: readonly number[],
  groups = 10,
): CalibrationBin[] {
  const order = p.map((x, i) => [x, outcomes[i] ?? 0] as const).sort((a, b) => a[0] - b[0]);
  const bins: CalibrationBin[] = [];
  for (let g = 0; g < groups; g++) {
    const slice = order.slice(
      Math.floor((g * order.length) / groups),
      Math.floor(((g + 1) * order.length) / groups),
    );
    if (slice.length === 0) continue;
    bins.push({
      n: slice.length,
      meanPredicted: slice.reduce((s, [x]) => s + x, 0) / slice.length,
      observed: slice.reduce((s, [, y]) => s + y, 0) / slice.length,
    });
  }
  return bins;
}

/** Everything reported for one set of predictions. */
export interface PredictionMetrics {
  n: number;
  events: number;
  auc: number;
  brier: number;
  calibrationSlope: number;
  calibrationIntercept: number;
  /** Observed events / sum of predicted probabilities. */
  observedExpected: number;
  bins: CalibrationBin[];
}

/** AUC, Brier, calibration slope/intercept, O/E and decile bins of probabilities. */
export function predictionMetrics(
  p: readonly number[],
  outcomes: readonly number[],
): PredictionMetrics {
  const events = outcomes.reduce((s, y) => s + y, 0);
  const cal = calibrationFit(p, outcomes);
  return {
    n: p.length,
    events,
    auc: auc(p, outcomes),
    brier: brier(p, outcomes),
    calibrationSlope: cal.slope,
    calibrationIntercept: cal.intercept,
    observedExpected:
      events /
      Math.max(
        1e-12,
        p.reduce((s, x) => s + x, 0),
      ),
    bins: calibrationBins(p, outcomes),
  };
}
