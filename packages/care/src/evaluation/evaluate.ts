/**
 * Does the programme work? Enrolled people against a matched comparison group from the same
 * population, by difference-in-differences over the 12 months before and after enrolment. Pure:
 * it takes people's records and claims costs and returns the evaluation (load.ts reads them).
 */
import {
  EVALUATION_OUTCOME_LABEL,
  EvaluationError,
  type EvaluationOutcome,
  type ProgrammeEvaluation,
} from '@careweave/contract';
import { ageAt, DAY, type PersonRecord } from '../risk/person.js';
import type { PersonCosts } from '../shared/claim-costs.js';
import { careError } from '../shared/care-errors.js';
import { balanceTable } from './balance.js';
import { covariateSource, type CovariateSource } from './covariates.js';
import { differenceInDifferences } from './did.js';
import { matchComparisonGroup, type Enrolled } from './matching.js';
import { outcomeWindows } from './windows.js';

/** How to evaluate; every field has a default. */
export interface EvaluateOptions {
  outcome?: EvaluationOutcome;
  /** Comparison people per enrolled person (default 1). */
  ratio?: number;
  /** Caliper in SDs of the logit of the propensity score (default 0.2, Austin 2011). */
  caliperSd?: number;
  /** Bootstrap resamples (default 1,000). */
  replicates?: number;
  /** Seed of the sampling and the bootstrap (default 2026): the same data give the same report. */
  seed?: number;
}

/** What an evaluation reads. */
export interface EvaluationData {
  persons: ReadonlyMap<string, PersonRecord>;
  costs: ReadonlyMap<string, PersonCosts>;
}

const UNITS: Readonly<Record<EvaluationOutcome, string>> = {
  admissions: 'admissions per member-month',
  ed: 'ED visits per member-month',
  cost: 'US dollars paid per member-month',
};

/** The people must have a month of data before and after enrolment to be evaluated. */
const MIN_DAYS = 30;
const ADULT = 18;

/** The data window: from the first to the day after the last admission, ED visit or claim. */
export function dataWindow(data: EvaluationData): { start: number; end: number } | undefined {
  let start = Infinity;
  let end = -Infinity;
  const see = (t: number): void => {
    if (t < start) start = t;
    if (t > end) end = t;
  };
  for (const p of data.persons.values()) {
    for (const s of p.stays) see(s.start);
    for (const v of p.edVisits) see(v.time);
  }
  for (const c of data.costs.values()) {
    const first = c.times[0];
    const last = c.times[c.times.length - 1];
    if (first !== undefined) see(first);
    if (last !== undefined) see(last);
  }
  if (!Number.isFinite(start)) return undefined;
  return { start: Math.floor(start / DAY) * DAY, end: (Math.floor(end / DAY) + 1) * DAY };
}

const iso = (t: number): string => new Date(t).toISOString().slice(0, 10);

