import { AccessError } from '@careweave/contract';
import type { OperationOutcomeError } from '@medplum/core';
import { careError } from '../shared/care-errors.js';

/** A 403 with a reason and the code AccessError.FORBIDDEN (the server turns it into an OperationOutcome). */
export function refuse(text: string): OperationOutcomeError {
  return careError(AccessError.FORBIDDEN, 'forbidden', text);
}
