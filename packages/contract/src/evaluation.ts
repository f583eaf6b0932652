/**
 * Programme evaluation (`GET /api/evaluation`, `careweave evaluate`): did enrolment in the
 * integrated-care programme change admissions, ED visits or cost, against a matched comparison
 * group, by difference-in-differences over the 12 months before and after enrolment.
 */

/** The outcomes an evaluation can be run on. */
export const EVALUATION_OUTCOMES = ['admissions', 'ed', 'cost'] as const;
/** One outcome: unplanned admissions, ED visits, or paid claims cost — each per member-month. */
export type EvaluationOutcome = (typeof EVALUATION_OUTCOMES)[number];

/** How each outcome is named and counted, for people. */
export const EVALUATION_OUTCOME_LABEL: Readonly<Record<EvaluationOutcome, string>> = {
  admissions: 'Unplanned admissions',
  ed: 'ED visits',
  cost: 'Total cost (paid claims)',
};

/** A 95% interval `[low, high]`. */
export type Interval95 = [number, number];

/** One covariate's balance before and after matching (standardised mean differences). */
export interface BalanceRow {
  /** Machine name, e.g. `admissions12m`. */
  covariate: string;
  label: string;
  treatedMeanBefore: number;
  controlMeanBefore: number;
  /** (mean treated − mean comparison) / pooled SD before matching; the target after is |SMD| < 0.1. */
  smdBefore: number;
  treatedMeanAfter: number;
  controlMeanAfter: number;
  smdAfter: number;
}

/** One quarter of the event study, relative to enrolment (−4…−1 before, 0…3 after). */
export interface EventStudyPoint {
  quarter: number;
  /** Outcome per member-month in the quarter: enrolled, comparison. */
  treatedRate: number;
  controlRate: number;
  /**
   * (treated − comparison) in the quarter minus (treated − comparison) over the whole
   * 12 months before: about 0 before enrolment when the trends were parallel.
   */
  difference: number;
  ci95: Interval95;
}

/** Outcome per member-month of each arm before and after enrolment (the index date). */
export interface ArmRates {
  treatedBefore: number;
  treatedAfter: number;
  controlBefore: number;
  controlAfter: number;
}

/** The whole evaluation of one outcome. */
export interface ProgrammeEvaluation {
  outcome: EvaluationOutcome;
  /** What a rate is counted in, e.g. "admissions per member-month". */
  unit: string;
  /**
   * The programme effect as the fraction by which enrolment reduced the outcome per
   * member-month (0.12 = 12% fewer; negative = more): 1 − the ratio of the enrolled's
   * after/before rate ratio to the comparison group's.
   */
  estimate: number;
  ci95: Interval95;
  /** The same difference-in-differences in the outcome's unit per member-month (negative = fewer). */
  difference: number;
  differenceCi95: Interval95;
  rates: ArmRates;
  /** Enrolled people matched, comparison people matched to them. */
  nTreated: number;
  nControl: number;
  /** Enrolled people eligible for the evaluation, and how many found no comparison within the caliper. */
  nEnrolled: number;
  nUnmatched: number;
  /** Person-months observed in each arm (before + after). */
  memberMonthsTreated: number;
  memberMonthsControl: number;
  maxSmdAfter: number;
  balance: BalanceRow[];
  eventStudy: EventStudyPoint[];
  /** The data window the evaluation read (ISO dates; end exclusive). */
  window: { start: string; end: string };
  /** How it was computed, in words a board can read, with its sources. */
  method: {
    matching: string;
    caliper: number;
    controlsPerTreated: number;
    bootstrapReplicates: number;
    seed: number;
    citations: string[];
  };
}

/** The one-line summary `careweave evaluate` prints last. */
export interface EvaluationSummaryLine {
  estimate: number;
  ci95: Interval95;
  n_treated: number;
  n_control: number;
  max_smd_after: number;
}
