import { OperationOutcomeError, badRequest } from '@medplum/core';
import type { Resource } from '@medplum/fhirtypes';
import type { Repository } from '@careweave/store';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { identityContexts } from '../auth/guard.js';
import { grants, type Letter } from '../auth/scopes.js';
import { outcome } from '../errors.js';

/** What the care /api routes need. */
export interface CareApiDeps {
  repo: Repository;
}

/** Route options of every care /api route: a bearer token is required (request.careweave is the actor). */
export const AUTHENTICATED = { config: { access: 'authenticated' as const } };

/** The JSON object body of a request, or a 400. */
export function jsonBody<T extends object>(request: FastifyRequest): T {
  const body = request.body;
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw new OperationOutcomeError(badRequest('Request body must be a JSON object'));
  }
  return body as T;
}

/** `If-Match` of the request, as domain options. */
export function ifMatchOf(request: FastifyRequest): { ifMatch?: string } {
  const value = request.headers['if-match'];
  return typeof value === 'string' ? { ifMatch: value } : {};
}

/** A query parameter as a string (the last one when repeated), or undefined. */
export function queryParam(request: FastifyRequest, name: string): string | undefined {
  const value = (request.query as Record<string, string | string[] | undefined>)[name];
  const last = Array.isArray(value) ? value[value.length - 1] : value;
  return last === undefined || last === '' ? undefined : last;
}

/**
 * Writes through /api need the token's scopes to allow them, like FHIR writes do (SMART letters
 * c/u on the resource type): a read-only token cannot change a plan through the app API either.
 */
export function requireScope(request: FastifyRequest, resourceType: string, letter: Letter): void {
  const identity = request.identity;
  if (!identity || grants(identity.scopes, identityContexts(identity), { resourceType, letter })) {
    return;
  }
  throw new OperationOutcomeError({
    ...outcome(
      'forbidden',
      `The access token's scopes do not allow '${letter}' on ${resourceType}`,
    ),
    id: 'forbidden',
  });
}

/** Sends JSON with the `ETag` of a versioned resource (the one an `If-Match` must name next). */
export function sendWithVersion(
  reply: FastifyReply,
  status: number,
  versioned: Resource | { version?: string } | undefined,
  payload: unknown,
): FastifyReply {
  const version =
    versioned && 'resourceType' in versioned ? versioned.meta?.versionId : versioned?.version;
  if (version) {
    void reply.header('ETag', `W/"${version}"`);
  }
  return reply.status(status).type('application/json; charset=utf-8').send(payload);
}

/** `Patient/123` or `123` → `123`. */
export function bareId(value: string | undefined, type: string): string | undefined {
  return value?.startsWith(`${type}/`) ? value.slice(type.length + 1) : value;
}