/** Evaluates the programme on one outcome. */
export function evaluateProgramme(
  data: EvaluationData,
  options: EvaluateOptions = {},
): ProgrammeEvaluation {
  const outcome = options.outcome ?? 'admissions';
  const ratio = options.ratio ?? 1;
  const caliperSd = options.caliperSd ?? 0.2;
  const replicates = options.replicates ?? 1000;
  const seed = options.seed ?? 2026;
  const window = dataWindow(data);
  if (!window) {
    throw careError(
      EvaluationError.TOO_LITTLE_DATA,
      'business-rule',
      'No admissions, ED visits or claims in the data: nothing to evaluate (import data first).',
    );
  }
  const enrolled: Enrolled[] = [];
  const pool: CovariateSource[] = [];
  for (const person of data.persons.values()) {
    const source = covariateSource(person, data.costs.get(person.id));
    if (person.enrolments.length === 0) {
      pool.push(source);
      continue;
    }
    const index = Math.min(...person.enrolments.map((e) => e.start));
    if (
      Number.isFinite(index) &&
      index >= window.start + MIN_DAYS * DAY &&
      index < window.end - MIN_DAYS * DAY &&
      (ageAt(person, index) ?? 0) >= ADULT
    )
      enrolled.push({ source, index });
  }
  enrolled.sort((a, b) => a.source.person.id.localeCompare(b.source.person.id));
  pool.sort((a, b) => a.person.id.localeCompare(b.person.id));
  if (enrolled.length < 2 || pool.length < 2) {
    throw careError(
      EvaluationError.TOO_LITTLE_DATA,
      'business-rule',
      `Too few people to evaluate: ${enrolled.length} enrolled with a month of data before and after enrolment, ${pool.length} never enrolled.`,
    );
  }
  const matching = matchComparisonGroup(enrolled, pool, {
    ratio,
    caliperSd,
    datesPerControl: 3,
    seed,
    dataStart: window.start,
    dataEnd: window.end,
  });
  if (matching.sets.length < 2) {
    throw careError(
      EvaluationError.TOO_LITTLE_DATA,
      'business-rule',
      `Only ${matching.sets.length} enrolled people found a comparison person within the caliper.`,
    );
  }
  const balance = balanceTable({
    treatedBefore: matching.before.treated,
    controlBefore: matching.before.control,
    treatedAfter: matching.sets.map((s) => s.treated.x),
    controlAfter: matching.sets.flatMap((s) => s.controls.map((c) => c.x)),
    controlAfterWeights: matching.sets.flatMap((s) => s.controls.map(() => 1 / s.controls.length)),
  });
  const did = differenceInDifferences(
    matching.sets.map((s) => ({
      treated: outcomeWindows(s.treated.source, outcome, s.treated.index, window),
      controls: s.controls.map((c) => outcomeWindows(c.source, outcome, c.index, window)),
    })),
    replicates,
    seed,
  );
  if (!Number.isFinite(did.estimate)) {
    throw careError(
      EvaluationError.TOO_LITTLE_DATA,
      'business-rule',
      `Too few ${EVALUATION_OUTCOME_LABEL[outcome].toLowerCase()} among the matched people to estimate a rate ratio (a rate is zero).`,
    );
  }
  return {
    outcome,
    unit: UNITS[outcome],
    estimate: did.estimate,
    ci95: did.ci95,
    difference: did.difference,
    differenceCi95: did.differenceCi95,
    rates: did.rates,
    nTreated: matching.sets.length,
    nControl: matching.sets.reduce((n, s) => n + s.controls.length, 0),
    nEnrolled: enrolled.length,
    nUnmatched: matching.unmatched,
    memberMonthsTreated: did.memberMonthsTreated,
    memberMonthsControl: did.memberMonthsControl,
    maxSmdAfter: Math.max(...balance.map((b) => Math.abs(b.smdAfter))),
    balance,
    eventStudy: did.eventStudy,
    window: { start: iso(window.start), end: iso(window.end) },
    method: {
      matching: `Propensity score (logistic regression on the covariates at the enrolment date) with greedy 1:${ratio} nearest-neighbour matching on its logit within ${caliperSd} SD, without replacement, exactly on a discharge in the 30 days before; comparison people never enrolled, taken as they were on the enrolled person's enrolment date, or, when that followed a discharge, the same number of days after a discharge of their own within half a year of it.`,
      caliper: matching.caliper,
      controlsPerTreated: ratio,
      bootstrapReplicates: replicates,
      seed,
      citations: [
        'Rosenbaum PR, Rubin DB. The central role of the propensity score in observational studies for causal effects. Biometrika 1983;70:41–55.',
        'Austin PC. Optimal caliper widths for propensity-score matching when estimating differences in means and differences in proportions in observational studies. Pharm Stat 2011;10:150–161.',
        'Austin PC. Balance diagnostics for comparing the distribution of baseline covariates between treatment groups in propensity-score matched samples. Stat Med 2009;28:3083–3107.',
        'Abadie A, Spiess J. Robust post-matching inference. J Am Stat Assoc 2022;117:983–995.',
        'Daw JR, Hatfield LA. Matching and regression to the mean in difference-in-differences analysis. Health Serv Res 2018;53:4138–4156.',
      ],
    },
  };
}
