import { useQueries, useQuery } from '@tanstack/react-query';
import { request } from '../../../lib/http';
import { ownerChoices, type PatientTeams, type PersonChoice } from '../model/team';

const teamsQuery = (patientId: string) => ({
  queryKey: ['patient-teams', patientId],
  queryFn: async ({ signal }: { signal: AbortSignal }) =>
    (
      await request<PatientTeams>(
        `/api/roster/patients/${encodeURIComponent(patientId)}/care-teams`,
        { signal },
      )
    ).data,
  staleTime: 60_000,
});

/** A patient's active care teams and their current members. */
export function usePatientTeams(patientId: string) {
  return useQuery(teamsQuery(patientId));
}

/** Who may own the tasks of these patients (see `ownerChoices`), loading while any team is. */
export function useOwnerChoices(patientIds: readonly string[]): {
  choices: PersonChoice[];
  loading: boolean;
  error: Error | null;
} {
  const unique = [...new Set(patientIds)].sort();
  const results = useQueries({ queries: unique.map(teamsQuery) });
  const loading = results.some((r) => r.isPending);
  const error = results.find((r) => r.error)?.error ?? null;
  return { choices: loading ? [] : ownerChoices(results.map((r) => r.data)), loading, error };
}
