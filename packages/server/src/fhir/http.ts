import type { Resource } from '@medplum/fhirtypes';
import type { RequestContext } from '@careweave/store';
import type { FastifyReply, FastifyRequest } from 'fastify';

export const FHIR_JSON = 'application/fhir+json; charset=utf-8';
export const FHIR_BASE = '/fhir/R4';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is acting, set by the access layer before any handler runs. */
    careweave: RequestContext;
  }
  interface FastifyContextConfig {
    /** Every route declares its access rule: `public` routes need no credentials. */
    access?: 'public' | 'authenticated';
  }
}

/** The absolute FHIR base URL as the client sees it (honours a configured public URL). */
export function fhirBase(request: FastifyRequest, configured?: string): string {
  if (configured) {
    return configured.replace(/\/$/, '');
  }
  const proto = (request.headers['x-forwarded-proto'] as string | undefined) ?? request.protocol;
  const forwardedHost = request.headers['x-forwarded-host'];
  const host =
    (Array.isArray(forwardedHost) ? forwardedHost[0] : forwardedHost) ?? request.headers.host;
  return `${proto}://${host ?? 'localhost'}${FHIR_BASE}`;
}

/** `Prefer: return=…` (FHIR R4 §3.1.0.5): representation (default), minimal or OperationOutcome. */
export function preferredReturn(
  request: FastifyRequest,
): 'representation' | 'minimal' | 'OperationOutcome' {
  const prefer = String(request.headers['prefer'] ?? '');
  const m = /return=(minimal|representation|OperationOutcome)/i.exec(prefer);
  const value = m?.[1]?.toLowerCase();
  if (value === 'minimal') {
    return 'minimal';
  }
  if (value === 'operationoutcome') {
    return 'OperationOutcome';
  }
  return 'representation';
}

/** `Prefer: handling=lenient` asks search to ignore unknown parameters with a warning. */
export function isLenient(request: FastifyRequest): boolean {
  return /handling=lenient/i.test(String(request.headers['prefer'] ?? ''));
}

/** Sets ETag and Last-Modified from the resource's meta. */
export function setVersionHeaders(reply: FastifyReply, resource: Resource): void {
  if (resource.meta?.versionId) {
    void reply.header('ETag', `W/"${resource.meta.versionId}"`);
  }
  if (resource.meta?.lastUpdated) {
    void reply.header('Last-Modified', new Date(resource.meta.lastUpdated).toUTCString());
  }
}

/** Answers a write with status, version headers and the body the client preferred. */
export function sendWritten(
  request: FastifyRequest,
  reply: FastifyReply,
  resource: Resource,
  status: number,
  base: string,
): FastifyReply {
  setVersionHeaders(reply, resource);
  if (status === 201) {
    void reply.header(
      'Location',
      `${base}/${resource.resourceType}/${resource.id}/_history/${resource.meta?.versionId}`,
    );
  }
  void reply.status(status).type(FHIR_JSON);
  const preferred = preferredReturn(request);
  if (/return=/i.test(String(request.headers['prefer'] ?? ''))) {
    // RFC 7240 §3: say which preference shaped the answer.
    void reply.header('Preference-Applied', `return=${preferred}`);
  }
  switch (preferred) {
    case 'minimal':
      return reply.send();
    case 'OperationOutcome':
      return reply.send({
        resourceType: 'OperationOutcome',
        issue: [
          {
            severity: 'information',
            code: 'informational',
            details: {
              text: `${status === 201 ? 'Created' : 'Updated'} ${resource.resourceType}/${resource.id}`,
            },
          },
        ],
      });
    default:
      return reply.send(resource);
  }
}

/** The URL's query string as ordered pairs (repeated parameters kept, they AND together). */
export function queryOf(request: FastifyRequest): [string, string][] {
  const i = request.url.indexOf('?');
  return i < 0 ? [] : [...new URLSearchParams(request.url.slice(i + 1)).entries()];
}
