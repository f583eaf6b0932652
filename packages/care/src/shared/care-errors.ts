import { OperationOutcomeError } from '@medplum/core';
import type { OperationOutcome } from '@medplum/fhirtypes';

import { CARE_ERROR_SYSTEM, INVALID_INPUT } from '@careweave/contract';

export { CARE_ERROR_SYSTEM };

/**
 * What kind of failure a domain error is. The server's one error handler turns the outcome's id
 * into the HTTP status (`getStatus`): not-found 404, forbidden 403, conflict 409,
 * business-rule 422, invalid 400.
 */
export type CareErrorKind = 'not-found' | 'forbidden' | 'conflict' | 'business-rule' | 'invalid';

/**
 * A domain error as an `OperationOutcomeError`: the outcome carries the human text and the
 * machine code (`details.coding` in CARE_ERROR_SYSTEM), so clients switch on the code, never on
 * the text.
 */
export function careError(
  code: string,
  kind: CareErrorKind,
  text: string,
  expression?: string,
): OperationOutcomeError {
  const issueCode =
    kind === 'invalid'
      ? 'invalid'
      : kind === 'not-found'
        ? 'not-found'
        : kind === 'forbidden'
          ? 'forbidden'
          : kind === 'conflict'
            ? 'conflict'
            : 'business-rule';
  const outcome: OperationOutcome = {
    resourceType: 'OperationOutcome',
    ...(kind === 'invalid' ? {} : { id: kind }),
    issue: [
      {
        severity: 'error',
        code: issueCode,
        details: { coding: [{ system: CARE_ERROR_SYSTEM, code }], text },
        ...(expression ? { expression: [expression] } : {}),
      },
    ],
  };
  return new OperationOutcomeError(outcome);
}

/** The domain error code of an error thrown by `careError`, if it is one. */
export function careErrorCode(err: unknown): string | undefined {
  if (!(err instanceof OperationOutcomeError)) {
    return undefined;
  }
  return err.outcome.issue?.[0]?.details?.coding?.find((c) => c.system === CARE_ERROR_SYSTEM)?.code;
}

/** A 400 for malformed domain input (a missing field, a bad date). */
export function invalidInput(text: string, expression?: string): OperationOutcomeError {
  return careError(INVALID_INPUT, 'invalid', text, expression);
}
