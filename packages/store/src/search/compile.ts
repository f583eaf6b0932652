import type { AccessScope } from '../context.js';
import { StoreErrors } from '../repository/errors.js';
import { scopeSql } from '../scope.js';
import { SqlParams } from '../sql-params.js';
import type { Filter, ParsedSearch } from './parse.js';
import { dateRange, escapeLike, normalizeString, numberRange, splitPrefix, splitUnescaped, unescapeValue, type Prefix } from './values.js';

/**
 * Compiles one filter into a predicate over `r` (the `resource` table). Tokens and references are
 * array containment on GIN-indexed columns; strings, dates and numbers are EXISTS on their
 * indexed side tables — never a loop of queries.
 */
export function filterSql(filter: Filter, params: SqlParams): string {
  const { param, modifier } = filter;
  if (modifier === 'missing') {
    const v = filter.values[0];
    if (v !== 'true' && v !== 'false') {
      throw StoreErrors.badRequest(`${param.code}:missing must be true or false`);
    }
    const present = param.code === '_id' || param.code === '_lastUpdated' ? 'TRUE' : `r.tokens @> ARRAY[${params.add(`!${param.code}`)}]::text[]`;
    return v === 'true' ? `NOT (${present})` : present;
  }
  const ors = filter.values.map((value) => valueSql(filter, value, params));
  return ors.length === 1 ? (ors[0] as string) : `(${ors.join(' OR ')})`;
}

function valueSql(filter: Filter, raw: string, params: SqlParams): string {
  const { param, modifier } = filter;
  if (param.code === '_id') {
    return `r.id = ${params.add(unescapeValue(raw))}`;
  }
  if (param.code === '_lastUpdated') {
    const [prefix, value] = splitPrefix(raw);
    return rangeSql(prefix, dateRange(value), 'r.last_updated', 'r.last_updated', '::timestamptz', params);
  }
  switch (param.type) {
    case 'token':
    case 'uri':
      return tokenSql(param.code, modifier, raw, params);
    case 'reference':
      return referenceSql(param.code, param.target ?? [], modifier, raw, params);
    case 'string':
      return stringSql(param.code, modifier, raw, params);
    case 'date': {
      noModifier(filter);
      const [prefix, value] = splitPrefix(raw);
      const inner = rangeSql(prefix, dateRange(value), 'd.low', 'd.high', '::timestamptz', params);
      return `EXISTS (SELECT 1 FROM sp_date d WHERE d.resource_type = r.resource_type AND d.resource_id = r.id AND d.param = ${params.add(param.code)} AND ${inner})`;
    }
    case 'number':
    case 'quantity': {
      noModifier(filter);
      const [prefix, rest] = splitPrefix(raw);
      const [num = '', system, code] = splitUnescaped(rest, '|');
      const inner = rangeSql(prefix, numberRange(num), 'n.low', 'n.high', '::numeric', params);
      const unit = [
        system ? `n.system = ${params.add(system)}` : '',
        code ? `n.code = ${params.add(code)}` : '',
      ].filter(Boolean);
      return `EXISTS (SELECT 1 FROM sp_number n WHERE n.resource_type = r.resource_type AND n.resource_id = r.id AND n.param = ${params.add(param.code)} AND ${[inner, ...unit].join(' AND ')})`;
    }
    default:
      throw StoreErrors.badRequest(`Search parameter ${param.code} (${param.type}) is not supported`);
  }
}

function noModifier(filter: Filter): void {
  if (filter.modifier !== undefined) {
    throw StoreErrors.badRequest(`Modifier :${filter.modifier} is not supported on ${filter.param.code}`);
  }
}

function tokenSql(code: string, modifier: string | undefined, raw: string, params: SqlParams): string {
  if (modifier === 'text') {
    return stringExists(`${code}:text`, `${escapeLike(normalizeString(unescapeValue(raw)))}%`, params);
  }
  let key: string;
  if (modifier === 'of-type') {
    const [system = '', typeCode = '', value = ''] = splitUnescaped(raw, '|');
    key = `${code}:of-type|${system}|${typeCode}|${value}`;
  } else {
    const parts = splitUnescaped(raw, '|');
    if (parts.length === 1) {
      key = `${code}|*|${parts[0]}`;
    } else {
      const [system = '', value = ''] = parts;
      key = value === '' ? `${code}|${system}|*` : `${code}|${system}|${value}`;
    }
  }
  const hit = `r.tokens @> ARRAY[${params.add(key)}]::text[]`;
  if (modifier === 'not') {
    return `NOT (${hit})`;
  }
  if (modifier !== undefined && modifier !== 'of-type') {
    throw StoreErrors.badRequest(`Modifier :${modifier} is not supported on token parameter ${code}`);
  }
  return hit;
}

