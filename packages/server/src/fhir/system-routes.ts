import { OperationOutcomeError, badRequest } from '@medplum/core';
import type { Bundle, Resource } from '@medplum/fhirtypes';
import { isResourceType, validateResourceStrict } from '@careweave/fhir';
import { processBatch, processTransaction, type Repository } from '@careweave/store';
import type { FastifyInstance } from 'fastify';
import { historyBundle } from './bundles.js';
import { capabilityStatement } from './capability.js';
import { FHIR_JSON, fhirBase, queryOf } from './http.js';
import { historyCount, since } from './resource-routes.js';

/** System-level interactions: metadata, transaction/batch Bundles, system history, `$validate`. */
export function registerSystemRoutes(
  app: FastifyInstance,
  repo: Repository,
  version: string,
  publicBase?: string,
): void {
  app.get('/metadata', { config: { access: 'public' } }, async (_request, reply) =>
    reply.type(FHIR_JSON).send(capabilityStatement(version)),
  );

  app.post(
    '/',
    { config: { access: 'authenticated', interaction: 'transaction' } },
    async (request, reply) => {
      const bundle = request.body as Bundle | undefined;
      if (
        !bundle ||
        bundle.resourceType !== 'Bundle' ||
        (bundle.type !== 'transaction' && bundle.type !== 'batch')
      ) {
        throw new OperationOutcomeError(
          badRequest('POST to the base needs a Bundle of type transaction or batch'),
        );
      }
      const response =
        bundle.type === 'transaction'
          ? await processTransaction(repo, request.careweave, bundle)
          : await processBatch(repo, request.careweave, bundle);
      return reply.type(FHIR_JSON).send(response);
    },
  );

  app.get(
    '/_history',
    { config: { access: 'authenticated', interaction: 'history-system' } },
    async (request, reply) => {
      const pairs = queryOf(request);
      const q = Object.fromEntries(pairs);
      const page = await repo.history(request.careweave, {
        count: historyCount(q['_count']),
        ...since(q),
      });
      return reply
        .type(FHIR_JSON)
        .send(historyBundle(page, fhirBase(request, publicBase), '/_history', pairs));
    },
  );

  const validate = async (type: string, body: unknown): Promise<unknown> => {
    if (!isResourceType(type)) {
      throw new OperationOutcomeError(badRequest(`Unknown resource type ${type}`));
    }
    // $validate takes the resource itself or a Parameters wrapping it (FHIR R4 Resource-validate).
    const params = body as {
      resourceType?: string;
      parameter?: { name: string; resource?: Resource }[];
    };
    const resource =
      params?.resourceType === 'Parameters'
        ? params.parameter?.find((p) => p.name === 'resource')?.resource
        : body;
    const issues = validateResourceStrict(resource);
    if (resource && (resource as Resource).resourceType !== type) {
      issues.push({
        severity: 'error',
        code: 'invalid',
        details: { text: `resourceType must be ${type}` },
        expression: ['resourceType'],
      });
    }
    return {
      resourceType: 'OperationOutcome',
      issue:
        issues.length > 0
          ? issues
          : [
              {
                severity: 'information',
                code: 'informational',
                details: { text: 'Validation successful: no issues found' },
              },
            ],
    };
  };
  app.post<{ Params: { type: string } }>(
    '/:type/$validate',
    { config: { access: 'authenticated', interaction: 'operation' } },
    async (request, reply) =>
      reply.type(FHIR_JSON).send(await validate(request.params.type, request.body)),
  );
  app.post<{ Params: { type: string; id: string } }>(
    '/:type/:id/$validate',
    { config: { access: 'authenticated', interaction: 'operation' } },
    async (request, reply) =>
      reply.type(FHIR_JSON).send(await validate(request.params.type, request.body)),
  );
}
