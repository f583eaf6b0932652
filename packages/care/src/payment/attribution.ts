/**
 * Attribution of members to a practitioner (and through them an organisation), recomputed for
 * every month: the practitioner with the plurality of the member's primary-care visits in the
 * look-back (the month and the `lookback − 1` months before it). The Medicare Shared Savings
 * Program assigns by plurality of allowed charges for primary-care services (42 CFR § 425.402);
 * this network counts visits, so that a single expensive visit does not outweigh a relationship.
 *
 * Tie-break, in order (README "Attribution"):
 *   1. the practitioner seen most recently (continuity: the latest relationship wins);
 *   2. the higher paid amount of those visits (the MSSP measure of plurality);
 *   3. the lower reference in code-point order (so that the result never depends on input order).
 *
 * The organisation is the billing organisation of the winner's most recent visit. A visit with no
 * practitioner counts for its organisation as a candidate of its own (`practitioner: null`).
 */
import type { AttributionChange, MonthlyAttribution } from '@careweave/contract';
import { addMonths } from './months.js';

/** One primary-care visit, as attribution reads it. */
export interface AttributionVisit {
  patientId: string;
  /** `YYYY-MM-DD` */
  day: string;
  practitioner: string | null;
  organization: string | null;
  paid: number;
}

interface AttributionCandidate {
  practitioner: string | null;
  organization: string | null;
  visits: number;
  lastDay: string;
  paid: number;
}

const keyOf = (v: AttributionVisit): string | null =>
  v.practitioner ?? (v.organization ? `org:${v.organization}` : null);

/** Orders candidates best first: visits, then the tie-break. */
function better(a: AttributionCandidate, b: AttributionCandidate, ka: string, kb: string): number {
  return (
    b.visits - a.visits ||
    (a.lastDay === b.lastDay ? 0 : a.lastDay > b.lastDay ? -1 : 1) ||
    b.paid - a.paid ||
    (ka < kb ? -1 : ka > kb ? 1 : 0)
  );
}

/** The attribution of one member in one month from the visits of the look-back. */
function attributeMonth(
  visits: readonly AttributionVisit[],
  month: string,
  lookback: number,
): Omit<MonthlyAttribution, 'change'> {
  const from = `${addMonths(month, -(lookback - 1))}-01`;
  const to = `${month}-31`;
  const candidates = new Map<string, AttributionCandidate>();
  for (const v of visits) {
    if (v.day < from || v.day > to) continue;
    const key = keyOf(v);
    if (key === null) continue;
    const c = candidates.get(key) ?? {
      practitioner: v.practitioner,
      organization: v.organization,
      visits: 0,
      lastDay: '',
      paid: 0,
    };
    c.visits += 1;
    c.paid += v.paid;
    if (v.day >= c.lastDay) {
      c.lastDay = v.day;
      if (v.organization) c.organization = v.organization;
    }
    candidates.set(key, c);
  }
  const ranked = [...candidates.entries()].sort(([ka, a], [kb, b]) => better(a, b, ka, kb));
  const winner = ranked[0]?.[1];
  if (!winner) return { month, practitioner: null, organization: null, visits: 0, tied: false };
  return {
    month,
    practitioner: winner.practitioner,
    organization: winner.organization,
    visits: winner.visits,
    tied: (ranked[1]?.[1].visits ?? -1) === winner.visits,
  };
}

/** Why the attribution moved from `before` to `now`. */
export function changeReason(
  before: Omit<MonthlyAttribution, 'change'> | undefined,
  now: Omit<MonthlyAttribution, 'change'>,
): AttributionChange {
  const had = before !== undefined && (before.practitioner ?? before.organization) !== null;
  const has = (now.practitioner ?? now.organization) !== null;
  if (!had) return has ? 'new' : 'unchanged';
  if (!has) return 'no-visits-in-lookback';
  if (before.practitioner === now.practitioner && before.organization === now.organization) {
    return 'unchanged';
  }
  return now.tied ? 'tie-break' : 'plurality-shift';
}

/**
 * Every member's attribution for each of `months` (consecutive, oldest first). The change reason
 * of the first month compares with the month before it, computed from the same visits — pass
 * visits from `lookback` months before the first month on.
 */
export function attributeMembers(
  visits: readonly AttributionVisit[],
  months: readonly string[],
  lookback: number,
): Map<string, MonthlyAttribution[]> {
  const byPatient = new Map<string, AttributionVisit[]>();
  for (const v of visits) {
    const list = byPatient.get(v.patientId) ?? [];
    list.push(v);
    byPatient.set(v.patientId, list);
  }
  const out = new Map<string, MonthlyAttribution[]>();
  const first = months[0];
  if (first === undefined) return out;
  for (const [patientId, list] of [...byPatient].sort(([a], [b]) => (a < b ? -1 : 1))) {
    let before: Omit<MonthlyAttribution, 'change'> = attributeMonth(
      list,
      addMonths(first, -1),
      lookback,
    );
    const series: MonthlyAttribution[] = [];
    for (const month of months) {
      const now = attributeMonth(list, month, lookback);
      series.push({ ...now, change: changeReason(before, now) });
      before = now;
    }
    if (series.some((s) => s.organization !== null)) out.set(patientId, series);
  }
  return out;
}