function referenceSql(code: string, targets: readonly string[], modifier: string | undefined, raw: string, params: SqlParams): string {
  let value = unescapeValue(raw);
  const absolute = /^https?:\/\/.+\/([A-Z][A-Za-z]+\/[A-Za-z0-9\-.]{1,64})(\/_history\/.*)?$/.exec(value);
  if (absolute?.[1]) {
    value = absolute[1];
  }
  let keys: string[];
  if (modifier && /^[A-Z]/.test(modifier)) {
    keys = [`${code}|${modifier}/${value}`];
  } else if (modifier !== undefined) {
    throw StoreErrors.badRequest(`Modifier :${modifier} is not supported on reference parameter ${code}`);
  } else if (value.includes('/') || value.includes(':')) {
    keys = [`${code}|${value.replace(/\/_history\/.*$/, '')}`];
  } else {
    keys = (targets.length > 0 ? targets : ['Patient']).map((t) => `${code}|${t}/${value}`);
  }
  return `r.refs && ${params.add(keys)}::text[]`;
}

function stringSql(code: string, modifier: string | undefined, raw: string, params: SqlParams): string {
  const value = escapeLike(normalizeString(unescapeValue(raw)));
  switch (modifier) {
    case undefined:
      return stringExists(code, `${value}%`, params);
    case 'contains':
      return stringExists(code, `%${value}%`, params);
    case 'exact':
      return stringExists(code, value, params);
    default:
      throw StoreErrors.badRequest(`Modifier :${modifier} is not supported on string parameter ${code}`);
  }
}

function stringExists(param: string, pattern: string, params: SqlParams): string {
  return `EXISTS (SELECT 1 FROM sp_string s WHERE s.resource_type = r.resource_type AND s.resource_id = r.id AND s.param = ${params.add(param)} AND s.value LIKE ${params.add(pattern)})`;
}

/**
 * Compares a target range [low, high] with the search value's range per the FHIR prefixes.
 * Approximation (`ap`) widens the value by 10% of its distance from now, at least a day.
 */
function rangeSql(prefix: Prefix, value: { low: string | number; high: string | number }, low: string, high: string, cast: string, params: SqlParams): string {
  // Bind only what the chosen comparison uses: an unused parameter has no inferable type.
  const vl = (): string => `${params.add(value.low)}${cast}`;
  const vh = (): string => `${params.add(value.high)}${cast}`;
  switch (prefix) {
    case 'eq':
      return `(${low} >= ${vl()} AND ${high} <= ${vh()})`;
    case 'ne':
      return `NOT (${low} >= ${vl()} AND ${high} <= ${vh()})`;
    case 'gt':
      return `${high} > ${vh()}`;
    case 'lt':
      return `${low} < ${vl()}`;
    case 'ge':
      return `${high} >= ${vl()}`;
    case 'le':
      return `${low} <= ${vh()}`;
    case 'sa':
      return `${low} > ${vh()}`;
    case 'eb':
      return `${high} < ${vl()}`;
    case 'ap': {
      if (typeof value.low === 'number' && typeof value.high === 'number') {
        const d = Math.abs((value.low + value.high) / 2) * 0.1;
        return `(${low} <= ${params.add(value.high + d)}${cast} AND ${high} >= ${params.add(value.low - d)}${cast})`;
      }
      const mid = (Date.parse(String(value.low)) + Date.parse(String(value.high))) / 2;
      const d = Math.max(Math.abs(Date.now() - mid) * 0.1, 86_400_000);
      const apLow = new Date(Date.parse(String(value.low)) - d).toISOString();
      const apHigh = new Date(Date.parse(String(value.high)) + d).toISOString();
      return `(${low} <= ${params.add(apHigh)}${cast} AND ${high} >= ${params.add(apLow)}${cast})`;
    }
    default: {
      const never: never = prefix;
      throw StoreErrors.badRequest(`Unknown prefix ${String(never)}`);
    }
  }
}

/** The WHERE clause of a search (scope, type, filters), shared by the page query and the count. */
export function whereSql(search: ParsedSearch, scope: AccessScope, params: SqlParams): string {
  const clauses = [`r.resource_type = ${params.add(search.resourceType)}`, 'NOT r.deleted', scopeSql(scope, 'r', params)];
  for (const filter of search.filters) {
    clauses.push(filterSql(filter, params));
  }
  return clauses.join(' AND ');
}
