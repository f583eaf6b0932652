import { request } from '../../lib/http';

import type {
  CandidatePage,
  PopulationFilterOptions,
  PopulationSummary,
  Tier,
} from '@careweave/contract';

// The shapes of the population API are the contract's (one definition, filled by care/risk).
export { TIERS, TIER_LABEL, isTier } from '@careweave/contract';
export type {
  Candidate,
  CandidatePage,
  PopulationFilterOptions,
  PopulationSummary,
  RiskFactor,
  Tier,
} from '@careweave/contract';

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
