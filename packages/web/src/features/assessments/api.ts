import type { Questionnaire, QuestionnaireResponse } from '@medplum/fhirtypes';
import { request } from '../../lib/http';
import type {
  AcceptSuggestionRequest,
  AcceptedSuggestion,
  AssessmentSummary,
  DismissSuggestionRequest,
} from '@careweave/contract';

/*
 * The assessment endpoints (packages/care/src/assessments/README.md). A response is written
 * through the FHIR API (`/fhir/R4/QuestionnaireResponse`): the server scores it and runs the
 * rules (safety task and flag, suggestions, re-screening) in the same transaction.
 */

const opts = (signal?: AbortSignal) => (signal ? { signal } : {});

export async function fetchAssessmentSummary(
  patientId: string,
  signal?: AbortSignal,
): Promise<AssessmentSummary> {
  return (
    await request<AssessmentSummary>(
      `/api/assessments/summary?patient=${encodeURIComponent(patientId)}`,
      opts(signal),
    )
  ).data;
}

export async function fetchQuestionnaire(id: string, signal?: AbortSignal): Promise<Questionnaire> {
  return (
    await request<Questionnaire>(`/fhir/R4/Questionnaire/${encodeURIComponent(id)}`, opts(signal))
  ).data;
}

export async function fetchResponse(
  id: string,
  signal?: AbortSignal,
): Promise<QuestionnaireResponse> {
  return (
    await request<QuestionnaireResponse>(
      `/fhir/R4/QuestionnaireResponse/${encodeURIComponent(id)}`,
      opts(signal),
    )
  ).data;
}

/** Creates the response, or updates it when it already has an id (a saved draft). */
export async function saveResponse(qr: QuestionnaireResponse): Promise<QuestionnaireResponse> {
  return (
    await request<QuestionnaireResponse>(
      qr.id
        ? `/fhir/R4/QuestionnaireResponse/${encodeURIComponent(qr.id)}`
        : '/fhir/R4/QuestionnaireResponse',
      { method: qr.id ? 'PUT' : 'POST', json: qr },
    )
  ).data;
}

export async function acceptSuggestion(
  id: string,
  body: AcceptSuggestionRequest,
): Promise<AcceptedSuggestion> {
  return (
    await request<AcceptedSuggestion>(
      `/api/assessments/suggestions/${encodeURIComponent(id)}/accept`,
      { method: 'POST', json: body },
    )
  ).data;
}

export async function dismissSuggestion(id: string, reason: string): Promise<void> {
  await request(`/api/assessments/suggestions/${encodeURIComponent(id)}/dismiss`, {
    method: 'POST',
    json: { reason } satisfies DismissSuggestionRequest,
  });
}
