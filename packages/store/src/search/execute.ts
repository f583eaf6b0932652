import type { Resource } from '@medplum/fhirtypes';
import type { AccessScope } from '../context.js';
import type { Queryable } from '../db/database.js';
import { scopeContentSql } from '../scope.js';
import { whereSql } from './compile.js';
import { loadIncludes, type MatchRow } from './include.js';
import { decodeCursor, encodeCursor, keysetSql, sortKeys } from './keys.js';
import type { ParsedSearch } from './model.js';
import { projectResource } from './project.js';
import { resolveSearch } from './resolve.js';
import { SearchSql } from './sql-builder.js';

/** One page of search results. */
export interface SearchResult {
  /** The matches of the page, in order. */
  resources: Resource[];
  /** Resources added by `_include`/`_revinclude` (Bundle search mode `include`). */
  included?: Resource[];
  total?: number;
  /** Cursor for the next page, when there is one. */
  nextCursor?: string;
  /** Cursor for the previous page, when this page is not the first. */
  prevCursor?: string;
  warnings: string[];
}

type PageRow = Record<string, string | string[] | null> & { id: string; content: string };

/** Counts the matches (`_total=accurate`, `_summary=count`). */
async function countMatches(
  q: Queryable,
  scope: AccessScope,
  search: ParsedSearch,
): Promise<number> {
  const b = new SearchSql(scope);
  const where = whereSql(b, search, 'r', scopeContentSql(scope, 'r', b.params).where);
  const { rows } = await q.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM resource r WHERE ${where}`,
    b.params.values,
  );
  return rows[0]?.n ?? 0;
}

/**
 * Runs a parsed search as one statement per page (plus one per chain or `_has` to resolve, a
 * count when asked for, and one per `_include` round). Pages are keyset pages over the sort keys plus `id`: a `next` or `previous`
 * link names the row the page starts after (or before), so pages neither skip nor repeat a row
 * while data changes underneath.
 */
export async function executeSearch(
  q: Queryable,
  scope: AccessScope,
  parsed: ParsedSearch,
): Promise<SearchResult> {
  const result: SearchResult = { resources: [], warnings: [...parsed.warnings] };
  const search = await resolveSearch(q, scope, parsed);
  const counting =
    search.summary === 'count' ||
    search.total === 'accurate' ||
    (search.count === 0 && search.total === 'auto');
  if (counting) {
    result.total = await countMatches(q, scope, search);
  }
  if (search.summary === 'count' || search.count === 0) {
    return result;
  }
  const b = new SearchSql(scope);
  const keys = sortKeys(b, search.sort);
  const cursor = search.cursor ? decodeCursor(search.cursor, keys.length) : undefined;
  const backwards = cursor?.direction === 'p';
  // The page sub-select computes only ids and keys; content is fetched for the page rows alone.
  const admitted = scopeContentSql(scope, 'r', b.params).where;
  const inner = `SELECT r.id, ${keys.map((k, i) => `${k.sql} AS k${i}`).join(', ')} FROM resource r WHERE ${whereSql(b, search, 'r', admitted)}`;
  const keyset = cursor ? keysetSql(b, keys, cursor) : 'TRUE';
  const order = (alias: string, reverse: boolean): string =>
    keys.map((k, i) => `${alias}.k${i} ${k.descending !== reverse ? 'DESC' : 'ASC'}`).join(', ');
  const content = scopeContentSql(scope, 'c', b.params).content;
  // Keys travel as text (cursor values are cast back): exact for numerics and ±infinity dates.
  const sql = `SELECT p.id, ${keys.map((_, i) => `p.k${i}::text AS k${i}`).join(', ')}, ${content}::text AS content${search.includes.length > 0 ? ', c.refs' : ''}
      FROM (SELECT * FROM (${inner}) x WHERE ${keyset} ORDER BY ${order('x', backwards)} LIMIT ${b.add(search.count + 1)}) p
      JOIN resource c ON c.resource_type = ${b.add(search.resourceType)} AND c.id = p.id
     ORDER BY ${order('p', backwards)}`;
  const { rows } = await q.query<PageRow>(sql, b.params.values);
  const more = rows.length > search.count;
  const page = more ? rows.slice(0, search.count) : rows;
  if (backwards) {
    page.reverse();
  }
  result.resources = page.map((row) =>
    projectResource(JSON.parse(row.content) as Resource, search.summary, search.elements),
  );
  const keyValues = (row: PageRow | undefined): unknown[] | undefined =>
    row && keys.map((_, i) => row[`k${i}`]);
  const first = keyValues(page[0]);
  const last = keyValues(page[page.length - 1]);
  // Forward: a next page when more rows follow; a previous one whenever this is not the first
  // page. Backward: the mirror image.
  if (last && (backwards || more)) {
    result.nextCursor = encodeCursor('n', last);
  }
  if (first && (backwards ? more : cursor !== undefined)) {
    result.prevCursor = encodeCursor('p', first);
  }
  if (search.total === 'auto' && !cursor && !more) {
    result.total = page.length;
  }
  if (search.includes.length > 0) {
    const matches: MatchRow[] = page.map((row) => ({
      resourceType: search.resourceType,
      id: row.id,
      refs: (row['refs'] as string[] | null) ?? [],
    }));
    const { included, truncated } = await loadIncludes(q, scope, search.includes, matches);
    result.included = included;
    if (truncated) {
      result.warnings.push(
        `Included resources were truncated at the cap of ${included.length} per page`,
      );
    }
  }
  return result;
}
