import type { Resource } from '@medplum/fhirtypes';
import type { AccessScope } from '../context.js';
import type { Queryable, SqlValue } from '../db/database.js';
import { StoreErrors } from '../repository/errors.js';
import { SqlParams } from '../sql-params.js';
import { whereSql } from './compile.js';
import type { ParsedSearch, SortKey } from './parse.js';

export interface SearchResult {
  resources: Resource[];
  total?: number;
  /** Cursor for the next page, when there is one. */
  nextCursor?: string;
  warnings: string[];
}

interface KeyExpr {
  sql: string;
  cast: string;
  descending: boolean;
}

const NULL_LAST: Record<string, [string, string]> = {
  // [sentinel when ascending, sentinel when descending]: nulls sort last either way
  '::timestamptz': ["'infinity'::timestamptz", "'-infinity'::timestamptz"],
  '::numeric': ["'Infinity'::numeric", "'-Infinity'::numeric"],
  '::text': ['chr(1114111)', "''"],
};

/** The SQL expression a sort key orders by; per-resource values come from the indexed side tables. */
function keyExpr(key: SortKey, params: SqlParams): KeyExpr {
  const { param, descending } = key;
  const agg = descending ? 'max' : 'min';
  const owner = 'x.resource_type = r.resource_type AND x.resource_id = r.id';
  let sql: string;
  let cast: string;
  if (param.code === '_id') {
    return { sql: 'r.id COLLATE "C"', cast: '::text', descending };
  } else if (param.code === '_lastUpdated') {
    return { sql: 'r.last_updated', cast: '::timestamptz', descending };
  }
  switch (param.type) {
    case 'date':
      sql = `(SELECT ${agg}(x.${descending ? 'high' : 'low'}) FROM sp_date x WHERE ${owner} AND x.param = ${params.add(param.code)})`;
      cast = '::timestamptz';
      break;
    case 'number':
    case 'quantity':
      sql = `(SELECT ${agg}(x.value) FROM sp_number x WHERE ${owner} AND x.param = ${params.add(param.code)})`;
      cast = '::numeric';
      break;
    case 'string':
      sql = `(SELECT ${agg}(x.value COLLATE "C") FROM sp_string x WHERE ${owner} AND x.param = ${params.add(param.code)})`;
      cast = '::text';
      break;
    case 'reference':
      sql = `(SELECT ${agg}(t COLLATE "C") FROM unnest(r.refs) t WHERE t LIKE ${params.add(`${param.code}|%`)})`;
      cast = '::text';
      break;
    default:
      sql = `(SELECT ${agg}(t COLLATE "C") FROM unnest(r.tokens) t WHERE t LIKE ${params.add(`${param.code}|*|%`)})`;
      cast = '::text';
  }
  const sentinel = NULL_LAST[cast]?.[descending ? 1 : 0];
  return { sql: `COALESCE(${sql}, ${sentinel})`, cast, descending };
}

function encodeCursor(values: unknown[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

function decodeCursor(cursor: string, size: number): SqlValue[] {
  try {
    const values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(values) && values.length === size && values.every((v) => typeof v === 'string' || typeof v === 'number')) {
      return values as SqlValue[];
    }
  } catch {
    // fall through
  }
  throw StoreErrors.badRequest('Invalid or expired page cursor');
}

/**
 * Runs a parsed search. Pages are keyset pages over the sort keys plus `id` as tie-break, so a
 * `next` link neither skips nor repeats a row while data changes underneath.
 */
export async function executeSearch(q: Queryable, scope: AccessScope, search: ParsedSearch): Promise<SearchResult> {
  const result: SearchResult = { resources: [], warnings: search.warnings };
  if (search.total === 'accurate' || search.summaryCount) {
    const countParams = new SqlParams();
    const where = whereSql(search, scope, countParams);
    const { rows } = await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM resource r WHERE ${where}`, countParams.values);
    result.total = rows[0]?.n ?? 0;
  }
  if (search.summaryCount || search.count === 0) {
    return result;
  }
  const params = new SqlParams();
  const keys = [...search.sort.map((k) => keyExpr(k, params)), { sql: 'r.id COLLATE "C"', cast: '::text', descending: false }];
  const inner = `SELECT r.id, r.content::text AS content, ${keys.map((k, i) => `${k.sql} AS k${i}`).join(', ')}
                   FROM resource r WHERE ${whereSql(search, scope, params)}`;
  let keyset = 'TRUE';
  if (search.cursor) {
    const values = decodeCursor(search.cursor, keys.length);
    const ors = keys.map((k, i) => {
      const eqs = keys.slice(0, i).map((_, j) => `x.k${j} = ${params.add(values[j] ?? null)}${keys[j]?.cast}`);
      return [...eqs, `x.k${i} ${k.descending ? '<' : '>'} ${params.add(values[i] ?? null)}${k.cast}`].join(' AND ');
    });
    keyset = ors.map((o) => `(${o})`).join(' OR ');
  }
  const order = keys.map((k, i) => `x.k${i} ${k.descending ? 'DESC' : 'ASC'}`).join(', ');
  const sql = `SELECT * FROM (${inner}) x WHERE ${keyset} ORDER BY ${order} LIMIT ${params.add(search.count + 1)}`;
  const { rows } = await q.query<Record<string, string | number | Date | null>>(sql, params.values);
  const more = rows.length > search.count;
  const page = more ? rows.slice(0, search.count) : rows;
  result.resources = page.map((row) => applyElements(JSON.parse(String(row['content'])) as Resource, search.elements));
  const last = page[page.length - 1];
  if (more && last) {
    result.nextCursor = encodeCursor(keys.map((_, i) => {
      const v = last[`k${i}`];
      return v instanceof Date ? v.toISOString() : v;
    }));
  }
  return result;
}

const MANDATORY = new Set(['resourceType', 'id', 'meta']);

/** `_elements`: keeps the named top-level elements and marks the resource SUBSETTED. */
function applyElements(resource: Resource, elements: string[] | undefined): Resource {
  if (!elements || elements.length === 0) {
    return resource;
  }
  const keep = new Set(elements);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(resource)) {
    if (MANDATORY.has(k) || keep.has(k)) {
      out[k] = v;
    }
  }
  const meta = { ...resource.meta, tag: [...(resource.meta?.tag ?? []), { system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationValue', code: 'SUBSETTED' }] };
  return { ...out, meta } as Resource;
}
