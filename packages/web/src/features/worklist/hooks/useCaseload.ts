import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { request } from '../../../lib/http';
import type { Caseload, MyTeamPatients, ReassignPatientsRequest } from '@careweave/contract';

/** My caseload: enrolled patients with open, overdue and admission counts. */
export function useCaseload() {
  return useQuery({
    queryKey: ['caseload'],
    queryFn: async ({ signal }) =>
      (await request<Caseload>('/api/roster/caseload', { signal })).data,
  });
}

/** Moves patients to another coordinator (all or none), keeping the reason; refreshes caseload and worklist. */
export function useReassignPatients() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (input: { patients: readonly string[]; to: string; reason: string }) =>
      (
        await request<{ reassigned: { patientId: string; changed: boolean }[] }>(
          '/api/roster/reassign',
          {
            method: 'POST',
            json: {
              patients: [...input.patients],
              to: input.to,
              reason: input.reason.trim(),
            } satisfies ReassignPatientsRequest,
          },
        )
      ).data,
    onSuccess: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: ['caseload'] }),
        client.invalidateQueries({ queryKey: ['worklist'] }),
      ]),
  });
}

/** The people whose active care teams list me, with my role on each team (any clinician). */
export function useTeamPatients() {
  return useQuery({
    queryKey: ['caseload', 'team-patients'],
    queryFn: async ({ signal }) =>
      (await request<MyTeamPatients>('/api/roster/my-patients', { signal })).data,
  });
}
