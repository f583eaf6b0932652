import type { Tier } from '../api';

/** What the Population screen's filters hold (empty strings and nulls mean "any"). */
export interface PopulationFilters {
  tiers: Tier[];
  condition: string | null;
  /** `Organization/<id>`. */
  organization: string | null;
  minAge: number | null;
  maxAge: number | null;
  socialNeed: string | null;
}

/** The queue's sorts, as the API names them. */
export type CandidateSort = '-score' | 'score' | '-age' | 'age';

/** The high-risk people first: very high and high tiers, any condition, organisation, age or need. */
export const DEFAULT_FILTERS: PopulationFilters = {
  tiers: ['very-high', 'high'],
  condition: null,
  organization: null,
  minAge: null,
  maxAge: null,
  socialNeed: null,
};

/** Page size of the queue. */
export const PAGE_SIZE = 25;

/**
 * The candidates request's query string for filters and a sort (and a page's cursor): only the
 * filters that are set, so the API's defaults apply otherwise; an empty tier choice means every
 * tier rather than the API's default of very high + high.
 */
export function candidateQuery(
  filters: PopulationFilters,
  sort: CandidateSort,
  cursor?: string,
): string {
  const q = new URLSearchParams();
  q.set('tier', filters.tiers.length > 0 ? filters.tiers.join(',') : 'very-high,high,rising,low');
  if (filters.condition) q.set('condition', filters.condition);
  if (filters.organization) q.set('organization', filters.organization);
  if (filters.minAge !== null) q.set('minAge', String(filters.minAge));
  if (filters.maxAge !== null) q.set('maxAge', String(filters.maxAge));
  if (filters.socialNeed) q.set('socialNeed', filters.socialNeed);
  q.set('sort', sort);
  q.set('count', String(PAGE_SIZE));
  if (cursor) q.set('cursor', cursor);
  return q.toString();
}

/** The age filters contradict each other (the API would answer 400): say so instead of asking. */
export function ageRangeError(filters: PopulationFilters): string | null {
  return filters.minAge !== null && filters.maxAge !== null && filters.minAge > filters.maxAge
    ? 'Minimum age must not exceed maximum age'
    : null;
}
