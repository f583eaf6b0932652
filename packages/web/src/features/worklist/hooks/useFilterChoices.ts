import type { CareTeam, Organization } from '@medplum/fhirtypes';
import { useQuery } from '@tanstack/react-query';
import { searchResources } from '../../../lib/fhir';
import type { PersonChoice } from '../../care-team/model/team';

/** Organisations of the network (same query and cache key as the summary's directory). */
export function useOrganizationChoices(): PersonChoice[] {
  const query = useQuery({
    queryKey: ['directory', 'Organization'],
    queryFn: ({ signal }) =>
      searchResources<Organization>('Organization', { _count: 1000, _elements: 'name' }, signal),
    staleTime: Infinity,
  });
  return (query.data?.resources ?? [])
    .filter((o) => o.id)
    .map((o) => ({ value: o.id ?? '', label: o.name ?? o.id ?? '' }))
    .sort((a, b) => a.label.localeCompare(b.label));
}

/** Active care teams the user can see (the server's access scope keeps this to their own patients). */
export function useCareTeamChoices(): PersonChoice[] {
  const query = useQuery({
    queryKey: ['worklist-filter', 'CareTeam'],
    queryFn: ({ signal }) =>
      searchResources<CareTeam>(
        'CareTeam',
        { status: 'active', _count: 200, _elements: 'name,subject' },
        signal,
      ),
    staleTime: 5 * 60_000,
  });
  return (query.data?.resources ?? [])
    .filter((t) => t.id)
    .map((t) => ({ value: t.id ?? '', label: t.name ?? t.subject?.display ?? t.id ?? '' }))
    .sort((a, b) => a.label.localeCompare(b.label));
}
