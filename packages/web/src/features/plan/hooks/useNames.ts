import type { Practitioner, RelatedPerson } from '@medplum/fhirtypes';
import { useQuery } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import { searchResources } from '../../../lib/fhir';
import { formatName } from '../../../lib/format';
import type { TeamMember } from '@careweave/contract';

const idsOf = (
  refs: readonly (string | undefined)[],
  type: string,
  known: ReadonlyMap<string, string>,
): string[] =>
  [
    ...new Set(
      refs
        .filter((r): r is string => !!r?.startsWith(`${type}/`) && !known.has(r))
        .map((r) => r.slice(type.length + 1)),
    ),
  ].sort();

/**
 * Names for the people the plan's team, history and reviews mention. The API gives references;
 * the current team carries displays where the CareTeam has them, and anyone else (someone who has
 * left the team, a caregiver listed without a display) is looked up in one `_id` search per type.
 */
export function useNames(
  team: readonly TeamMember[],
  references: readonly (string | undefined)[],
  patient?: { id: string; name?: string },
) {
  const known = useMemo(() => {
    const map = new Map(
      team.filter((m) => m.display).map((m) => [m.reference, m.display as string]),
    );
    if (patient?.name) map.set(`Patient/${patient.id}`, patient.name);
    return map;
  }, [team, patient]);
  const all = useMemo(() => [...references, ...team.map((m) => m.reference)], [references, team]);
  const practitionerIds = useMemo(() => idsOf(all, 'Practitioner', known), [all, known]);
  const relatedIds = useMemo(() => idsOf(all, 'RelatedPerson', known), [all, known]);
  const practitioners = useQuery({
    queryKey: ['plan-names', 'Practitioner', practitionerIds],
    queryFn: ({ signal }) =>
      searchResources<Practitioner>(
        'Practitioner',
        { _id: practitionerIds.join(','), _count: practitionerIds.length },
        signal,
      ),
    enabled: practitionerIds.length > 0,
    staleTime: 5 * 60_000,
  });
  const related = useQuery({
    queryKey: ['plan-names', 'RelatedPerson', relatedIds],
    queryFn: ({ signal }) =>
      searchResources<RelatedPerson>(
        'RelatedPerson',
        { _id: relatedIds.join(','), _count: relatedIds.length },
        signal,
      ),
    enabled: relatedIds.length > 0,
    staleTime: 5 * 60_000,
  });
  return useCallback(
    (reference: string | undefined): string => {
      if (!reference) return 'someone';
      const found = [
        ...(practitioners.data?.resources ?? []),
        ...(related.data?.resources ?? []),
      ].find((p) => `${p.resourceType}/${p.id}` === reference);
      return known.get(reference) ?? (found?.name ? formatName(found.name) : reference);
    },
    [known, practitioners.data, related.data],
  );
}

/** The plan's current team with a display name for everyone (caregivers are often listed without one). */
export function useNamedTeam(view: {
  team: readonly TeamMember[];
  patient: { id: string; name?: string };
}): TeamMember[] {
  const name = useNames(view.team, [], view.patient);
  return useMemo(
    () => view.team.map((m) => (m.display ? m : { ...m, display: name(m.reference) })),
    [view.team, name],
  );
}
