import type { Organization, PractitionerRole, Reference } from '@medplum/fhirtypes';
import { useQuery } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import { searchResources } from '../../../lib/fhir';
import { parseReference } from '../../../lib/format';

/** Looks up names and affiliations that references do not carry themselves. */
export interface Directory {
  /** The organisation's name for a reference (its display, else the directory's, else the id). */
  organizationName: (ref: Reference | undefined) => string | undefined;
  /** The organisation a practitioner works for (the first of their active roles). */
  organizationOf: (practitioner: Reference | undefined) => Reference | undefined;
}

/**
 * Organisation names (the network's directory is small: one request, cached for the session) and
 * practitioners' organisations (one `PractitionerRole?practitioner=a,b,…` request for the people
 * the summary mentions).
 */
export function useDirectory(practitionerIds: readonly string[]): Directory {
  const orgs = useQuery({
    queryKey: ['directory', 'Organization'],
    queryFn: ({ signal }) =>
      searchResources<Organization>('Organization', { _count: 1000, _elements: 'name' }, signal),
    staleTime: Infinity,
  });
  const ids = useMemo(() => [...new Set(practitionerIds)].sort(), [practitionerIds]);
  const roles = useQuery({
    queryKey: ['directory', 'PractitionerRole', ids],
    queryFn: ({ signal }) =>
      searchResources<PractitionerRole>(
        'PractitionerRole',
        { practitioner: ids.map((id) => `Practitioner/${id}`).join(','), _count: 1000 },
        signal,
      ),
    enabled: ids.length > 0,
    staleTime: 5 * 60_000,
  });

  const names = useMemo(
    () => new Map((orgs.data?.resources ?? []).map((o) => [o.id ?? '', o.name ?? ''])),
    [orgs.data],
  );
  const byPractitioner = useMemo(() => {
    const map = new Map<string, Reference>();
    for (const role of roles.data?.resources ?? []) {
      const pid = parseReference(role.practitioner)?.id;
      if (pid && role.organization && role.active !== false && !map.has(pid)) {
        map.set(pid, role.organization);
      }
    }
    return map;
  }, [roles.data]);

  const organizationName = useCallback(
    (ref: Reference | undefined) => {
      if (!ref) {
        return undefined;
      }
      const id = parseReference(ref)?.id;
      return ref.display ?? (id ? names.get(id) : undefined) ?? id ?? ref.reference;
    },
    [names],
  );
  const organizationOf = useCallback(
    (practitioner: Reference | undefined) => {
      const parsed = parseReference(practitioner);
      return parsed?.type === 'Practitioner' ? byPractitioner.get(parsed.id) : undefined;
    },
    [byPractitioner],
  );
  return useMemo(() => ({ organizationName, organizationOf }), [organizationName, organizationOf]);
}
