/**
 * `GET /api/risk/model-card` and the last line of `careweave risk card`: the model card of the
 * learned emergency-admission model, with the source attributes the ONC HTI-1 decision-support
 * criterion (45 CFR 170.315(b)(11)) lists, and a fairness audit across subgroups.
 */

/** The attributes people are grouped by. Race and ethnicity appear only where recorded. */
export type ModelCardAttribute = 'sex' | 'age_band' | 'race' | 'ethnicity';

/** Discrimination and calibration on one set of people. */
export interface ModelCardMetrics {
  n: number;
  events: number;
  /** Area under the ROC curve; null when the group has no events or no non-events. */
  auc: number | null;
  /** Slope of y ~ logit(p); 1 is perfect; null with fewer than 5 events or non-events. */
  calibration_slope: number | null;
  calibration_intercept: number | null;
  brier: number;
  /** Observed events / expected (sum of predicted probabilities). */
  observed_expected: number | null;
}

/** One subgroup's performance. */
export interface ModelCardGroup extends ModelCardMetrics {
  attribute: ModelCardAttribute;
  group: string;
}

/** The largest difference of a metric across the groups of one attribute. */
export interface ModelCardGap {
  metric: 'auc' | 'calibration_slope';
  attribute: ModelCardAttribute;
  highest: { group: string; value: number };
  lowest: { group: string; value: number };
  gap: number;
}

export interface ModelCard {
  name: string;
  version: string;
  developer: string;
  /** HTI-1: intended use, including the population and the decision it supports. */
  intended_use: string;
  /** HTI-1: uses it is not validated for. */
  out_of_scope_use: string;
  /** HTI-1: the inputs (features), in words. */
  inputs: { key: string; label: string }[];
  /** HTI-1: the training data — what, when, how many. */
  training_data: { description: string; from: string; to: string; people: number; events: number };
  /** HTI-1: external/internal validation — method and the test population. */
  validation: { method: string; from: string; to: string; people: number; events: number };
  performance: {
    overall: ModelCardMetrics;
    by_group: ModelCardGroup[];
    /** Published scores on the same test set, for comparison. */
    baselines: { lace: { auc: number | null }; charlson: { auc: number | null } };
  };
  fairness: {
    /** Per attribute, the largest AUC gap and the largest calibration-slope gap. */
    gaps: ModelCardGap[];
    /** The largest of all, named in words. */
    largest_gap: (ModelCardGap & { statement: string }) | null;
    /** Groups with fewer people than this have no gap computed (too noisy). */
    min_group_size: number;
    /** Attributes the population does not record (no subgroup can be reported). */
    not_recorded: ModelCardAttribute[];
  };
  /** HTI-1: known risks, limitations and inappropriate uses. */
  known_risks: string[];
  /** HTI-1: how often the model is refitted and revalidated. */
  update_cadence: string;
  generated_at: string;
}
