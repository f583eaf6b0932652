import { patientRefs, type AccessEvent, type AccessService } from '@careweave/care';
import type { Resource } from '@medplum/fhirtypes';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { FHIR_BASE } from '../fhir/http.js';

/** The audit action of a FHIR route, from its declared `config.interaction` (server/auth). */
const ACTIONS: Readonly<Record<string, AccessEvent['action']>> = {
  read: 'read',
  vread: 'vread',
  'history-instance': 'history',
  'history-type': 'history',
  'history-system': 'history',
  'search-type': 'search',
  transaction: 'transaction',
  operation: 'operation',
  // A Bulk $export kick-off: who asked for which export (the query names types and filters).
  export: 'export',
  create: 'create',
  update: 'update',
  'update-conditional': 'update',
  patch: 'patch',
  delete: 'delete',
};

/** Writes that succeed are audited inside their own transaction by care/access's write hooks. */
const WRITES: ReadonlySet<AccessEvent['action']> = new Set(['create', 'update', 'patch', 'delete']);

/**
 * `Patient/…` references whose data an answer carries: every FHIR resource in it (a resource, a
 * Bundle's entries, or resources inside an `/api` answer's JSON), each by `patientRefs`.
 */
function patientsIn(payload: unknown): string[] {
  const found = new Set<string>();
  const walk = (value: unknown, depth: number): void => {
    if (!value || typeof value !== 'object' || depth > 12) {
      return;
    }
    if (Array.isArray(value)) {
      value.forEach((v) => walk(v, depth + 1));
      return;
    }
    const resource = value as Resource;
    if (typeof resource.resourceType === 'string' && resource.resourceType !== 'Bundle') {
      patientRefs(resource).forEach((p) => found.add(p));
    }
    for (const child of Object.values(value)) {
      if (child && typeof child === 'object') {
        walk(child, depth + 1);
      }
    }
  };
  walk(payload, 0);
  return [...found];
}

/** A form body's `[name, value]` pairs (`POST …/_search`), as the form parser gives them. */
function isFormPairs(body: unknown): body is [string, string][] {
  return (
    Array.isArray(body) &&
    body.every((p) => Array.isArray(p) && typeof p[0] === 'string' && typeof p[1] === 'string')
  );
}

/** The query string of a request (and, for `_search`, its form body). */
function queryText(request: FastifyRequest): string {
  const i = request.url.indexOf('?');
  const pairs = new URLSearchParams(i < 0 ? '' : request.url.slice(i + 1));
  if (isFormPairs(request.body)) {
    for (const [k, v] of request.body) {
      pairs.append(k, v);
    }
  }
  return pairs.toString();
}

const UNPAIRED_SURROGATE =
  /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Text from the request as the audit record can store it: a NUL or an unpaired surrogate (which
 * PostgreSQL cannot store) becomes U+FFFD, so a hostile id is audited rather than failing the
 * audit write, and with it the answer.
 */
function storable(text: string): string {
  return text.split('\0').join('\uFFFD').replace(UNPAIRED_SURROGATE, '\uFFFD');
}

/**
 * Audits every answered FHIR request (the access-control brief's "Audit"): reads, searches, history, operations and
 * bundles, and writes that failed (a failed write's own audit record rolled back with it); and
 * every `/api` read (as an operation: the URL, and each patient whose resources the answer held)
 * and failed `/api` write. The
 * AuditEvent is stored before the answer leaves (`onSend`, awaited): if it cannot be stored the
 * request fails instead of disclosing data unaudited. Requests without an authenticated caller
 * (401s, public routes) are not audited here; login attempts are audited by server/auth.
 * It also puts the client IP into the request context, so audit records of writes carry it.
 */
export function registerAuditHook(app: FastifyInstance, access: AccessService): void {
  const patients = new WeakMap<FastifyRequest, string[]>();
  const failed = new WeakSet<FastifyRequest>();
  app.addHook('preValidation', async (request) => {
    if (request.careweave && request.routeOptions.config.access === 'authenticated') {
      request.careweave = { ...request.careweave, ip: request.ip } as typeof request.careweave;
    }
  });
  app.addHook('preSerialization', async (request, _reply, payload) => {
    if (request.url.startsWith(FHIR_BASE) || request.url.startsWith('/api/')) {
      patients.set(request, patientsIn(payload));
    }
    return payload;
  });
  app.addHook('onSend', async (request, reply, payload) => {
    const config = request.routeOptions.config;
    // FHIR routes declare their interaction; an `/api` endpoint is an operation (its writes are audited in their transactions).
    const api = request.url.startsWith('/api/');
    const action = config.interaction ? ACTIONS[config.interaction] : api ? 'operation' : undefined;
    const ctx = request.careweave;
    if (
      !action ||
      config.access !== 'authenticated' ||
      !ctx ||
      ctx.actor === 'anonymous' ||
      failed.has(request)
    ) {
      return payload;
    }
    if (
      reply.statusCode === 401 ||
      ((WRITES.has(action) || (api && request.method !== 'GET')) && reply.statusCode < 400)
    ) {
      return payload;
    }
    const params = (request.params ?? {}) as { type?: string; id?: string };
    const resourceType =
      (params.type === undefined ? undefined : storable(params.type)) ??
      (/^\/fhir\/R4\/Patient\//.test(request.url) ? 'Patient' : undefined);
    const event: AccessEvent = {
      ctx,
      action,
      status: reply.statusCode,
      ip: request.ip,
      patients: [
        ...(patients.get(request) ?? []),
        ...(resourceType === 'Patient' && params.id && reply.statusCode < 400
          ? [`Patient/${storable(params.id)}`]
          : []),
      ],
      ...(resourceType ? { resourceType } : {}),
      ...(params.id && !api
        ? { id: storable(params.id) }
        : { query: storable(api ? request.url : queryText(request)) }),
    };
    try {
      await access.audit.recordAccess(event);
    } catch (err) {
      failed.add(request); // the error answer must not try (and fail) to audit again
      throw err;
    }
    return payload;
  });
}
