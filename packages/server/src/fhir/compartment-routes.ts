import { OperationOutcomeError } from '@medplum/core';
import { isResourceType } from '@careweave/fhir';
import type { Repository } from '@careweave/store';
import type { FastifyInstance } from 'fastify';
import { searchsetBundle } from './bundles.js';
import { FHIR_JSON, fhirBase, isLenient, queryOf } from './http.js';

type CompartmentParams = { compartment: string; id: string; type: string };

function notFound(text: string): OperationOutcomeError {
  return new OperationOutcomeError({
    resourceType: 'OperationOutcome',
    id: 'not-found',
    issue: [{ severity: 'error', code: 'not-found', details: { text } }],
  });
}

/** Only the Patient compartment is supported (R4 CompartmentDefinition Patient). */
function checkCompartment(compartment: string): void {
  if (compartment !== 'Patient') {
    throw notFound(`Compartment ${JSON.stringify(compartment)} is not supported (only Patient)`);
  }
}

/**
 * Compartment search `GET Patient/{id}/{type}?…` (the type's search, limited to the patient's
 * compartment) and `GET Patient/{id}/$everything` (`_since`, `_type`, `_count`, paging). The
 * route's `type` parameter is the searched type, so the scope check asks `s` on it; for
 * `$everything` there is none, so it asks `s` on every type.
 */
export function registerCompartmentRoutes(
  app: FastifyInstance,
  repo: Repository,
  publicBase?: string,
): void {
  const config = {
    config: { access: 'authenticated' as const, interaction: 'search-type' as const },
  };

  app.get<{ Params: Omit<CompartmentParams, 'type'> }>(
    '/:compartment/:id/$everything',
    config,
    async (request, reply) => {
      const { compartment, id } = request.params;
      checkCompartment(compartment);
      const pairs = queryOf(request);
      const result = await repo.everything(request.careweave, id, pairs);
      return reply
        .type(FHIR_JSON)
        .send(
          searchsetBundle(
            result,
            fhirBase(request, publicBase),
            `Patient/${encodeURIComponent(id)}/$everything`,
            pairs,
          ),
        );
    },
  );

  app.get<{ Params: CompartmentParams }>(
    '/:compartment/:id/:type',
    config,
    async (request, reply) => {
      const { compartment, id, type } = request.params;
      checkCompartment(compartment);
      if (!isResourceType(type)) {
        throw notFound(`Unknown resource type ${JSON.stringify(type)}`);
      }
      const pairs = queryOf(request);
      const result = await repo.search(request.careweave, type, pairs, {
        lenient: isLenient(request),
        compartment: { type: 'Patient', id },
      });
      return reply
        .type(FHIR_JSON)
        .send(
          searchsetBundle(
            result,
            fhirBase(request, publicBase),
            `Patient/${encodeURIComponent(id)}/${type}`,
            pairs,
          ),
        );
    },
  );
}
