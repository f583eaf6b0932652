import { extractIndexValues, type IndexValues } from '@careweave/fhir';
import type { Resource } from '@medplum/fhirtypes';
import { StoreErrors } from './errors.js';

/** One version of one resource, ready to be written: the JSON plus its extracted search values. */
export interface ResourceRow {
  resourceType: string;
  id: string;
  versionId: number;
  lastUpdated: string;
  deleted: boolean;
  patientId: string | null;
  /** The resource as stored, serialised once (null for a deletion). */
  json: string | null;
  index: IndexValues;
}

const EMPTY_INDEX: IndexValues = { patientIds: [], tokens: [], references: [], strings: [], dates: [], numbers: [] };

/**
 * Stamps server-owned metadata (`meta.versionId`, `meta.lastUpdated`) onto a copy of the resource
 * and extracts its search values. Client-sent `meta.tag`, `meta.security`, `meta.profile` are kept.
 */
export function buildRow<T extends Resource>(resource: T, versionId: number, lastUpdated: string): { row: ResourceRow; stored: T } {
  const stored = {
    ...resource,
    meta: { ...resource.meta, versionId: String(versionId), lastUpdated },
  } as T;
  const json = JSON.stringify(stored);
  // PostgreSQL's jsonb refuses NUL characters and unpaired surrogates, which JSON.parse accepts;
  // JSON.stringify writes both as \u escapes, so only then is the slow walk needed.
  if (json.includes('\\u') && !storableStrings(stored)) {
    throw StoreErrors.badRequest('Resource contains a NUL character or an unpaired UTF-16 surrogate, which cannot be stored');
  }
  const index = extractIndexValues(stored);
  return {
    stored,
    row: {
      resourceType: stored.resourceType,
      id: stored.id as string,
      versionId,
      lastUpdated,
      deleted: false,
      patientId: index.patientIds[0] ?? null,
      json,
      index,
    },
  };
}

/** A tombstone row: the version that records a deletion. */
export function deletionRow(resourceType: string, id: string, versionId: number, lastUpdated: string, patientId: string | null): ResourceRow {
  return { resourceType, id, versionId, lastUpdated, deleted: true, patientId, json: null, index: EMPTY_INDEX };
}

function storableStrings(value: unknown): boolean {
  if (typeof value === 'string') {
    return !value.includes('\0') && (value as string & { isWellFormed(): boolean }).isWellFormed();
  }
  if (Array.isArray(value)) {
    return value.every(storableStrings);
  }
  if (value && typeof value === 'object') {
    return Object.entries(value).every(([k, v]) => storableStrings(k) && storableStrings(v));
  }
  return true;
}
