import { extractIndexValues, validateResourceStrict, type IndexValues } from '@careweave/fhir';
import type { OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';
import { accessColumns } from '../scope.js';
import { StoreErrors } from './errors.js';

/** One version of one resource, ready to be written: the JSON plus its extracted search values. */
export interface ResourceRow {
  resourceType: string;
  id: string;
  versionId: number;
  lastUpdated: string;
  deleted: boolean;
  patientId: string | null;
  /** Owning organisation and `system|code` security labels (the access columns, see scope.ts). */
  orgId: string | null;
  security: string[];
  /** The resource as stored, serialised once (null for a deletion). */
  json: string | null;
  index: IndexValues;
}

const EMPTY_INDEX: IndexValues = {
  patientIds: [],
  tokens: [],
  references: [],
  strings: [],
  dates: [],
  numbers: [],
};

/**
 * Stamps server-owned metadata (`meta.versionId`, `meta.lastUpdated`) onto a copy of the resource
 * and extracts its search values. Client-sent `meta.tag`, `meta.security`, `meta.profile` are kept.
 */
export function buildRow<T extends Resource>(
  resource: T,
  versionId: number,
  lastUpdated: string,
): { row: ResourceRow; stored: T } {
  const stored = {
    ...resource,
    meta: { ...resource.meta, versionId: String(versionId), lastUpdated },
  } as T;
  const json = JSON.stringify(stored);
  // PostgreSQL's jsonb refuses NUL characters and unpaired surrogates, which JSON.parse accepts;
  // JSON.stringify writes both as \u escapes, so only then is the slow walk needed.
  if (json.includes('\\u') && !storableStrings(stored)) {
    throw StoreErrors.badRequest(
      'Resource contains a NUL character or an unpaired UTF-16 surrogate, which cannot be stored',
    );
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
      ...accessColumns(stored.meta),
      json,
      index,
    },
  };
}

/** A tombstone row: the version that records a deletion. */
export function deletionRow(
  resourceType: string,
  id: string,
  versionId: number,
  lastUpdated: string,
  patientId: string | null,
  access: { orgId: string | null; security: string[] } = { orgId: null, security: [] },
): ResourceRow {
  // The tombstone keeps the deleted version's owner and labels, so history hides it from the same people.
  return {
    resourceType,
    id,
    versionId,
    lastUpdated,
    deleted: true,
    patientId,
    ...access,
    json: null,
    index: EMPTY_INDEX,
  };
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

/**
 * A resource validated and indexed ahead of its write — by an import worker thread, say — so the
 * writing thread only stamps versions and sends rows. Plain data: it crosses `postMessage`.
 */
export interface PreparedResource {
  resourceType: string;
  id: string;
  /** The resource as JSON without `meta`. */
  body: string;
  /** `meta` as JSON without `versionId`/`lastUpdated` (the server sets those), or '' when empty. */
  meta: string;
  /** Search values of the resource as it will be stored. */
  index: IndexValues;
  /** Validation errors, each with `diagnostics` naming `Type/id`; empty when valid or not validated. */
  issues: OperationOutcomeIssue[];
}

/** Splits a resource into its JSON without `meta` and its client-owned `meta` (see PreparedResource). */
export function splitResource(resource: Resource): { body: string; meta: string } {
  const { meta, ...rest } = resource;
  let metaJson = '';
  if (meta) {
    const { versionId: _v, lastUpdated: _l, ...own } = meta;
    metaJson = JSON.stringify(own);
  }
  return { body: JSON.stringify(rest), meta: metaJson === '{}' ? '' : metaJson };
}

/**
 * Validates (keeping errors, as `upsertMany` does), serialises and indexes a resource for a later
 * `preparedRow`. Throws what `buildRow` throws for content PostgreSQL cannot store. Search values
 * do not depend on `meta.versionId`/`lastUpdated` (`_lastUpdated` is a column), so indexing before
 * the version is known gives `buildRow`'s values.
 */
export function prepareResource(resource: Resource, validate: boolean): PreparedResource {
  const issues: OperationOutcomeIssue[] = [];
  if (validate) {
    for (const issue of validateResourceStrict(resource)) {
      if (issue.severity === 'error' || issue.severity === 'fatal') {
        issues.push({ ...issue, diagnostics: `${resource.resourceType}/${resource.id}` });
      }
    }
  }
  const { body, meta } = splitResource(resource);
  if ((body.includes('\\u') || meta.includes('\\u')) && !storableStrings(resource)) {
    throw StoreErrors.badRequest(
      'Resource contains a NUL character or an unpaired UTF-16 surrogate, which cannot be stored',
    );
  }
  return {
    resourceType: resource.resourceType,
    id: resource.id as string,
    body,
    meta,
    index: extractIndexValues(resource),
    issues,
  };
}

/** The resource a prepared one was made from (without server-owned meta), parsed back. */
export function preparedResource(p: PreparedResource): Resource {
  const resource = JSON.parse(p.body) as Resource;
  return p.meta ? { ...resource, meta: JSON.parse(p.meta) as Resource['meta'] } : resource;
}

/**
 * `buildRow` for a prepared resource: splices `meta.versionId`/`lastUpdated` into the prepared JSON
 * (key order differs from `buildRow`'s; jsonb does not keep key order). `stored()` parses on demand.
 */
export function preparedRow(
  p: PreparedResource,
  versionId: number,
  lastUpdated: string,
): { row: ResourceRow; stored: () => Resource } {
  const own = p.meta ? `${p.meta.slice(1, -1)},` : '';
  const json = `${p.body.slice(0, -1)},"meta":{${own}"versionId":"${versionId}","lastUpdated":"${lastUpdated}"}}`;
  return {
    stored: () => JSON.parse(json) as Resource,
    row: {
      resourceType: p.resourceType,
      id: p.id,
      versionId,
      lastUpdated,
      deleted: false,
      patientId: p.index.patientIds[0] ?? null,
      ...accessColumns(p.meta ? (JSON.parse(p.meta) as Resource['meta']) : undefined),
      json,
      index: p.index,
    },
  };
}
