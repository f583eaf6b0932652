import { OperationOutcomeError, badRequest } from '@medplum/core';
import type { Parameters, Resource } from '@medplum/fhirtypes';
import { isResourceType } from '@careweave/fhir';
import { projectRead, type Repository, type RequestContext } from '@careweave/store';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Operation } from 'rfc6902';
import type { FhirInteraction } from '../auth/interactions.js';
import { historyBundle, searchsetBundle } from './bundles.js';
import { registerCompartmentRoutes } from './compartment-routes.js';
import { FHIR_JSON, fhirBase, isLenient, queryOf, sendWritten, setVersionHeaders } from './http.js';
import { WITHHELD_HEADER, withheldCount } from './withheld.js';
import { provenanceCompanion } from './x-provenance.js';
import { notModified } from './conditional-read.js';

type TypeParams = { type: string };
type IdParams = { type: string; id: string };

/** Checks the URL's resource type; an unknown type is a 404 like any unknown endpoint. */
function resourceType(request: FastifyRequest<{ Params: TypeParams }>): string {
  const type = request.params.type;
  if (!isResourceType(type)) {
    throw new OperationOutcomeError({
      resourceType: 'OperationOutcome',
      id: 'not-found',
      issue: [
        {
          severity: 'error',
          code: 'not-found',
          details: { text: `Unknown resource type ${JSON.stringify(type)}` },
        },
      ],
    });
  }
  return type;
}

/** The request body as a resource of the URL's type (and id, for instance-level writes). */
function bodyResource(request: FastifyRequest, type: string, id?: string): Resource {
  const body = request.body as Resource | undefined;
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw new OperationOutcomeError(
      badRequest('Request body must be a FHIR resource (JSON object)'),
    );
  }
  if (body.resourceType !== type) {
    throw new OperationOutcomeError(
      badRequest(
        `resourceType ${JSON.stringify(body.resourceType)} does not match the URL (${type})`,
        'resourceType',
      ),
    );
  }
  if (id !== undefined && body.id !== id) {
    throw new OperationOutcomeError(
      badRequest(
        `Resource id ${JSON.stringify(body.id)} does not match the URL id ${JSON.stringify(id)}`,
        `${type}.id`,
      ),
    );
  }
  return body;
}

/**
 * A PATCH body by its media type: `application/json-patch+json` carries a JSON Patch array,
 * `application/fhir+json` a FHIRPath Patch `Parameters` resource (FHIR R4 §3.1.0.7.2).
 */
function patchDocument(request: FastifyRequest): Operation[] | Parameters {
  const body = request.body;
  const contentType = request.headers['content-type'] ?? '';
  const jsonPatch = Array.isArray(body);
  const fhirPathPatch =
    !!body &&
    typeof body === 'object' &&
    (body as { resourceType?: unknown }).resourceType === 'Parameters';
  if (contentType.includes('json-patch') ? !jsonPatch : !(jsonPatch || fhirPathPatch)) {
    throw new OperationOutcomeError(
      badRequest(
        'PATCH body must be a JSON Patch array (Content-Type: application/json-patch+json) or a FHIRPath Patch Parameters resource (Content-Type: application/fhir+json)',
      ),
    );
  }
  return jsonPatch ? (body as Operation[]) : (body as Parameters);
}

function ifMatch(request: FastifyRequest): { ifMatch?: string } {
  const value = request.headers['if-match'];
  return typeof value === 'string' ? { ifMatch: value } : {};
}

