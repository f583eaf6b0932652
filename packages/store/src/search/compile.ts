import { getPatientCompartmentParams } from '@careweave/fhir';
import { StoreErrors } from '../repository/errors.js';
import { compositeSql } from './compile-composite.js';
import { nearSql } from './compile-near.js';
import {
  dateSql,
  lastUpdatedSql,
  numberSql,
  referenceSql,
  stringSql,
  tokenSql,
  uriSql,
} from './compile-values.js';
import type { ChainFilter, Filter, HasFilter, ParamFilter, ParsedSearch } from './model.js';
import type { SearchSql } from './sql-builder.js';

/**
 * Compiles one criterion into a predicate over the `resource` alias `a` (of `resourceType`).
 * Chains and `_has` are usually resolved first into literal keys (resolve.ts: `refs && $keys`,
 * `id = ANY($ids)`), so the planner sees real values; too large to resolve, they stay
 * uncorrelated sub-selects (`a.refs && ARRAY(…)`, `a.id IN (…)`) — never one query per row.
 */
export function filterSql(b: SearchSql, filter: Filter, a: string, resourceType: string): string {
  switch (filter.kind) {
    case 'param':
      return paramSql(b, filter, a, resourceType);
    case 'chain':
      return chainSql(b, filter, a);
    case 'resolved':
      if (filter.values.length === 0) {
        return 'FALSE';
      }
      return filter.column === 'refs'
        ? `${a}.refs && ${b.add(filter.values)}::text[]`
        : `${a}.id = ANY(${b.add(filter.values)}::text[])`;
    case 'has':
      return hasSql(b, filter, a, resourceType);
    default: {
      const never: never = filter;
      throw new Error(`Unknown filter ${JSON.stringify(never)}`);
    }
  }
}

function paramSql(b: SearchSql, filter: ParamFilter, a: string, resourceType: string): string {
  const { param, modifier } = filter;
  if (modifier === 'missing') {
    const always = param.code === '_id' || param.code === '_lastUpdated';
    const present = always ? 'TRUE' : `${a}.tokens @> ARRAY[${b.add(`!${param.code}`)}]::text[]`;
    return filter.values[0] === 'true' ? `NOT (${present})` : present;
  }
  if (param.code === '_id' && modifier === undefined) {
    return `${a}.id = ANY(${b.add(filter.values.map((v) => v.replace(/\\([\\,|$])/g, '$1')))}::text[])`;
  }
  const ors = filter.values.map((value) => valueSql(b, filter, a, resourceType, value));
  const matchesAny = ors.length === 1 ? (ors[0] as string) : `(${ors.join(' OR ')})`;
  // `:not` matches resources with none of the values, including those without the element.
  return modifier === 'not' ? `NOT ${matchesAny}` : matchesAny;
}

function valueSql(
  b: SearchSql,
  filter: ParamFilter,
  a: string,
  resourceType: string,
  raw: string,
): string {
  const { param, modifier } = filter;
  if (param.code === '_lastUpdated') {
    return lastUpdatedSql(b, a, raw);
  }
  switch (param.type) {
    case 'token':
      return tokenSql(b, a, param, modifier === 'not' ? undefined : modifier, raw);
    case 'uri':
      return uriSql(b, a, param, modifier, raw);
    case 'reference':
      return referenceSql(b, a, param, modifier, raw);
    case 'string':
      return stringSql(b, a, param.code, modifier, raw);
    case 'date':
      return dateSql(b, a, param.code, raw);
    case 'number':
    case 'quantity':
      return numberSql(b, a, param.code, raw);
    case 'composite':
      return compositeSql(b, a, resourceType, param, raw);
    case 'special':
      if (param.code === 'near') {
        return nearSql(b, a, resourceType, raw);
      }
      throw StoreErrors.badRequest(`Search parameter ${param.code} is not supported`);
    default:
      throw StoreErrors.badRequest(
        `Search parameter ${param.code} (${String(param.type)}) is not supported`,
      );
  }
}

/** The rows of `type` an inner criterion selects, visible to the actor and not deleted. */
export function innerRows(b: SearchSql, t: string, type: string, filter: Filter): string {
  return `FROM resource ${t} WHERE ${t}.resource_type = ${b.add(type)} AND NOT ${t}.deleted AND ${b.scope(t)} AND ${filterSql(b, filter, t, type)}`;
}

/**
 * A chain too large to resolve first (see resolve.ts): `a.refs && ARRAY(…)`, the targets' keys
 * computed once as an InitPlan.
 */
function chainSql(b: SearchSql, filter: ChainFilter, a: string): string {
  const selects = filter.targets.map(({ type, filter: inner }) => {
    const t = b.alias('c');
    return `SELECT ${b.add(`${filter.param.code}|${type}/`)}::text || ${t}.id ${innerRows(b, t, type, inner)}`;
  });
  return `${a}.refs && ARRAY(${selects.join(' UNION ALL ')})`;
}

/** The ids `_has` sources matching their criterion refer to (as `SELECT id FROM …`). */
export function hasIdsSql(b: SearchSql, filter: HasFilter, resourceType: string): string {
  const o = b.alias('h');
  const x = b.alias('x');
  const prefix = `${filter.refParam}|${resourceType}/`;
  const p = b.add(prefix);
  const n = b.add(prefix.length);
  return `SELECT substr(${x}, ${n}::int + 1) AS id FROM resource ${o} CROSS JOIN LATERAL unnest(${o}.refs) ${x}
    WHERE ${o}.resource_type = ${b.add(filter.sourceType)} AND NOT ${o}.deleted AND ${b.scope(o)}
      AND ${filterSql(b, filter.filter, o, filter.sourceType)} AND left(${x}, ${n}::int) = ${p}::text`;
}

/** `_has` too large to resolve first: a semi-join on the primary key. */
function hasSql(b: SearchSql, filter: HasFilter, a: string, resourceType: string): string {
  return `${a}.id IN (${hasIdsSql(b, filter, resourceType)})`;
}

/**
 * Membership of a Patient compartment (R4 CompartmentDefinition Patient): the patient itself
 * and every resource whose compartment parameters refer to it. Types outside the compartment
 * have no members.
 */
export function compartmentSql(
  b: SearchSql,
  a: string,
  resourceType: string,
  patientId: string,
): string {
  const keys = getPatientCompartmentParams(resourceType).map(
    (code) => `${code}|Patient/${patientId}`,
  );
  const refs = keys.length > 0 ? `${a}.refs && ${b.add(keys)}::text[]` : 'FALSE';
  return resourceType === 'Patient' ? `(${a}.id = ${b.add(patientId)} OR ${refs})` : refs;
}

/**
 * The WHERE clause of a search (type, not deleted, scope, compartment, criteria) over alias `a`.
 * `admitted` replaces the plain scope predicate (execute passes `scopeContentSql`'s, which also
 * admits rows it projects).
 */
export function whereSql(b: SearchSql, search: ParsedSearch, a = 'r', admitted?: string): string {
  const clauses = [
    `${a}.resource_type = ${b.add(search.resourceType)}`,
    `NOT ${a}.deleted`,
    admitted ?? b.scope(a),
  ];
  if (search.compartment) {
    clauses.push(compartmentSql(b, a, search.resourceType, search.compartment.id));
  }
  if (search.patientOwned) {
    clauses.push(`${a}.patient_id IS NOT NULL`);
  }
  for (const filter of search.filters) {
    clauses.push(filterSql(b, filter, a, search.resourceType));
  }
  return clauses.join(' AND ');
}
