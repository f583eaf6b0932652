import { OperationOutcomeError, forbidden } from '@medplum/core';

/** A 403 with a reason (the server turns it into an OperationOutcome). */
export function refuse(text: string): OperationOutcomeError {
  return new OperationOutcomeError({
    ...forbidden,
    issue: [{ severity: 'error', code: 'forbidden', details: { text } }],
  });
}