/** Type- and instance-level FHIR REST interactions: create, read, vread, update, patch, delete, search, history. */
export function registerResourceRoutes(
  app: FastifyInstance,
  repo: Repository,
  publicBase?: string,
): void {
  const auth = (interaction: FhirInteraction) => ({
    config: { access: 'authenticated' as const, interaction },
  });

  app.get<{ Params: TypeParams }>('/:type', auth('search-type'), async (request, reply) => {
    const type = resourceType(request);
    const pairs = queryOf(request);
    const result = await repo.search(request.careweave, type, pairs, {
      lenient: isLenient(request),
    });
    await signalWithheld(reply, repo, request.careweave, type, pairs);
    applyLenient(request, reply);
    return reply
      .type(FHIR_JSON)
      .send(searchsetBundle(result, fhirBase(request, publicBase), type, pairs));
  });

  app.post<{ Params: TypeParams }>(
    '/:type/_search',
    auth('search-type'),
    async (request, reply) => {
      const type = resourceType(request);
      const body = request.body;
      const pairs = [
        ...queryOf(request),
        ...(Array.isArray(body) ? (body as [string, string][]) : []),
      ];
      const result = await repo.search(request.careweave, type, pairs, {
        lenient: isLenient(request),
      });
      await signalWithheld(reply, repo, request.careweave, type, pairs);
      applyLenient(request, reply);
      return reply
        .type(FHIR_JSON)
        .send(searchsetBundle(result, fhirBase(request, publicBase), type, pairs));
    },
  );

  app.post<{ Params: TypeParams }>('/:type', auth('create'), async (request, reply) => {
    const type = resourceType(request);
    const resource = bodyResource(request, type);
    const ifNoneExist = request.headers['if-none-exist'];
    const { id: _ignored, ...withoutId } = resource;
    const result = await repo.create(request.careweave, withoutId, {
      ...(typeof ifNoneExist === 'string' ? { ifNoneExist } : {}),
      ...provenanceCompanion(request),
    });
    return sendWritten(
      request,
      reply,
      result.resource,
      result.created ? 201 : 200,
      fhirBase(request, publicBase),
    );
  });

  app.put<{ Params: TypeParams }>('/:type', auth('update-conditional'), async (request, reply) => {
    const type = resourceType(request);
    const query = request.url.split('?', 2)[1];
    if (!query) {
      throw new OperationOutcomeError(
        badRequest('PUT on a type needs search criteria (conditional update) or an id in the URL'),
      );
    }
    const result = await repo.conditionalUpdate(
      request.careweave,
      query,
      bodyResource(request, type),
      provenanceCompanion(request),
    );
    return sendWritten(
      request,
      reply,
      result.resource,
      result.created ? 201 : 200,
      fhirBase(request, publicBase),
    );
  });

  app.get<{ Params: TypeParams }>(
    '/:type/_history',
    auth('history-type'),
    async (request, reply) => {
      const type = resourceType(request);
      const pairs = queryOf(request);
      const q = Object.fromEntries(pairs);
      const page = await repo.history(request.careweave, {
        resourceType: type,
        count: historyCount(q['_count']),
        ...since(q),
      });
      return reply
        .type(FHIR_JSON)
        .send(historyBundle(page, fhirBase(request, publicBase), `/${type}/_history`, pairs));
    },
  );

  app.get<{ Params: IdParams }>('/:type/:id', auth('read'), async (request, reply) => {
    const resource = await repo.read(request.careweave, resourceType(request), request.params.id);
    return sendRead(request, reply, resource);
  });

  app.get<{ Params: IdParams & { vid: string } }>(
    '/:type/:id/_history/:vid',
    auth('vread'),
    async (request, reply) => {
      const resource = await repo.vread(
        request.careweave,
        resourceType(request),
        request.params.id,
        request.params.vid,
      );
      return sendRead(request, reply, resource);
    },
  );

  app.get<{ Params: IdParams }>(
    '/:type/:id/_history',
    auth('history-instance'),
    async (request, reply) => {
      const type = resourceType(request);
      const pairs = queryOf(request);
      const q = Object.fromEntries(pairs);
      await repo.read(request.careweave, type, request.params.id).catch((err: unknown) => {
        if (!(err instanceof OperationOutcomeError) || err.outcome.id !== 'gone') {
          throw err; // a deleted resource still has a history; a hidden or unknown one does not
        }
      });
      const page = await repo.history(request.careweave, {
        resourceType: type,
        id: request.params.id,
        count: historyCount(q['_count']),
        ...since(q),
      });
      return reply
        .type(FHIR_JSON)
        .send(
          historyBundle(
            page,
            fhirBase(request, publicBase),
            `/${type}/${request.params.id}/_history`,
            pairs,
          ),
        );
    },
  );

  app.put<{ Params: IdParams }>('/:type/:id', auth('update'), async (request, reply) => {
    const type = resourceType(request);
    const result = await repo.update(
      request.careweave,
      bodyResource(request, type, request.params.id),
      { ...ifMatch(request), ...provenanceCompanion(request) },
    );
    return sendWritten(
      request,
      reply,
      result.resource,
      result.created ? 201 : 200,
      fhirBase(request, publicBase),
    );
  });

  app.patch<{ Params: IdParams }>('/:type/:id', auth('patch'), async (request, reply) => {
    const type = resourceType(request);
    const resource = await repo.patch(
      request.careweave,
      type,
      request.params.id,
      patchDocument(request),
      { ...ifMatch(request), ...provenanceCompanion(request) },
    );
    return sendWritten(request, reply, resource, 200, fhirBase(request, publicBase));
  });

  app.delete<{ Params: TypeParams }>(
    '/:type',
    auth('delete-conditional'),
    async (request, reply) => {
      const type = resourceType(request);
      const query = request.url.split('?', 2)[1];
      if (!query) {
        throw new OperationOutcomeError(
          badRequest('DELETE on a type needs search criteria (conditional delete) or an id'),
        );
      }
      await repo.conditionalDelete(request.careweave, type, query);
      return reply.status(204).send();
    },
  );

  app.delete<{ Params: IdParams }>('/:type/:id', auth('delete'), async (request, reply) => {
    await repo.delete(
      request.careweave,
      resourceType(request),
      request.params.id,
      ifMatch(request),
    );
    return reply.status(204).send();
  });

  registerCompartmentRoutes(app, repo, publicBase);
}

