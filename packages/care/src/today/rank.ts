/**
 * "Who needs me today": a coordinator's people ranked by points that add up from the risk tier
 * and what happened recently, each point with its reason in words — no hidden weights, so the
 * coordinator can see why someone is on top and disagree. The weights follow the transitions
 * literature: the days after a discharge and after an ED visit carry the highest short-term risk of
 * (re)admission (Jencks et al., NEJM 2009: 20% readmitted within 30 days, half of them within 2
 * weeks; TRC's contact within 2 business days), and people not contacted for weeks drift.
 */
import type { Tier, TodayItem, TodayReason } from '@careweave/contract';

const DAY = 86_400_000;

/** What is known about one person today. Times are epoch ms. */
export interface TodaySignals {
  patientId: string;
  name?: string;
  tier: Tier | undefined;
  /** The model's 12-month probability, when scored (breaks ties only). */
  probability?: number | undefined;
  /** Start of a stay still open (in hospital now). */
  inHospitalSince?: number | undefined;
  /** End of the latest inpatient stay. */
  lastDischarge?: number | undefined;
  /** Starts of ED visits (any order). */
  edVisits: readonly number[];
  /** Unplanned admissions in the last 12 months. */
  admissions12m: number;
  /** Times of missed appointments (Appointment noshow). */
  missedAppointments: readonly number[];
  /** Positive screenings: when, and what in words (e.g. "PHQ-9 14"). */
  positiveScreenings: readonly { time: number; text: string }[];
  /** Open tasks past their due date. */
  overdueTasks: number;
  /** Last contact with the person (message, completed contact), if any. */
  lastContact?: number | undefined;
  /** Enrolled in the programme (days since last contact only counts for the enrolled). */
  enrolled: boolean;
}

export type { TodayItem, TodayReason };

const TIER_POINTS: Readonly<Record<Tier, number>> = {
  'very-high': 4,
  high: 3,
  rising: 1.5,
  low: 0,
};

/** Points the model's 12-month probability adds per 100% (see bench/RESULTS.md, who needs me today). */
const PROBABILITY_POINTS = 20;

const days = (ms: number): number => Math.floor(ms / DAY);
const ago = (n: number): string => (n === 0 ? 'today' : n === 1 ? 'yesterday' : `${n} days ago`);

/** The reasons (and points) of one person at `now`. */
export function reasonsOf(s: TodaySignals, now: number): TodayReason[] {
  const out: TodayReason[] = [];
  const p = s.probability ?? 0;
  if (s.tier && (TIER_POINTS[s.tier] > 0 || p >= 0.05)) {
    // The tier's points plus the model's probability itself (PROBABILITY_POINTS per 100%): within a
    // tier, the likelier admission ranks first.
    out.push({
      code: 'tier',
      points: Math.round((TIER_POINTS[s.tier] + PROBABILITY_POINTS * p) * 10) / 10,
      text: `${s.tier.replace('-', ' ')} risk tier${p > 0 ? ` (${Math.round(p * 100)}% chance of an emergency admission in 12 months)` : ''}`,
    });
  }
  if (s.inHospitalSince !== undefined) {
    out.push({
      code: 'in-hospital',
      points: 2,
      text: `in hospital since ${new Date(s.inHospitalSince).toISOString().slice(0, 10)}`,
    });
  }
  if (s.lastDischarge !== undefined && s.lastDischarge <= now) {
    const d = days(now - s.lastDischarge);
    const points = d <= 7 ? 5 : d <= 30 ? 3 : d <= 90 ? 1 : 0;
    if (points > 0) out.push({ code: 'discharge', points, text: `discharged ${ago(d)}` });
  }
  const recentEd = s.edVisits.filter((t) => t <= now && now - t <= 90 * DAY).sort((a, b) => b - a);
  if (recentEd.length > 0) {
    const d = days(now - (recentEd[0] as number));
    const points = (d <= 7 ? 3 : d <= 30 ? 2 : 1) + Math.min(2, recentEd.length - 1);
    out.push({
      code: 'ed-visit',
      points,
      text: `ED visit ${ago(d)}${recentEd.length > 1 ? ` (${recentEd.length} in 90 days)` : ''}`,
    });
  }
  if (s.admissions12m >= 2) {
    out.push({
      code: 'admissions',
      points: Math.min(3, s.admissions12m - 1),
      text: `${s.admissions12m} emergency admissions in 12 months`,
    });
  }
  const missed = s.missedAppointments.filter((t) => t <= now && now - t <= 30 * DAY);
  if (missed.length > 0) {
    out.push({
      code: 'missed-appointment',
      points: 1.5,
      text: `missed ${missed.length === 1 ? 'an appointment' : `${missed.length} appointments`} ${ago(days(now - Math.max(...missed)))}`,
    });
  }
  const screens = s.positiveScreenings
    .filter((x) => x.time <= now && now - x.time <= 30 * DAY)
    .sort((a, b) => b.time - a.time);
  if (screens.length > 0) {
    const first = screens[0] as { time: number; text: string };
    out.push({
      code: 'positive-screening',
      points: 1.5,
      text: `positive screening: ${first.text} (${ago(days(now - first.time))})`,
    });
  }
  if (s.overdueTasks > 0) {
    out.push({
      code: 'overdue-task',
      points: Math.min(2.5, 1 + 0.5 * (s.overdueTasks - 1)),
      text: `${s.overdueTasks} overdue ${s.overdueTasks === 1 ? 'task' : 'tasks'}`,
    });
  }
  if (s.enrolled) {
    const d = s.lastContact === undefined ? undefined : days(now - s.lastContact);
    if (d === undefined || d >= 30) {
      out.push({
        code: 'no-contact',
        points: d === undefined || d >= 60 ? 2 : 1,
        text: d === undefined ? 'no contact recorded' : `no contact for ${d} days`,
      });
    }
  }
  return out.sort((a, b) => b.points - a.points);
}

/**
 * Ranks people by their points (then the model's probability, then id, so the order is stable);
 * people with no reason at all are left out.
 */
export function rankWhoNeedsMe(people: readonly TodaySignals[], now: number): TodayItem[] {
  return people
    .map((s) => {
      const reasons = reasonsOf(s, now);
      return {
        item: {
          patientId: s.patientId,
          ...(s.name ? { name: s.name } : {}),
          score: Math.round(reasons.reduce((sum, r) => sum + r.points, 0) * 10) / 10,
          tier: s.tier,
          reasons,
        },
        probability: s.probability ?? 0,
      };
    })
    .filter((x) => x.item.reasons.length > 0)
    .sort(
      (a, b) =>
        b.item.score - a.item.score ||
        b.probability - a.probability ||
        a.item.patientId.localeCompare(b.item.patientId),
    )
    .map((x) => x.item);
}
