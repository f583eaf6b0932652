import { OperationOutcomeError, badRequest } from '@medplum/core';
import type { Provenance, Resource } from '@medplum/fhirtypes';
import { completeClientProvenance } from '@careweave/care';
import type { CompanionOption } from '@careweave/store';
import type { FastifyRequest } from 'fastify';
import { requireScope } from '../api/care-http.js';

/** The standard header that carries a Provenance with a REST write (https://hl7.org/fhir/R4/http.html#provenance). */
export const X_PROVENANCE = 'x-provenance';

/**
 * Turns a request's `X-Provenance` header into the write's companion: the Provenance, completed
 * (target = the version written, recorded, author), is stored in the same transaction as the
 * write, so a change through the plain FHIR API can say why. No header → no companion. A header
 * that is not a Provenance in JSON, or whose target names another resource, is a 400 and nothing
 * is written; the token must also allow creating Provenance.
 */
export function provenanceCompanion(request: FastifyRequest): CompanionOption {
  const header = request.headers[X_PROVENANCE];
  if (header === undefined) {
    return {};
  }
  const raw = Array.isArray(header) ? header.join(',') : header;
  let supplied: unknown;
  try {
    supplied = JSON.parse(raw);
  } catch {
    throw new OperationOutcomeError(
      badRequest('X-Provenance must be a Provenance resource in JSON'),
    );
  }
  if (
    !supplied ||
    typeof supplied !== 'object' ||
    (supplied as Resource).resourceType !== 'Provenance'
  ) {
    throw new OperationOutcomeError(
      badRequest('X-Provenance must be a Provenance resource in JSON (resourceType "Provenance")'),
    );
  }
  requireScope(request, 'Provenance', 'c');
  const ctx = request.careweave;
  return {
    companion: (written) => {
      const provenance = completeClientProvenance(ctx, supplied as Provenance, written, new Date());
      if (provenance === 'mismatch') {
        throw new OperationOutcomeError(
          badRequest(
            `X-Provenance target must be the resource written (${written.resourceType}/${written.id})`,
            'Provenance.target',
          ),
        );
      }
      return provenance;
    },
  };
}
