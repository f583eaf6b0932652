import { OperationOutcomeError } from '@medplum/core';
import type { OperationOutcomeIssue } from '@medplum/fhirtypes';
import { outcome } from '../errors.js';

/** The statuses administration answers with, by OperationOutcome id (what `getStatus` reads). */
const IDS = { 400: 'bad-request', 403: 'forbidden', 404: 'not-found', 409: 'conflict' } as const;

/** An administration error: an OperationOutcome with the status and a sentence that says what to do. */
export function adminError(
  status: keyof typeof IDS,
  code: OperationOutcomeIssue['code'],
  text: string,
): OperationOutcomeError {
  return new OperationOutcomeError({ ...outcome(code, text), id: IDS[status] });
}
