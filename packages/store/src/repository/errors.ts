import {
  OperationOutcomeError,
  badRequest,
  conflict,
  forbidden,
  gone,
  notFound,
  preconditionFailed,
} from '@medplum/core';
import type { OperationOutcomeIssue } from '@medplum/fhirtypes';

/**
 * Store errors are `OperationOutcomeError`s carrying an `OperationOutcome`; the server turns the
 * outcome into its HTTP status with `getStatus`, so the status is decided in one place.
 */
export const StoreErrors = {
  notFound: (type: string, id: string) =>
    new OperationOutcomeError({
      ...notFound,
      issue: [{ ...notFound.issue[0]!, details: { text: `${type}/${id} not found` } }],
    }),
  gone: (type: string, id: string) =>
    new OperationOutcomeError({
      ...gone,
      issue: [{ ...gone.issue[0]!, details: { text: `${type}/${id} has been deleted` } }],
    }),
  versionConflict: (expected: string, actual: number) =>
    new OperationOutcomeError({
      ...preconditionFailed,
      issue: [
        {
          ...preconditionFailed.issue[0]!,
          details: {
            text: `Version conflict: If-Match ${expected} but the current version is ${actual}`,
          },
        },
      ],
    }),
  multipleMatches: (what: string) =>
    new OperationOutcomeError({
      ...preconditionFailed,
      issue: [
        {
          severity: 'error',
          code: 'multiple-matches',
          details: { text: `${what}: more than one resource matches the criteria` },
        },
      ],
    }),
  /**
   * The database cannot be reached (stopped, restarting, unreachable): a transient failure the
   * client may retry. The outcome's id `unavailable` is what the server maps to 503.
   */
  unavailable: (text: string) =>
    new OperationOutcomeError({
      resourceType: 'OperationOutcome',
      id: 'unavailable',
      issue: [{ severity: 'error', code: 'transient', details: { text } }],
    }),
  badRequest: (text: string, expression?: string) =>
    new OperationOutcomeError(badRequest(text, expression)),
  conflict: (text: string) => new OperationOutcomeError(conflict(text)),
  forbidden: (text: string) =>
    new OperationOutcomeError({
      ...forbidden,
      issue: [{ ...forbidden.issue[0]!, details: { text } }],
    }),
  invalid: (issues: OperationOutcomeIssue[]) =>
    new OperationOutcomeError({
      resourceType: 'OperationOutcome',
      id: 'validation-error',
      issue: issues,
    }),
};

/** Parses an `If-Match` / ETag value (`W/"3"`, `"3"` or `3`) into a version number. */
export function parseVersionTag(tag: string): number {
  const m = /^(?:W\/)?"?(\d+)"?$/.exec(tag.trim());
  if (!m?.[1]) {
    throw StoreErrors.badRequest(
      `Invalid If-Match value ${JSON.stringify(tag)}; expected W/"<versionId>"`,
    );
  }
  return Number.parseInt(m[1], 10);
}

/** FHIR R4 id syntax: 1–64 of letters, digits, '-' and '.'. */
export function isValidId(id: string): boolean {
  return /^[A-Za-z0-9\-.]{1,64}$/.test(id);
}
