import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { fetchPeople, fetchResults } from '../api';

/** Every measure's results for the query (the previous ones stay on screen while a new one loads). */
export function useMeasureResults(query: string) {
  return useQuery({
    queryKey: ['measures', 'results', query],
    queryFn: ({ signal }) => fetchResults(query, signal),
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
}

/** The people behind a measure or group (drill-down); off until a group is chosen. */
export function useMeasurePeople(id: string | null, query: string) {
  return useQuery({
    queryKey: ['measures', 'people', id, query],
    queryFn: ({ signal }) => fetchPeople(id ?? '', query, signal),
    enabled: id !== null,
  });
}
