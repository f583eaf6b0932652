import type { MeasurePerson, MeasureResults } from '@careweave/contract';
import { request } from '../../lib/http';

// The shapes of the measures API are the contract's (one definition, filled by care/measures).
export type {
  AgeBand,
  MeasureGroupResult,
  MeasurePerson,
  MeasureResult,
  MeasureResults,
  MeasureStratum,
} from '@careweave/contract';
export { AGE_BANDS, MEASURE_STRATA } from '@careweave/contract';

/** `GET /api/measures/results?…`: every SQL measure with its strata and intervals. */
export async function fetchResults(query: string, signal?: AbortSignal): Promise<MeasureResults> {
  return (await request<MeasureResults>(`/api/measures/results?${query}`, signal ? { signal } : {}))
    .data;
}

/** `GET /api/measures/{id}/people?…`: the people behind a measure or one of its groups. */
export async function fetchPeople(
  id: string,
  query: string,
  signal?: AbortSignal,
): Promise<MeasurePerson[]> {
  return (
    await request<MeasurePerson[]>(
      `/api/measures/${encodeURIComponent(id)}/people?${query}`,
      signal ? { signal } : {},
    )
  ).data;
}
