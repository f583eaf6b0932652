/**
 * The matched comparison group: a propensity score (the probability of enrolling at a date given
 * the covariates then, by logistic regression) and greedy nearest-neighbour matching on its logit
 * within a caliper of 0.2 standard deviations, without replacement (Austin PC, "Optimal caliper
 * widths for propensity-score matching", Pharm Stat 2011;10:150–161; Rosenbaum PR, Rubin DB,
 * Biometrika 1983;70:41–55).
 *
 * Enrolment happens at a date, so comparison people are taken as they were at an index date of
 * their own (risk-set matching: Li YP, Propert KJ, Rosenbaum PR, JASA 2001;96:870–882): someone
 * never enrolled, adult then, at the enrolled person's enrolment date — or, when enrolment
 * followed a discharge, as long after a discharge of their own — and matched exactly on that
 * recent discharge (`matchingStratum`), because enrolment is timed by the outcome itself.
 */
import { fitLogistic, linearPredictor, type LogisticFit } from '../risk/logistic.js';
import { ageAt } from '../risk/person.js';
import {
  covariatesAt,
  lastDischargeBefore,
  matchingStratum,
  type CovariateSource,
} from './covariates.js';
import { seededRandom } from './random.js';

/** An enrolled person with their enrolment date. */
export interface Enrolled {
  source: CovariateSource;
  index: number;
}

/** One matched set: an enrolled person and the comparison people matched to them. */
export interface MatchedSet {
  treated: { source: CovariateSource; index: number; x: number[] };
  controls: { source: CovariateSource; index: number; x: number[] }[];
}

/** Matching options. */
export interface MatchingOptions {
  /** Comparison people per enrolled person (greedy rounds). */
  ratio: number;
  /** Caliper in standard deviations of the logit of the propensity score. */
  caliperSd: number;
  /** How many enrolment dates each comparison person is sampled at to fit the score. */
  datesPerControl: number;
  seed: number;
  dataStart: number;
  dataEnd: number;
}

/** What matching produced. */
export interface MatchingResult {
  sets: MatchedSet[];
  unmatched: number;
  /** The caliper on the logit scale. */
  caliper: number;
  model: LogisticFit;
  /** Everyone as they were before matching (treated at enrolment, comparison at sampled dates). */
  before: { treated: number[][]; control: number[][] };
}

const ADULT = 18;
const DAY = 86_400_000;
/** How far a comparison person's index date may be from the enrolled person's (half a year). */
const MAX_SHIFT = 183 * DAY;
/** A month of data before and after the index date, as for the enrolled. */
const MARGIN = 30 * DAY;

/** A comparison person at an index date, with their score there. */
interface ComparisonCandidate {
  c: CovariateSource;
  index: number;
  score: number;
}

/**
 * The comparison people an enrolled person may be matched to, each at an index date: the
 * enrolled person's own date; or, when they enrolled within 30 days of a discharge, the same
 * number of days after one of the comparison person's own discharges within half a year of it
 * (so both are compared from the same point after a hospital stay). Only people of the same
 * exact-matching stratum (`matchingStratum`) are candidates.
 */
function candidatesFor(
  e: Enrolled,
  pool: readonly CovariateSource[],
  model: LogisticFit,
  options: MatchingOptions,
): ComparisonCandidate[] {
  const stratum = matchingStratum(e.source.person, e.index);
  const lag = e.index - lastDischargeBefore(e.source.person, e.index);
  const recent = lag <= MARGIN;
  const out: ComparisonCandidate[] = [];
  for (const c of pool) {
    let index = e.index;
    if (recent) {
      let best = Infinity;
      for (const s of c.person.stays) {
        const at = s.end + lag;
        if (
          Math.abs(at - e.index) <= MAX_SHIFT &&
          Math.abs(at - e.index) < Math.abs(best - e.index) &&
          at >= options.dataStart + MARGIN &&
          at < options.dataEnd - MARGIN
        )
          best = at;
      }
      if (!Number.isFinite(best)) continue;
      index = best;
    }
    if ((ageAt(c.person, index) ?? 0) < ADULT) continue;
    if (matchingStratum(c.person, index) !== stratum) continue;
    out.push({
      c,
      index,
      score: linearPredictor(model, covariatesAt(c, index, options.dataStart)),
    });
  }
  return out;
}

/** Fits the propensity score and matches; deterministic for a given seed. */
export function matchComparisonGroup(
  enrolled: readonly Enrolled[],
  pool: readonly CovariateSource[],
  options: MatchingOptions,
): MatchingResult {
  const random = seededRandom(options.seed);
  const treatedRows = enrolled.map((e) => covariatesAt(e.source, e.index, options.dataStart));
  const controlRows: number[][] = [];
  if (enrolled.length > 0) {
    for (const c of pool) {
      for (let k = 0; k < options.datesPerControl; k++) {
        const at = enrolled[Math.floor(random() * enrolled.length)]?.index ?? 0;
        if ((ageAt(c.person, at) ?? 0) < ADULT) continue;
        controlRows.push(covariatesAt(c, at, options.dataStart));
      }
    }
  }
  const rows = [...treatedRows, ...controlRows];
  const model =
    rows.length > 0 && treatedRows.length > 0 && controlRows.length > 0
      ? fitLogistic(rows, [...treatedRows.map(() => 1), ...controlRows.map(() => 0)], {
          lambda: 1,
        })
      : { intercept: 0, coefficients: [], iterations: 0, converged: false };
  const logits = rows.map((r) => linearPredictor(model, r));
  const mean = logits.reduce((s, v) => s + v, 0) / Math.max(1, logits.length);
  const sd = Math.sqrt(
    logits.reduce((s, v) => s + (v - mean) ** 2, 0) / Math.max(1, logits.length - 1),
  );
  const caliper = options.caliperSd * sd;

  // Hardest to match first: the highest scores have the fewest comparison people near them.
  const order = enrolled
    .map((e, i) => ({
      e,
      x: treatedRows[i] ?? [],
      score: linearPredictor(model, treatedRows[i] ?? []),
    }))
    .sort((a, b) => b.score - a.score || a.e.source.person.id.localeCompare(b.e.source.person.id));
  const used = new Set<string>();
  const sets: MatchedSet[] = order.map(({ e, x }) => ({
    treated: { source: e.source, index: e.index, x },
    controls: [],
  }));
  // Each enrolled person's candidates: comparison people in the same stratum, with their scores.
  const candidates = order.map(({ e }) => candidatesFor(e, pool, model, options));
  for (let round = 0; round < options.ratio; round++) {
    order.forEach((o, i) => {
      const set = sets[i];
      if (!set || (round > 0 && set.controls.length < round)) return;
      let best: ComparisonCandidate | undefined;
      let bestDistance = Infinity;
      for (const cand of candidates[i] ?? []) {
        if (used.has(cand.c.person.id)) continue;
        const d = Math.abs(cand.score - o.score);
        if (d <= caliper && d < bestDistance) {
          best = cand;
          bestDistance = d;
        }
      }
      if (best) {
        used.add(best.c.person.id);
        set.controls.push({
          source: best.c,
          index: best.index,
          x: covariatesAt(best.c, best.index, options.dataStart),
        });
      }
    });
  }
  const matched = sets.filter((s) => s.controls.length > 0);
  return {
    sets: matched,
    unmatched: sets.length - matched.length,
    caliper,
    model,
    before: { treated: treatedRows, control: controlRows },
  };
}
