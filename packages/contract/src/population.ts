/** The risk tiers, highest first. */
export const TIERS = ['very-high', 'high', 'rising', 'low'] as const;
export type Tier = (typeof TIERS)[number];

/** Human names of the tiers. */
export const TIER_LABEL: Readonly<Record<Tier, string>> = {
  'very-high': 'Very high',
  high: 'High',
  rising: 'Rising',
  low: 'Low',
};

export function isTier(value: unknown): value is Tier {
  return typeof value === 'string' && (TIERS as readonly string[]).includes(value);
}

/** `GET /api/population/summary`: tier counts, and when stratification last ran. */
export interface PopulationSummary {
  tiers: { tier: Tier; label: string; count: number; enrolled: number; notEnrolled: number }[];
  total: number;
  lastRun: { finishedAt: string | null; asOf: string; kind: string; patients: number } | null;
}

/** One explanation: a factor's contribution in words ("2 admissions in 12 months"). */
export interface RiskFactor {
  key: string;
  text: string;
  weight: number;
}

/** The scores stored beside a person's risk. */
export interface RiskScores {
  charlson1987?: number;
  quan2011?: number;
  laceStyle?: number;
  admissions12m?: number;
  edVisits12m?: number;
}

/** One person in the enrolment queue (`GET /api/population/candidates` items). */
export interface Candidate {
  patientId: string;
  name: string | null;
  gender: string | null;
  birthDate: string | null;
  /** `Organization/<id>`. */
  organization: string | null;
  probability: number;
  tier: string;
  computedTier: string;
  overrideTier: string | null;
  conditions: string[];
  socialNeeds: string[];
  factors: RiskFactor[] | null;
  scores: RiskScores | null;
  assessmentId: string;
  /** An instant (JSON has no dates). */
  computedAt: string;
  enrolled: boolean;
}

/** `GET /api/population/candidates`. */
export interface CandidatePage {
  items: Candidate[];
  next?: string;
}

/** `GET /api/population/filters`: the values the queue can be filtered and sorted by. */
export interface PopulationFilterOptions {
  conditions: string[];
  socialNeeds: string[];
  sorts: string[];
  registries: { key: string; name: string; groupId: string }[];
}
