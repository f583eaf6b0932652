/**
 * Quality and programme measures: the ids of the measures Careweave computes itself in SQL
 * (each is also a FHIR `Measure` resource with this id), and the JSON shapes of `/api/measures`
 * that the dashboards read.
 */
export const SQL_MEASURE_IDS = [
  'fuh-7',
  'fuh-30',
  'trc-admission-notification',
  'trc-discharge-information',
  'trc-patient-engagement',
  'trc-medication-reconciliation',
  'pcr-readmissions-30',
  'fmc-7',
  'ed-visits-per-1000-member-months',
  'admissions-per-1000-member-months',
  'discharge-to-first-contact-days',
  'high-risk-active-plan',
  'referral-loop-closure',
  'goal-attainment',
  'assessment-completion',
] as const;

export type SqlMeasureId = (typeof SQL_MEASURE_IDS)[number];

export function isSqlMeasureId(value: unknown): value is SqlMeasureId {
  return typeof value === 'string' && (SQL_MEASURE_IDS as readonly string[]).includes(value);
}

/**
 * How a measure's score is formed: a proportion (numerator / denominator), a ratio per 1,000
 * (events per 1,000 member-months) or a continuous variable (the mean of the observations).
 */
export type MeasureScoring = 'proportion' | 'ratio' | 'continuous-variable';

/** The groupings a measure is stratified by. */
export const MEASURE_STRATA = ['organization', 'team', 'coordinator', 'month'] as const;
export type MeasureStratum = (typeof MEASURE_STRATA)[number];

/** One group's counts and score, with a 95% confidence interval where one is defined. */
export interface MeasureGroupResult {
  /** The group's key (`Organization/…`, `CareTeam/…`, `Practitioner/…`, `YYYY-MM`, or `all`). */
  key: string;
  label: string;
  denominator: number;
  exclusions: number;
  numerator: number;
  score: number | null;
  low: number | null;
  high: number | null;
}

/** A measure's result over a period (`GET /api/measures/results`). */
export interface MeasureResult {
  id: string;
  title: string;
  scoring: MeasureScoring;
  /** `increase` when a higher score is better, `decrease` when lower is. */
  improvement: 'increase' | 'decrease';
  /** What the score counts, e.g. "%" or "per 1,000 member-months" or "days". */
  unit: string;
  /** A published benchmark for the same definition, when one exists, with its source. */
  benchmark: { value: number; source: string } | null;
  overall: MeasureGroupResult;
  strata: Record<MeasureStratum, MeasureGroupResult[]>;
}

/** `GET /api/measures/results?periodStart&periodEnd&programme&tier&condition&ageBand`. */
export interface MeasureResults {
  periodStart: string;
  periodEnd: string;
  measures: MeasureResult[];
}

/** One person behind a group (`GET /api/measures/{id}/people`). */
export interface MeasurePerson {
  patientId: string;
  name: string;
  event: string;
  day: string;
  /** `numerator` (met), `missed` (in the denominator, not met) or `excluded`. */
  outcome: 'numerator' | 'missed' | 'excluded';
  observation: number | null;
}

/** Age bands the dashboards filter by. */
export const AGE_BANDS = ['0-17', '18-44', '45-64', '65-74', '75+'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];
