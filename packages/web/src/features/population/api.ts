import { request } from '../../lib/http';

/** The risk tiers, highest first (care/risk/tiers.ts). */
export const TIERS = ['very-high', 'high', 'rising', 'low'] as const;
export type Tier = (typeof TIERS)[number];

/** Human names of the tiers (care/risk TIER_LABEL). */
export const TIER_LABEL: Readonly<Record<Tier, string>> = {
  'very-high': 'Very high',
  high: 'High',
  rising: 'Rising',
  low: 'Low',
};

export function isTier(value: unknown): value is Tier {
  return typeof value === 'string' && (TIERS as readonly string[]).includes(value);
}

/** `GET /api/population/summary`. */
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
  scores: {
    charlson1987?: number;
    quan2011?: number;
    laceStyle?: number;
    admissions12m?: number;
    edVisits12m?: number;
  } | null;
  assessmentId: string;
  computedAt: string;
  enrolled: boolean;
}

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

export async function fetchSummary(signal?: AbortSignal): Promise<PopulationSummary> {
  return (await request<PopulationSummary>('/api/population/summary', signal ? { signal } : {}))
    .data;
}

export async function fetchFilterOptions(signal?: AbortSignal): Promise<PopulationFilterOptions> {
  return (
    await request<PopulationFilterOptions>('/api/population/filters', signal ? { signal } : {})
  ).data;
}

/** One page of candidates for a query string made by `candidateQuery`. */
export async function fetchCandidates(query: string, signal?: AbortSignal): Promise<CandidatePage> {
  return (
    await request<CandidatePage>(`/api/population/candidates?${query}`, signal ? { signal } : {})
  ).data;
}

/** `POST /api/population/override`: a clinician's tier (or null to withdraw the standing override). */
export async function overrideTier(input: {
  patient: string;
  tier: Tier | null;
  reason: string;
}): Promise<void> {
  await request('/api/population/override', { method: 'POST', json: input });
}
