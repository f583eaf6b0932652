import { OperationOutcomeError } from '@medplum/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { queryOf } from './http.js';

/** `_format` values that mean JSON (FHIR R4 §3.1.0.1.9 shorthands and MIME types). */
const JSON_FORMATS = new Set([
  'json',
  'application/json',
  'application/fhir+json',
  'application/json+fhir',
]);

/** Media ranges of an `Accept` header under which JSON is acceptable. */
function acceptsJson(accept: string): boolean {
  const ranges = accept
    .split(',')
    .map((part) => {
      const [type = '', ...params] = part.split(';').map((p) => p.trim().toLowerCase());
      const q = params.find((p) => p.startsWith('q='));
      return { type, q: q === undefined ? 1 : Number(q.slice(2)) };
    })
    .filter((r) => r.type.length > 0);
  if (ranges.length === 0) return true;
  return ranges.some(
    (r) =>
      r.q > 0 &&
      (r.type === '*/*' ||
        r.type === 'application/*' ||
        r.type.endsWith('/json') ||
        r.type.endsWith('+json') ||
        r.type === 'application/json+fhir'),
  );
}

function notAcceptable(what: string): OperationOutcomeError {
  return new OperationOutcomeError({
    resourceType: 'OperationOutcome',
    id: 'not-acceptable',
    issue: [
      {
        severity: 'error',
        code: 'not-supported',
        details: {
          text: `${what}: this server speaks FHIR JSON only (application/fhir+json); XML and other formats are not supported`,
        },
      },
    ],
  });
}

/**
 * The format a FHIR request asks for: `_format` (which overrides `Accept`) or `Accept`. JSON
 * only; anything that rules JSON out (`_format=xml`, `Accept: application/fhir+xml`) is refused
 * with 406 rather than answered in JSON that the client did not ask for.
 */
export function checkFormat(request: FastifyRequest): void {
  const format = queryOf(request).find(([k]) => k === '_format')?.[1];
  if (format !== undefined) {
    const type = format.split(';')[0]?.trim().toLowerCase() ?? '';
    if (!JSON_FORMATS.has(type)) {
      throw notAcceptable(`_format=${format.slice(0, 100)}`);
    }
    return;
  }
  const accept = request.headers.accept;
  if (typeof accept === 'string' && !acceptsJson(accept)) {
    throw notAcceptable(`Accept: ${accept.slice(0, 100)}`);
  }
}

/** Checks the format of every FHIR request (on the FHIR plugin's scope), before its handler runs. */
export function registerFormatCheck(fhir: FastifyInstance): void {
  fhir.addHook('preValidation', async (request) => {
    checkFormat(request);
  });
}