/**
 * Answers a read or vread: 304 when the client's copy is current (`If-None-Match`,
 * `If-Modified-Since`), else the resource shaped by `_summary`/`_elements`, with its version
 * headers either way.
 */
function sendRead(request: FastifyRequest, reply: FastifyReply, resource: Resource): FastifyReply {
  setVersionHeaders(reply, resource);
  if (notModified(request, resource)) {
    return reply.status(304).send();
  }
  return reply.type(FHIR_JSON).send(projectRead(resource, queryOf(request)));
}

/** `Preference-Applied: handling=lenient` (RFC 7240) when unknown parameters were ignored as asked. */
function applyLenient(request: FastifyRequest, reply: FastifyReply): void {
  if (isLenient(request)) void reply.header('Preference-Applied', 'handling=lenient');
}

/** History page size: `_count`, default 50, at most 1000. */
export function historyCount(value: string | undefined): number {
  const n = value === undefined ? 50 : Number(value);
  if (!Number.isInteger(n) || n < 1) {
    throw new OperationOutcomeError(badRequest('_count must be a positive integer'));
  }
  return Math.min(n, 1000);
}

/** `_since`, `_at` and the paging cursor of a history request. */
export function since(q: Record<string, string>): {
  since?: string;
  before?: string;
  cursor?: string;
} {
  return {
    ...(q['_since'] ? { since: q['_since'] } : {}),
    ...(q['_at'] ? { before: q['_at'] } : {}),
    ...(q['_cursor'] ? { cursor: q['_cursor'] } : {}),
  };
}

/** Adds the withheld-rows header to a patient-scoped search answer when the scope hid some rows. */
async function signalWithheld(
  reply: FastifyReply,
  repo: Repository,
  ctx: RequestContext,
  type: string,
  pairs: readonly [string, string][],
): Promise<void> {
  const hidden = await withheldCount(repo, ctx, type, pairs);
  if (hidden > 0) {
    void reply.header(WITHHELD_HEADER, `${hidden}; reason="consent required"`);
  }
}
