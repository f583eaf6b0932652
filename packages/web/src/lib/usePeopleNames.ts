import type { Practitioner } from '@medplum/fhirtypes';
import { useQuery } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import { searchResources } from './fhir';
import { formatName } from './format';

/**
 * Names for `Practitioner/…` references the worklist, feed, threads and summary show (the APIs return bare
 * references): one `Practitioner?_id=a,b,…` search for the people on screen, cached a while since
 * names rarely change. Anything else falls back to the given display or the reference.
 */
export function usePeopleNames(
  references: readonly (string | undefined)[],
): (reference: string | undefined, display?: string) => string {
  const ids = useMemo(
    () =>
      [
        ...new Set(
          references
            .filter((r): r is string => r?.startsWith('Practitioner/') ?? false)
            .map((r) => r.slice('Practitioner/'.length)),
        ),
      ].sort(),
    [references],
  );
  const query = useQuery({
    queryKey: ['people-names', ids],
    queryFn: ({ signal }) =>
      searchResources<Practitioner>(
        'Practitioner',
        { _id: ids.join(','), _elements: 'name', _count: ids.length },
        signal,
      ),
    enabled: ids.length > 0,
    staleTime: 10 * 60_000,
  });
  const names = useMemo(
    () =>
      new Map(
        (query.data?.resources ?? []).map((p) => [
          `Practitioner/${p.id ?? ''}`,
          formatName(p.name),
        ]),
      ),
    [query.data],
  );
  return useCallback(
    (reference: string | undefined, display?: string) =>
      reference ? (names.get(reference) ?? display ?? reference) : (display ?? '—'),
    [names],
  );
}
