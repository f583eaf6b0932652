import type {
  CdsCard,
  CdsFeedbackRequest,
  CdsHookRequest,
  CdsHookResponse,
  CdsRatesResponse,
} from '@careweave/contract';
import { request } from '../../lib/http';

/*
 * The CDS Hooks service at the server root (care/decision-support, server/cds-hooks): the
 * workspace calls it like any CDS client, with the signed-in user's token.
 */

export const PATIENT_VIEW_SERVICE = 'careweave-patient-view';

/** The patient-view cards for a person (the signed-in user is `context.userId`). */
export async function fetchCards(
  patientId: string,
  userId: string,
  signal?: AbortSignal,
): Promise<CdsCard[]> {
  const body: CdsHookRequest = {
    hook: 'patient-view',
    hookInstance: crypto.randomUUID(),
    context: { userId, patientId },
  };
  const answer = await request<CdsHookResponse>(`/cds-services/${PATIENT_VIEW_SERVICE}`, {
    method: 'POST',
    json: body,
    ...(signal ? { signal } : {}),
  });
  return answer.data.cards;
}

/** Performs a `create` action through the FHIR API (the one write path). */
export async function createResource(resource: { resourceType: string }): Promise<void> {
  await request(`/fhir/R4/${encodeURIComponent(resource.resourceType)}`, {
    method: 'POST',
    json: resource,
  });
}

/** Tells the service what became of a card (CDS Hooks feedback). */
export async function sendFeedback(feedback: CdsFeedbackRequest): Promise<void> {
  await request(`/cds-services/${PATIENT_VIEW_SERVICE}/feedback`, {
    method: 'POST',
    json: feedback,
  });
}

/** Acceptance per rule (programme managers). */
export async function fetchRates(signal?: AbortSignal): Promise<CdsRatesResponse> {
  return (await request<CdsRatesResponse>('/api/decision-support/rates', signal ? { signal } : {}))
    .data;
}
