import type { Bundle } from '@medplum/fhirtypes';
import { useQuery } from '@tanstack/react-query';
import { request } from '../../../lib/http';
import { CARE_COORDINATOR_ROLE, coordinatorChoices } from '../model/coordinators';

/**
 * The network's care coordinators, by name (directory data: one PractitionerRole search including
 * the practitioners, cached a few minutes). Used to enrol someone with a coordinator and to hand
 * patients to another one.
 */
export function useCoordinators(enabled = true) {
  return useQuery({
    queryKey: ['directory', 'care-coordinators'],
    queryFn: async ({ signal }) =>
      coordinatorChoices(
        (
          await request<Bundle>(
            `/fhir/R4/PractitionerRole?role=${encodeURIComponent(CARE_COORDINATOR_ROLE)}&_include=PractitionerRole:practitioner&_count=200`,
            { signal },
          )
        ).data,
        undefined,
      ),
    enabled,
    staleTime: 5 * 60_000,
  });
}
