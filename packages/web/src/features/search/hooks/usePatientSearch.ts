import type { Patient } from '@medplum/fhirtypes';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { searchResources, type SearchParams, type SearchResult } from '../../../lib/fhir';

/** How long typing must pause before a search is sent. */
export const SEARCH_DEBOUNCE_MS = 250;
const MIN_LENGTH = 2;

/**
 * Turns what was typed into FHIR search parameters: a date (1952-08-14, 14/08/1952 or a year) is a
 * birth date, a token with digits (CW00000001) an identifier, anything else name prefixes (every
 * word must match a part of the name).
 */
export function patientSearchParams(term: string): SearchParams | null {
  const t = term.trim();
  if (t.length < MIN_LENGTH) {
    return null;
  }
  const base = { _count: 10, _sort: 'family' };
  if (/^\d{4}(-\d{2}(-\d{2})?)?$/.test(t)) {
    return { ...base, birthdate: t };
  }
  const dmy = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$/.exec(t);
  if (dmy) {
    return {
      ...base,
      birthdate: `${dmy[3]}-${dmy[2]?.padStart(2, '0')}-${dmy[1]?.padStart(2, '0')}`,
    };
  }
  if (/\d/.test(t) && !/\s/.test(t)) {
    return { ...base, identifier: t };
  }
  const words = t.split(/\s+/).filter(Boolean);
  return { ...base, name: words };
}

/** Debounced patient search as the user types; keeps the last results while the next load. */
export function usePatientSearch(term: string): {
  params: SearchParams | null;
  result: SearchResult<Patient> | undefined;
  isFetching: boolean;
  error: Error | null;
  pending: boolean;
} {
  const [debounced] = useDebouncedValue(term, SEARCH_DEBOUNCE_MS);
  const params = patientSearchParams(debounced);
  const query = useQuery({
    queryKey: ['patient-search', params],
    queryFn: ({ signal }) => searchResources<Patient>('Patient', params ?? {}, signal),
    enabled: params !== null,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
  return {
    params,
    result: params ? query.data : undefined,
    isFetching: query.isFetching,
    error: query.error,
    pending: term.trim() !== debounced.trim(),
  };
}
