import type { Practitioner } from '@medplum/fhirtypes';
import { useQuery } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import { searchResources } from '../../../lib/fhir';
import { formatName } from '../../../lib/format';
import type { TeamMember } from '../model/types';

/**
 * Names for the people the plan's history and reviews mention. The API gives references; the
 * current team carries displays, and anyone else (someone who has left the team) is looked up in
 * one `Practitioner?_id=…` search.
 */
export function useNames(team: readonly TeamMember[], references: readonly (string | undefined)[], patient?: { id: string; name?: string }) {
  const known = useMemo(() => {
    const map = new Map(team.filter((m) => m.display).map((m) => [m.reference, m.display as string]));
    if (patient?.name) map.set(`Patient/${patient.id}`, patient.name);
    return map;
  }, [team, patient]);
  const missing = useMemo(
    () => [...new Set(references.filter((r): r is string => !!r?.startsWith('Practitioner/') && !known.has(r)).map((r) => r.slice('Practitioner/'.length)))].sort(),
    [references, known],
  );
  const looked = useQuery({
    queryKey: ['plan-names', missing],
    queryFn: ({ signal }) => searchResources<Practitioner>('Practitioner', { _id: missing.join(','), _count: missing.length }, signal),
    enabled: missing.length > 0,
    staleTime: 5 * 60_000,
  });
  return useCallback(
    (reference: string | undefined): string => {
      if (!reference) return 'someone';
      const found = looked.data?.resources.find((p) => `Practitioner/${p.id}` === reference);
      return known.get(reference) ?? (found ? formatName(found.name) : reference);
    },
    [known, looked.data],
  );
}
