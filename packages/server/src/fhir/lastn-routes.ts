import { OperationOutcomeError } from '@medplum/core';
import type { Repository } from '@careweave/store';
import type { FastifyInstance } from 'fastify';
import { searchsetBundle } from './bundles.js';
import { FHIR_JSON, fhirBase, queryOf } from './http.js';

function notFound(text: string): OperationOutcomeError {
  return new OperationOutcomeError({
    resourceType: 'OperationOutcome',
    id: 'not-found',
    issue: [{ severity: 'error', code: 'not-found', details: { text } }],
  });
}

/**
 * `GET Observation/$lastn` and `GET Patient/{id}/Observation/$lastn` (FHIR R4 Observation-lastn):
 * a searchset of the `max` most recent observations per code and patient. The URL keeps `:type`
 * so the scope check asks `s` on Observation, as a search would.
 */
export function registerLastNRoutes(
  app: FastifyInstance,
  repo: Repository,
  publicBase?: string,
): void {
  const config = {
    config: { access: 'authenticated' as const, interaction: 'search-type' as const },
  };

  app.get<{ Params: { type: string } }>('/:type/$lastn', config, async (request, reply) => {
    if (request.params.type !== 'Observation') {
      throw notFound(`$lastn is defined on Observation, not ${request.params.type}`);
    }
    const pairs = queryOf(request);
    const result = await repo.lastn(request.careweave, pairs);
    return reply
      .type(FHIR_JSON)
      .send(searchsetBundle(result, fhirBase(request, publicBase), 'Observation/$lastn', pairs));
  });

  app.get<{ Params: { compartment: string; id: string; type: string } }>(
    '/:compartment/:id/:type/$lastn',
    config,
    async (request, reply) => {
      const { compartment, id, type } = request.params;
      if (compartment !== 'Patient' || type !== 'Observation') {
        throw notFound('$lastn is available as Patient/{id}/Observation/$lastn');
      }
      const pairs = queryOf(request);
      const result = await repo.lastn(request.careweave, pairs, id);
      return reply
        .type(FHIR_JSON)
        .send(
          searchsetBundle(
            result,
            fhirBase(request, publicBase),
            `Patient/${encodeURIComponent(id)}/Observation/$lastn`,
            pairs,
          ),
        );
    },
  );
}
