import type { MedicationReconciliationView, ReconciliationInput } from '@careweave/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { fetchReconciliation, fetchTransitions, recordReconciliation } from '../api';

/** The person's stays and transition tasks (summary panel, header). */
export function useTransitions(patientId: string) {
  return useQuery({
    queryKey: ['transitions', patientId],
    queryFn: ({ signal }) => fetchTransitions(patientId, signal),
    staleTime: 30_000,
  });
}

/** The reconciliation of a stay (the latest discharge when none is named). */
export function useReconciliation(patientId: string, encounter: string | undefined) {
  return useQuery({
    queryKey: ['medication-reconciliation', patientId, encounter ?? 'latest'],
    queryFn: ({ signal }) => fetchReconciliation(patientId, encounter, signal),
  });
}

/** Records the decisions; the worklist, caseload and summary move with it. */
export function useRecordReconciliation(patientId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: ReconciliationInput) => recordReconciliation(patientId, input),
    onSuccess: (view: MedicationReconciliationView) => {
      client.setQueryData(['medication-reconciliation', patientId, view.stay.encounter], view);
      void client.invalidateQueries({ queryKey: ['medication-reconciliation', patientId] });
      void client.invalidateQueries({ queryKey: ['transitions', patientId] });
      void client.invalidateQueries({ queryKey: ['worklist'] });
      void client.invalidateQueries({ queryKey: ['caseload'] });
      void client.invalidateQueries({ queryKey: ['summary', patientId] });
    },
  });
}
