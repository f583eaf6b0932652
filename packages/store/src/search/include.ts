import { getSearchParams, listResourceTypes } from '@careweave/fhir';
import type { Resource } from '@medplum/fhirtypes';
import type { AccessScope } from '../context.js';
import type { Queryable } from '../db/database.js';
import { scopeContentSql } from '../scope.js';
import { SqlParams } from '../sql-params.js';
import { MAX_INCLUDED, type IncludeSpec } from './model.js';

/** A match (or an included resource) as `_include` needs it: its identity and its references. */
export interface MatchRow {
  resourceType: string;
  id: string;
  refs: string[];
}

interface IncludedRow {
  resource_type: string;
  id: string;
  refs: string[] | null;
  content: string;
}

/** `:iterate` rounds after the first; a cycle of references stops earlier (nothing new). */
const MAX_ITERATE_ROUNDS = 4;
const TYPE_AND_ID = /^([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})$/;

let referringCodes: Map<string, string[]> | undefined;

/** Codes of every reference parameter, of any type, that may point to `type` (for `_revinclude=*`). */
function codesReferringTo(type: string): string[] {
  if (!referringCodes) {
    const byTarget = new Map<string, Set<string>>();
    const any = new Set<string>();
    for (const source of listResourceTypes()) {
      for (const param of getSearchParams(source).values()) {
        if (param.type !== 'reference') {
          continue;
        }
        if (!param.target?.length) {
          any.add(param.code);
        }
        for (const target of param.target ?? []) {
          const set = byTarget.get(target) ?? new Set<string>();
          set.add(param.code);
          byTarget.set(target, set);
        }
      }
    }
    referringCodes = new Map(
      [...byTarget].map(([t, codes]) => [t, [...new Set([...codes, ...any])].sort()]),
    );
    referringCodes.set('*', [...any].sort());
  }
  return referringCodes.get(type) ?? referringCodes.get('*') ?? [];
}

/** The `Type/id` references of `row` that an `_include` rule follows. */
function forwardTargets(spec: IncludeSpec, row: MatchRow): [string, string][] {
  if (spec.source !== '*' && spec.source !== row.resourceType) {
    return [];
  }
  const out: [string, string][] = [];
  for (const ref of row.refs) {
    const bar = ref.indexOf('|');
    if (spec.param !== '*' && ref.slice(0, bar) !== spec.param) {
      continue;
    }
    const m = TYPE_AND_ID.exec(ref.slice(bar + 1));
    if (m?.[1] && m[2] && (spec.target === undefined || spec.target === m[1])) {
      out.push([m[1], m[2]]);
    }
  }
  return out;
}

/** The `refs` keys a resource referring to `row` carries, for a `_revinclude` rule. */
function reverseKeys(spec: IncludeSpec, row: MatchRow): string[] {
  if (spec.target !== undefined && spec.target !== row.resourceType) {
    return [];
  }
  const codes = spec.param === '*' ? codesReferringTo(row.resourceType) : [spec.param];
  return codes.map((code) => `${code}|${row.resourceType}/${row.id}`);
}

/** Options of `loadIncludes`. */
export interface IncludeOptions {
  /** Only resources outside every Patient compartment (directory data), as `$everything` wants. */
  sharedOnly?: boolean;
}

async function fetchRows(
  q: Queryable,
  scope: AccessScope,
  spec: IncludeSpec,
  frontier: readonly MatchRow[],
  limit: number,
  options: IncludeOptions,
): Promise<IncludedRow[]> {
  const params = new SqlParams();
  const access = scopeContentSql(scope, 'i', params);
  const where = options.sharedOnly ? `${access.where} AND i.patient_id IS NULL` : access.where;
  const head = `SELECT i.resource_type, i.id, i.refs, ${access.content}::text AS content FROM resource i`;
  let sql: string;
  if (spec.reverse) {
    const keys = [...new Set(frontier.flatMap((row) => reverseKeys(spec, row)))];
    if (keys.length === 0) {
      return [];
    }
    const source = spec.source === '*' ? '' : `i.resource_type = ${params.add(spec.source)} AND `;
    sql = `${head} WHERE ${source}i.refs && ${params.add(keys)}::text[] AND NOT i.deleted AND ${where}`;
  } else {
    const targets = [
      ...new Map(
        frontier.flatMap((row) => forwardTargets(spec, row)).map((t) => [`${t[0]}/${t[1]}`, t]),
      ).values(),
    ];
    if (targets.length === 0) {
      return [];
    }
    sql = `${head} JOIN unnest(${params.add(targets.map((t) => t[0]))}::text[], ${params.add(targets.map((t) => t[1]))}::text[]) k(t, id)
             ON i.resource_type = k.t AND i.id = k.id WHERE NOT i.deleted AND ${where}`;
  }
  const { rows } = await q.query<IncludedRow>(
    `${sql} ORDER BY i.resource_type, i.id LIMIT ${params.add(limit)}`,
    params.values,
  );
  return rows;
}

/**
 * Resolves `_include` and `_revinclude` for one page of matches: each rule once on the matches,
 * then the `:iterate` rules on what was included, until nothing new appears. Every query applies
 * the access scope (and its content projection); deleted resources never appear; a resource is
 * returned once, and never when it is already a match. At most MAX_INCLUDED resources per page:
 * `truncated` says when the cap cut the list.
 */
export async function loadIncludes(
  q: Queryable,
  scope: AccessScope,
  specs: readonly IncludeSpec[],
  matches: readonly MatchRow[],
  options: IncludeOptions = {},
): Promise<{ included: Resource[]; truncated: boolean }> {
  const seen = new Set(matches.map((m) => `${m.resourceType}/${m.id}`));
  const included: Resource[] = [];
  let frontier: readonly MatchRow[] = matches;
  for (let round = 0; round <= MAX_ITERATE_ROUNDS && frontier.length > 0; round++) {
    const rules = round === 0 ? specs : specs.filter((s) => s.iterate);
    const next: MatchRow[] = [];
    for (const spec of rules) {
      // Rows already seen come back too: ask for enough that the cap is reached when it must be.
      const rows = await fetchRows(
        q,
        scope,
        spec,
        frontier,
        MAX_INCLUDED - included.length + seen.size + 1,
        options,
      );
      for (const row of rows) {
        const key = `${row.resource_type}/${row.id}`;
        if (seen.has(key)) {
          continue;
        }
        if (included.length >= MAX_INCLUDED) {
          return { included, truncated: true };
        }
        seen.add(key);
        included.push(JSON.parse(row.content) as Resource);
        next.push({ resourceType: row.resource_type, id: row.id, refs: row.refs ?? [] });
      }
    }
    frontier = next;
  }
  return { included, truncated: false };
}
