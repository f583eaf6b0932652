import { getPatientCompartmentParams, isResourceType, listResourceTypes } from '@careweave/fhir';
import type { Resource } from '@medplum/fhirtypes';
import type { AccessScope } from '../context.js';
import type { Queryable } from '../db/database.js';
import { StoreErrors, isValidId } from '../repository/errors.js';
import { scopeContentSql } from '../scope.js';
import { SqlParams } from '../sql-params.js';
import { loadIncludes } from './include.js';
import { decodeCursor, encodeCursor } from './keys.js';
import { DEFAULT_COUNT, MAX_COUNT } from './model.js';
import type { SearchResult } from './execute.js';
import { dateRange } from './values.js';

/** `Patient/{id}/$everything` parameters (FHIR R4 Patient-everything). */
export interface EverythingQuery {
  patientId: string;
  /** `_since`: only resources updated at or after this instant. */
  since?: string;
  /** `_type`: only these resource types. */
  types?: string[];
  count?: number;
  cursor?: string;
}

let codeTypes: Map<string, string[]> | undefined;

/** For each Patient-compartment parameter code, the resource types it puts into the compartment. */
function compartmentCodes(): Map<string, string[]> {
  if (!codeTypes) {
    codeTypes = new Map();
    for (const type of listResourceTypes()) {
      for (const code of getPatientCompartmentParams(type)) {
        codeTypes.set(code, [...(codeTypes.get(code) ?? []), type]);
      }
    }
  }
  return codeTypes;
}

/** Parses the `$everything` URL parameters; unknown ones answer 400. */
export function parseEverything(
  patientId: string,
  pairs: Iterable<[string, string]>,
): EverythingQuery {
  const query: EverythingQuery = { patientId };
  for (const [name, value] of pairs) {
    switch (name) {
      case '_since':
        query.since = dateRange(value).low;
        break;
      case '_type':
        query.types = value.split(',').filter(Boolean);
        if (query.types.some((t) => !isResourceType(t))) {
          throw StoreErrors.badRequest(
            `_type must list resource types, got ${JSON.stringify(value.slice(0, 200))}`,
          );
        }
        break;
      case '_count':
        if (!/^\d+$/.test(value)) {
          throw StoreErrors.badRequest('_count must be a non-negative integer');
        }
        query.count = Math.min(Number(value), MAX_COUNT);
        break;
      case '_cursor':
        query.cursor = value;
        break;
      case '_format':
      case '_pretty':
        break;
      default:
        throw StoreErrors.badRequest(
          `$everything does not support the parameter ${JSON.stringify(name.slice(0, 100))}`,
        );
    }
  }
  return query;
}

/**
 * `Patient/{id}/$everything`: the Patient and every resource in its compartment (R4
 * CompartmentDefinition Patient), ordered by type and id and paged by keyset, with the shared
 * directory resources they refer to (practitioners, organisations, locations…) as `include`
 * entries. The patient must be visible to the actor (404 otherwise); every row is scoped.
 */
export async function everything(
  q: Queryable,
  scope: AccessScope,
  query: EverythingQuery,
): Promise<SearchResult> {
  const { patientId } = query;
  const count = query.count ?? DEFAULT_COUNT;
  if (!isValidId(patientId)) {
    throw StoreErrors.notFound('Patient', patientId);
  }
  const params = new SqlParams();
  const access = scopeContentSql(scope, 'r', params);
  const visible = await q.query(
    `SELECT 1 FROM resource r WHERE r.resource_type = 'Patient' AND r.id = ${params.add(patientId)} AND NOT r.deleted AND ${access.where}`,
    params.values,
  );
  if (visible.rows.length === 0) {
    throw StoreErrors.notFound('Patient', patientId);
  }
  const b = new SqlParams();
  const scoped = scopeContentSql(scope, 'r', b);
  const codes = compartmentCodes();
  const keys = [...codes.keys()].map((code) => `${code}|Patient/${patientId}`);
  // The GIN probe finds every candidate; the per-code check keeps a code to the types whose
  // compartment definition lists it.
  const precise = [...codes].map(
    ([code, types]) =>
      `(r.refs @> ARRAY[${b.add(`${code}|Patient/${patientId}`)}]::text[] AND r.resource_type = ANY(${b.add(types)}::text[]))`,
  );
  const clauses = [
    'NOT r.deleted',
    scoped.where,
    `((r.resource_type = 'Patient' AND r.id = ${b.add(patientId)}) OR (r.refs && ${b.add(keys)}::text[] AND (${precise.join(' OR ')})))`,
  ];
  if (query.since) {
    clauses.push(`r.last_updated >= ${b.add(query.since)}::timestamptz`);
  }
  if (query.types) {
    clauses.push(`r.resource_type = ANY(${b.add(query.types)}::text[])`);
  }
  const cursor = query.cursor ? decodeCursor(query.cursor, 2) : undefined;
  if (cursor) {
    const op = cursor.direction === 'n' ? '>' : '<';
    clauses.push(
      `(r.resource_type, r.id) ${op} (${b.add(cursor.values[0] ?? '')}::text, ${b.add(cursor.values[1] ?? '')}::text)`,
    );
  }
  const dir = cursor?.direction === 'p' ? 'DESC' : 'ASC';
  const { rows } = await q.query<{
    resource_type: string;
    id: string;
    refs: string[] | null;
    content: string;
  }>(
    `SELECT r.resource_type, r.id, r.refs, ${scoped.content}::text AS content FROM resource r WHERE ${clauses.join(' AND ')}
      ORDER BY r.resource_type ${dir}, r.id ${dir} LIMIT ${b.add(count + 1)}`,
    b.values,
  );
  const more = rows.length > count;
  const page = more ? rows.slice(0, count) : rows;
  if (cursor?.direction === 'p') {
    page.reverse();
  }
  const result: SearchResult = {
    resources: page.map((r) => JSON.parse(r.content) as Resource),
    warnings: [],
  };
  const first = page[0];
  const last = page[page.length - 1];
  if (last && (cursor?.direction === 'p' || more)) {
    result.nextCursor = encodeCursor('n', [last.resource_type, last.id]);
  }
  if (first && (cursor?.direction === 'p' ? more : cursor !== undefined)) {
    result.prevCursor = encodeCursor('p', [first.resource_type, first.id]);
  }
  if (!cursor && !more) {
    result.total = page.length;
  }
  const matches = page.map((r) => ({
    resourceType: r.resource_type,
    id: r.id,
    refs: r.refs ?? [],
  }));
  const { included, truncated } = await loadIncludes(
    q,
    scope,
    [{ reverse: false, iterate: false, source: '*', param: '*' }],
    matches,
    { sharedOnly: true },
  );
  result.included = included;
  if (truncated) {
    result.warnings.push('Referenced resources were truncated at the include cap');
  }
  return result;
}
