import type { Resource } from '@medplum/fhirtypes';
import type { FastifyRequest } from 'fastify';

/** The version ids an `If-None-Match` header names (`W/"3"`, `"3"`, a list), or `*`. */
function entityTags(header: string): string[] | '*' {
  if (header.trim() === '*') return '*';
  return header
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, '').replace(/^"|"$/g, ''))
    .filter((tag) => tag.length > 0);
}

/**
 * Whether a read may answer 304 Not Modified (RFC 9110 §13.1.2, §13.1.3; FHIR R4 §3.1.0.2:
 * clients cache with ETag and Last-Modified): `If-None-Match` names the current version (or `*`),
 * or, only when there is no `If-None-Match`, the resource has not changed since
 * `If-Modified-Since` (compared at whole seconds, as the `Last-Modified` header is written).
 */
export function notModified(request: FastifyRequest, resource: Resource): boolean {
  const ifNoneMatch = request.headers['if-none-match'];
  if (typeof ifNoneMatch === 'string') {
    const tags = entityTags(ifNoneMatch);
    const version = resource.meta?.versionId;
    return tags === '*' || (version !== undefined && tags.includes(version));
  }
  const ifModifiedSince = request.headers['if-modified-since'];
  const lastUpdated = resource.meta?.lastUpdated;
  if (typeof ifModifiedSince !== 'string' || !lastUpdated) return false;
  const since = Date.parse(ifModifiedSince);
  if (Number.isNaN(since)) return false; // an invalid date is ignored (RFC 9110 §13.1.3)
  return Math.floor(Date.parse(lastUpdated) / 1000) * 1000 <= since;
}
