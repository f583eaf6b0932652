/** `GET /api/who-needs-me`: a coordinator's people ranked for today, each with reasons in words. */
import type { Tier } from './population.js';

export type TodayReasonCode =
  | 'tier'
  | 'in-hospital'
  | 'discharge'
  | 'ed-visit'
  | 'admissions'
  | 'missed-appointment'
  | 'positive-screening'
  | 'overdue-task'
  | 'no-contact';

/** One reason a person is on the list, with the points it adds to their score. */
export interface TodayReason {
  code: TodayReasonCode;
  points: number;
  text: string;
}

export interface TodayItem {
  patientId: string;
  name?: string;
  score: number;
  tier: Tier | undefined;
  /** All reasons, largest first. */
  reasons: TodayReason[];
}

export interface WhoNeedsMeResponse {
  /** The coordinator the list is for (`Practitioner/…`). */
  coordinator: string;
  generatedAt: string;
  /** People of the coordinator's caseload who opted out of automated recommendations (not ranked). */
  optedOut: number;
  items: TodayItem[];
}
