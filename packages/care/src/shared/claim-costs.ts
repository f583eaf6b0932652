/**
 * Cost per member from claims: each person's paid amounts in time order, summed over any window
 * and divided by the member-months of that window. Programme evaluation (cost per member-month
 * before and after enrolment) and value-based payment (PMPM against a benchmark) both use it, so
 * the two agree on what "cost" is: what the payer paid (the `benefit` adjudication total), dated
 * by when the care was given (`ClaimCostRow.service`).
 */
import type { ClaimCostRow } from '@careweave/store';

const DAY = 86_400_000;
/** Days in an average month (365.25 / 12): a member-month is this much enrolled time. */
export const DAYS_PER_MONTH = 365.25 / 12;

/** One person's paid claims, sorted by service time. */
export interface PersonCosts {
  /** Epoch ms, ascending. */
  times: number[];
  /** Paid amounts, same order as `times`. */
  paid: number[];
  /** Running totals: `cumulative[i]` is the sum of `paid[0..i-1]` (length n + 1). */
  cumulative: number[];
}

/** Groups claim rows by patient; rows with no service date or no paid amount are skipped. */
export function costsByPatient(rows: readonly ClaimCostRow[]): Map<string, PersonCosts> {
  const grouped = new Map<string, { time: number; paid: number }[]>();
  for (const r of rows) {
    const time = r.service ? Date.parse(r.service) : NaN;
    if (Number.isNaN(time) || r.paid === null || !Number.isFinite(r.paid)) continue;
    const list = grouped.get(r.patientId) ?? [];
    list.push({ time, paid: r.paid });
    grouped.set(r.patientId, list);
  }
  const out = new Map<string, PersonCosts>();
  for (const [id, list] of grouped) {
    list.sort((a, b) => a.time - b.time);
    const cumulative = [0];
    for (const c of list) cumulative.push((cumulative[cumulative.length - 1] ?? 0) + c.paid);
    out.set(id, { times: list.map((c) => c.time), paid: list.map((c) => c.paid), cumulative });
  }
  return out;
}

/** The index of the first time ≥ t (binary search). */
function lowerBound(times: readonly number[], t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((times[mid] ?? 0) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** What was paid for care given in [from, to) (0 for a person with no claims). */
export function paidBetween(costs: PersonCosts | undefined, from: number, to: number): number {
  if (!costs || to <= from) return 0;
  const a = lowerBound(costs.times, from);
  const b = lowerBound(costs.times, to);
  return (costs.cumulative[b] ?? 0) - (costs.cumulative[a] ?? 0);
}

/** Member-months in [from, to): days / (365.25 / 12); 0 for an empty window. */
export function memberMonths(from: number, to: number): number {
  return to > from ? (to - from) / DAY / DAYS_PER_MONTH : 0;
}

/** Per-member-per-month cost of one person over [from, to) (undefined for an empty window). */
export function costPerMemberMonth(
  costs: PersonCosts | undefined,
  from: number,
  to: number,
): number | undefined {
  const months = memberMonths(from, to);
  return months > 0 ? paidBetween(costs, from, to) / months : undefined;
}
