import type { Bundle } from '@medplum/fhirtypes';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { request } from '../../../lib/http';
import { CARE_COORDINATOR_ROLE, coordinatorChoices, type Caseload } from '../model/caseload';
import type { PersonChoice } from '../../care-team/model/team';

/** My caseload: enrolled patients with open, overdue and admission counts. */
export function useCaseload() {
  return useQuery({
    queryKey: ['caseload'],
    queryFn: async ({ signal }) => (await request<Caseload>('/api/roster/caseload', { signal })).data,
  });
}

/** The network's care coordinators (other than `me`) to hand patients to. */
export function useCoordinators(me: string | undefined, enabled: boolean): { choices: PersonChoice[]; loading: boolean; error: Error | null } {
  const query = useQuery({
    queryKey: ['coordinators'],
    queryFn: async ({ signal }) =>
      (await request<Bundle>(`/fhir/R4/PractitionerRole?role=${encodeURIComponent(CARE_COORDINATOR_ROLE)}&_include=PractitionerRole:practitioner&_count=200`, { signal })).data,
    enabled,
    staleTime: 5 * 60_000,
  });
  return { choices: coordinatorChoices(query.data, me), loading: query.isPending && enabled, error: query.error };
}

/** Moves patients to another coordinator (all or none), keeping the reason; refreshes caseload and worklist. */
export function useReassignPatients() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (input: { patients: readonly string[]; to: string; reason: string }) =>
      (await request<{ reassigned: { patientId: string; changed: boolean }[] }>('/api/roster/reassign', { method: 'POST', json: { patients: input.patients, to: input.to, reason: input.reason.trim() } })).data,
    onSuccess: () => Promise.all([client.invalidateQueries({ queryKey: ['caseload'] }), client.invalidateQueries({ queryKey: ['worklist'] })]),
  });
}
