/**
 * Difference-in-differences on matched sets, with a cluster bootstrap for the intervals.
 *
 * Rates are outcome per member-month in each arm and period (Σ amount / Σ member-months; a
 * comparison person counts 1/k when k were matched to one enrolled person). The effect is the
 * ratio of rate ratios, (enrolled after / before) / (comparison after / before), reported as the
 * reduction 1 − ratio — a difference-in-differences on the log scale, which is what a
 * multiplicative programme effect ("12% fewer admissions") is — and as the plain difference of
 * differences per member-month.
 *
 * Intervals: the percentile bootstrap resampling whole matched sets (each enrolled person with
 * their comparison people), which is valid after matching without replacement (Abadie A, Spiess
 * J, "Robust post-matching inference", JASA 2022;117:983–995); the repeated measures of a person
 * stay together, so the intervals are cluster-robust too.
 */
import type { ArmRates, EventStudyPoint, Interval95 } from '@careweave/contract';
import { seededRandom } from './random.js';
import { QUARTERS, type OutcomeWindows } from './windows.js';

/** One matched set's windows: the enrolled person's and the comparison people's (weighted). */
export interface SetWindows {
  treated: OutcomeWindows;
  controls: OutcomeWindows[];
}

/** Σ amount and Σ months of each arm over periods: before, after, then the quarters. */
interface Totals {
  treated: Float64Array;
  control: Float64Array;
}

const PERIODS = 2 + QUARTERS.length;

/** Per set: its contribution to the totals (amount, months per period), computed once. */
function contributions(set: SetWindows): Totals {
  const treated = new Float64Array(PERIODS * 2);
  const control = new Float64Array(PERIODS * 2);
  const add = (into: Float64Array, w: OutcomeWindows, weight: number): void => {
    [w.before, w.after, ...w.quarters].forEach((e, p) => {
      into[2 * p] = (into[2 * p] ?? 0) + weight * e.amount;
      into[2 * p + 1] = (into[2 * p + 1] ?? 0) + weight * e.months;
    });
  };
  add(treated, set.treated, 1);
  for (const c of set.controls) add(control, c, 1 / set.controls.length);
  return { treated, control };
}

const rate = (t: Float64Array, period: number): number =>
  (t[2 * period] ?? 0) / (t[2 * period + 1] ?? 0);

/** The estimates of one sample of sets. */
interface Estimates {
  ratioEffect: number;
  difference: number;
  rates: ArmRates;
  quarters: { treated: number; control: number; difference: number }[];
}

function estimate(totals: Totals): Estimates {
  const rates: ArmRates = {
    treatedBefore: rate(totals.treated, 0),
    treatedAfter: rate(totals.treated, 1),
    controlBefore: rate(totals.control, 0),
    controlAfter: rate(totals.control, 1),
  };
  const ratio =
    rates.treatedAfter / rates.treatedBefore / (rates.controlAfter / rates.controlBefore);
  const baseline = rates.treatedBefore - rates.controlBefore;
  return {
    ratioEffect: 1 - ratio,
    difference:
      rates.treatedAfter - rates.treatedBefore - (rates.controlAfter - rates.controlBefore),
    rates,
    quarters: QUARTERS.map((_, q) => {
      const treated = rate(totals.treated, 2 + q);
      const control = rate(totals.control, 2 + q);
      return { treated, control, difference: treated - control - baseline };
    }),
  };
}

function sum(parts: readonly Totals[], picks: Iterable<number>): Totals {
  const treated = new Float64Array(PERIODS * 2);
  const control = new Float64Array(PERIODS * 2);
  for (const i of picks) {
    const p = parts[i];
    if (!p) continue;
    for (let k = 0; k < treated.length; k++) {
      treated[k] = (treated[k] ?? 0) + (p.treated[k] ?? 0);
      control[k] = (control[k] ?? 0) + (p.control[k] ?? 0);
    }
  }
  return { treated, control };
}

/** The percentile interval of the finite values (linear interpolation between order statistics). */
export function percentileInterval(values: readonly number[]): Interval95 {
  const v = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (v.length === 0) return [Number.NaN, Number.NaN];
  const at = (q: number): number => {
    const h = (v.length - 1) * q;
    const lo = Math.floor(h);
    const a = v[lo] ?? 0;
    const b = v[Math.min(lo + 1, v.length - 1)] ?? a;
    return a + (h - lo) * (b - a);
  };
  return [at(0.025), at(0.975)];
}

/** What the difference-in-differences gives. */
export interface DidResult {
  estimate: number;
  ci95: Interval95;
  difference: number;
  differenceCi95: Interval95;
  rates: ArmRates;
  eventStudy: EventStudyPoint[];
  memberMonthsTreated: number;
  memberMonthsControl: number;
}

/** The estimate on all sets and its bootstrap intervals (`replicates` resamples, seeded). */
export function differenceInDifferences(
  sets: readonly SetWindows[],
  replicates: number,
  seed: number,
): DidResult {
  const parts = sets.map(contributions);
  const all = sum(parts, parts.keys());
  const point = estimate(all);
  const random = seededRandom(seed);
  const ratio: number[] = [];
  const difference: number[] = [];
  const quarters: number[][] = QUARTERS.map(() => []);
  const picks = new Array<number>(parts.length);
  for (let b = 0; b < replicates; b++) {
    for (let i = 0; i < parts.length; i++) picks[i] = Math.floor(random() * parts.length);
    const e = estimate(sum(parts, picks));
    ratio.push(e.ratioEffect);
    difference.push(e.difference);
    e.quarters.forEach((q, k) => quarters[k]?.push(q.difference));
  }
  return {
    estimate: point.ratioEffect,
    ci95: percentileInterval(ratio),
    difference: point.difference,
    differenceCi95: percentileInterval(difference),
    rates: point.rates,
    eventStudy: QUARTERS.map((quarter, k) => ({
      quarter,
      treatedRate: point.quarters[k]?.treated ?? 0,
      controlRate: point.quarters[k]?.control ?? 0,
      difference: point.quarters[k]?.difference ?? 0,
      ci95: percentileInterval(quarters[k] ?? []),
    })),
    memberMonthsTreated: (all.treated[1] ?? 0) + (all.treated[3] ?? 0),
    memberMonthsControl: (all.control[1] ?? 0) + (all.control[3] ?? 0),
  };
}
