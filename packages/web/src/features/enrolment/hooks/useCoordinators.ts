import type { Practitioner, PractitionerRole } from '@medplum/fhirtypes';
import { useQuery } from '@tanstack/react-query';
import { searchResources } from '../../../lib/fhir';
import { formatName, parseReference } from '../../../lib/format';

/** SNOMED CT 768820003 "Care coordinator (occupation)", the PractitionerRole.code of coordinators. */
const CARE_COORDINATOR = 'http://snomed.info/sct|768820003';

/** A coordinator one may name on an enrolment. */
export interface CoordinatorChoice {
  /** `Practitioner/<id>`. */
  value: string;
  label: string;
}

/** The network's care coordinators (directory data, one request each for roles and names). */
export function useCoordinators() {
  return useQuery({
    queryKey: ['directory', 'care-coordinators'],
    staleTime: 5 * 60_000,
    queryFn: async ({ signal }): Promise<CoordinatorChoice[]> => {
      const roles = await searchResources<PractitionerRole>('PractitionerRole', { role: CARE_COORDINATOR, active: 'true', _count: 200 }, signal);
      const ids = [...new Set(roles.resources.map((r) => parseReference(r.practitioner)?.id).filter((id): id is string => Boolean(id)))];
      if (ids.length === 0) {
        return [];
      }
      const people = await searchResources<Practitioner>('Practitioner', { _id: ids.join(','), _count: ids.length }, signal);
      return people.resources
        .map((p) => ({ value: `Practitioner/${p.id ?? ''}`, label: formatName(p.name) }))
        .sort((a, b) => a.label.localeCompare(b.label));
    },
  });
}
