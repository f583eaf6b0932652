import type {
  MedicationReconciliationView,
  ReconciliationInput,
  TransitionSummary,
} from '@careweave/contract';
import { request } from '../../lib/http';

const base = (patientId: string): string =>
  `/api/transitions/patients/${encodeURIComponent(patientId)}`;

/** `GET /api/transitions/patients/{id}`: current stay, last discharge and their tasks. */
export async function fetchTransitions(
  patientId: string,
  signal?: AbortSignal,
): Promise<TransitionSummary> {
  return (await request<TransitionSummary>(base(patientId), signal ? { signal } : {})).data;
}

/** `GET …/medication-reconciliation`: the two lists of the stay, or the recorded decisions. */
export async function fetchReconciliation(
  patientId: string,
  encounter: string | undefined,
  signal?: AbortSignal,
): Promise<MedicationReconciliationView> {
  const query = encounter ? `?encounter=${encodeURIComponent(encounter)}` : '';
  return (
    await request<MedicationReconciliationView>(
      `${base(patientId)}/medication-reconciliation${query}`,
      signal ? { signal } : {},
    )
  ).data;
}

/** `POST …/medication-reconciliation`: a decision per line; answers the recorded view. */
export async function recordReconciliation(
  patientId: string,
  input: ReconciliationInput,
): Promise<MedicationReconciliationView> {
  return (
    await request<MedicationReconciliationView>(`${base(patientId)}/medication-reconciliation`, {
      method: 'POST',
      json: input,
    })
  ).data;
}
