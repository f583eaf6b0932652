import type { Organization } from '@medplum/fhirtypes';
import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { searchResources } from '../../../lib/fhir';
import { fetchCandidates, fetchFilterOptions, fetchSummary, type Candidate } from '../api';
import { candidateQuery, type CandidateSort, type PopulationFilters } from '../model/filters';

/** Every population query's key starts with this: enrolment and overrides refresh them all. */
export const POPULATION_KEY = ['population'] as const;

/** Tier counts and the last stratification run. */
export function usePopulationSummary() {
  return useQuery({
    queryKey: [...POPULATION_KEY, 'summary'],
    queryFn: ({ signal }) => fetchSummary(signal),
    staleTime: 30_000,
  });
}

/** The allowed filter values (fixed per server version). */
export function useFilterOptions() {
  return useQuery({
    queryKey: [...POPULATION_KEY, 'filters'],
    queryFn: ({ signal }) => fetchFilterOptions(signal),
    staleTime: Infinity,
  });
}

/** The network's organisations, for the organisation filter and for names in the table. */
export function useOrganizations() {
  return useQuery({
    queryKey: ['directory', 'Organization'],
    queryFn: ({ signal }) =>
      searchResources<Organization>('Organization', { _count: 1000, _elements: 'name' }, signal),
    staleTime: Infinity,
  });
}

/**
 * The enrolment queue for the filters and sort: pages follow the API's `next` cursor ("Load
 * more"); a change of filter or sort is a new query (and shows the previous rows until it lands).
 */
export function useCandidates(filters: PopulationFilters, sort: CandidateSort, enabled = true) {
  const query = useInfiniteQuery({
    queryKey: [...POPULATION_KEY, 'candidates', candidateQuery(filters, sort)],
    queryFn: ({ pageParam, signal }) =>
      fetchCandidates(candidateQuery(filters, sort, pageParam), signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next,
    placeholderData: keepPreviousData,
    enabled,
  });
  const items: Candidate[] = query.data?.pages.flatMap((p) => p.items) ?? [];
  return { ...query, items };
}
