import type { SearchParamInfo } from '@careweave/fhir';
import { StoreErrors } from '../repository/errors.js';
import type { SearchSql } from './sql-builder.js';
import {
  dateRange,
  escapeLike,
  normalizeString,
  numberRange,
  splitPrefix,
  splitUnescaped,
  unescapeValue,
  type Prefix,
} from './values.js';

/**
 * Predicates for one value of one parameter over a `resource` alias `a`. Tokens and references
 * are array containment on the GIN-indexed `tokens`/`refs` columns; strings, dates and numbers
 * are EXISTS on their side tables through the (resource_type, param, value) indexes.
 */

/** The stored token key of a search value `[system|]code` (see IndexValues.tokens). */
export function tokenKey(raw: string): string {
  const parts = splitUnescaped(raw, '|');
  if (parts.length === 1) {
    return `*|${parts[0]}`;
  }
  const [system = '', ...rest] = parts;
  const code = rest.join('|');
  return code === '' ? `${system}|*` : `${system}|${code}`;
}

/** `a.tokens @> [key]` for `param|key`. */
export function tokenHas(b: SearchSql, a: string, key: string): string {
  return `${a}.tokens @> ARRAY[${b.add(key)}]::text[]`;
}

/** One token value (`:text`, `:of-type`, plain); `:not` is applied by the caller. */
export function tokenSql(
  b: SearchSql,
  a: string,
  param: SearchParamInfo,
  modifier: string | undefined,
  raw: string,
): string {
  const { code } = param;
  if (modifier === 'text') {
    return stringExists(
      b,
      a,
      `${code}:text`,
      `${escapeLike(normalizeString(unescapeValue(raw)))}%`,
    );
  }
  if (modifier === 'of-type') {
    const parts = splitUnescaped(raw, '|');
    if (parts.length !== 3) {
      throw StoreErrors.badRequest(`${code}:of-type needs typeSystem|typeCode|value`);
    }
    return tokenHas(b, a, `${code}:of-type|${parts.join('|')}`);
  }
  if (code === '_id') {
    return `${a}.id = ${b.add(unescapeValue(raw))}`;
  }
  return tokenHas(b, a, `${code}|${tokenKey(raw)}`);
}

/** A uri value: exact, or `:below`/`:above` (a prefix scan of the row's own values). */
export function uriSql(
  b: SearchSql,
  a: string,
  param: SearchParamInfo,
  modifier: string | undefined,
  raw: string,
): string {
  const value = unescapeValue(raw);
  // `_profile` is indexed like a reference to its canonical (IndexValues.references).
  const [column, head] =
    param.code === '_profile' ? ['refs', `${param.code}|`] : ['tokens', `${param.code}||`];
  if (modifier === 'below') {
    return `EXISTS (SELECT 1 FROM unnest(${a}.${column}) u WHERE u LIKE ${b.add(`${escapeLike(head + value)}%`)})`;
  }
  if (modifier === 'above') {
    return `EXISTS (SELECT 1 FROM unnest(${a}.${column}) u WHERE starts_with(${b.add(head + value)}::text, u) AND left(u, ${b.add(head.length)}::int) = ${b.add(head)})`;
  }
  return `${a}.${column} @> ARRAY[${b.add(head + value)}]::text[]`;
}

// `Type/id` (after a base URL, before `/_history/…`), as references are indexed.
const TYPE_AND_ID =
  /^(?:https?:\/\/.+\/)?([A-Z][A-Za-z]+\/[A-Za-z0-9\-.]{1,64})(?:\/_history\/[A-Za-z0-9\-.]{1,64})?$/;

/** The stored keys a reference value matches: `Type/id`, a bare id for every target type, a URL. */
export function referenceKeys(
  param: SearchParamInfo,
  modifier: string | undefined,
  raw: string,
): string[] {
  const value = unescapeValue(raw);
  const code = param.code;
  const typed = TYPE_AND_ID.exec(value)?.[1];
  if (modifier !== undefined) {
    // :Type (checked by the parser) with a bare id, or a Type/id of that type.
    if (typed !== undefined) {
      return typed.startsWith(`${modifier}/`) ? [`${code}|${typed}`] : [];
    }
    return [`${code}|${modifier}/${value}`];
  }
  if (typed !== undefined) {
    return [`${code}|${typed}`];
  }
  if (/^[A-Za-z0-9\-.]{1,64}$/.test(value)) {
    const targets = param.target ?? [];
    if (targets.length === 0) {
      throw StoreErrors.badRequest(`${code} may refer to any type: search with Type/id`);
    }
    return targets.map((t) => `${code}|${t}/${value}`);
  }
  // A canonical or other URL, matched as written.
  return [`${code}|${value}`];
}

/** A reference value, as array overlap on `refs`. */
export function referenceSql(
  b: SearchSql,
  a: string,
  param: SearchParamInfo,
  modifier: string | undefined,
  raw: string,
): string {
  const keys = referenceKeys(param, modifier, raw);
  return keys.length === 0 ? 'FALSE' : `${a}.refs && ${b.add(keys)}::text[]`;
}

/** EXISTS a side-table string row of `param` whose value is LIKE `pattern` (already escaped). */
export function stringExists(
  b: SearchSql,
  a: string,
  param: string,
  pattern: string,
  extra = '',
): string {
  return `EXISTS (SELECT 1 FROM sp_string s WHERE s.resource_type = ${a}.resource_type AND s.resource_id = ${a}.id AND s.param = ${b.add(param)} AND s.value LIKE ${b.add(pattern)}${extra})`;
}

/** A string value: starts-with (default), `:contains` or `:exact` (case and accents significant). */
export function stringSql(
  b: SearchSql,
  a: string,
  code: string,
  modifier: string | undefined,
  raw: string,
  extra = '',
): string {
  const text = unescapeValue(raw);
  const value = escapeLike(normalizeString(text));
  switch (modifier) {
    case undefined:
      return stringExists(b, a, code, `${value}%`, extra);
    case 'contains':
      return stringExists(b, a, code, `%${value}%`, extra);
    case 'exact':
      // The normalised value narrows through the index; `raw` (NULL when equal) decides.
      return stringExists(
        b,
        a,
        code,
        value,
        `${extra} AND COALESCE(s.raw, s.value) = ${b.add(text)}`,
      );
    default:
      throw StoreErrors.badRequest(
        `Modifier :${modifier} is not supported on string parameter ${code}`,
      );
  }
}

/** A date value with its prefix, as EXISTS on sp_date. */
export function dateSql(b: SearchSql, a: string, code: string, raw: string, extra = ''): string {
  const [prefix, value] = splitPrefix(unescapeValue(raw));
  const inner = rangeSql(b, prefix, dateRange(value), 'd.low', 'd.high', '::timestamptz');
  return `EXISTS (SELECT 1 FROM sp_date d WHERE d.resource_type = ${a}.resource_type AND d.resource_id = ${a}.id AND d.param = ${b.add(code)}${extra} AND ${inner})`;
}

/** A number or quantity value `[prefix]number[|system|code]`, as EXISTS on sp_number. */
export function numberSql(b: SearchSql, a: string, code: string, raw: string, extra = ''): string {
  const [prefix, rest] = splitPrefix(raw);
  const [num = '', system, unit, ...more] = splitUnescaped(rest, '|');
  if (more.length > 0) {
    throw StoreErrors.badRequest(
      `Invalid quantity ${JSON.stringify(raw.slice(0, 100))}: expected number|system|code`,
    );
  }
  const inner = rangeSql(b, prefix, numberRange(num), 'n.low', 'n.high', '::numeric');
  const units: string[] = [];
  if (system) {
    units.push(`n.system = ${b.add(system)}`);
  }
  if (unit) {
    // Without a system the code may match the unit code or the human-readable unit (R4 §3.1.1.4.7).
    const u = b.add(unit);
    units.push(system ? `n.code = ${u}` : `(n.code = ${u} OR n.unit = ${u})`);
  }
  return `EXISTS (SELECT 1 FROM sp_number n WHERE n.resource_type = ${a}.resource_type AND n.resource_id = ${a}.id AND n.param = ${b.add(code)}${extra} AND ${[inner, ...units].join(' AND ')})`;
}

/** `_lastUpdated`, on the row's own column. */
export function lastUpdatedSql(b: SearchSql, a: string, raw: string): string {
  const [prefix, value] = splitPrefix(unescapeValue(raw));
  return rangeSql(
    b,
    prefix,
    dateRange(value),
    `${a}.last_updated`,
    `${a}.last_updated`,
    '::timestamptz',
  );
}

/**
 * Compares a target range [low, high] with the search value's range per the FHIR prefixes.
 * Approximation (`ap`) widens the value by 10% of its distance from now (dates, at least a day)
 * or of itself (numbers).
 */
export function rangeSql(
  b: SearchSql,
  prefix: Prefix,
  value: { low: string | number; high: string | number },
  low: string,
  high: string,
  cast: string,
): string {
  // Bind only what the chosen comparison uses: an unused parameter has no inferable type.
  const vl = (): string => `${b.add(value.low)}${cast}`;
  const vh = (): string => `${b.add(value.high)}${cast}`;
  // Date ranges end on their last millisecond (closed); number ranges are half-open, [99.5, 100.5)
  // for 100, so touching bounds do not intersect: 174 is not ge175.
  const open = cast === '::numeric';
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
      return `${high} ${open ? '>' : '>='} ${vl()}`;
    case 'le':
      return `${low} ${open ? '<' : '<='} ${vh()}`;
    case 'sa':
      return `${low} ${open ? '>=' : '>'} ${vh()}`;
    case 'eb':
      return `${high} ${open ? '<=' : '<'} ${vl()}`;
    case 'ap': {
      if (typeof value.low === 'number' && typeof value.high === 'number') {
        const d = Math.abs((value.low + value.high) / 2) * 0.1;
        return `(${low} <= ${b.add(value.high + d)}${cast} AND ${high} >= ${b.add(value.low - d)}${cast})`;
      }
      const mid = (Date.parse(String(value.low)) + Date.parse(String(value.high))) / 2;
      const d = Math.max(Math.abs(Date.now() - mid) * 0.1, 86_400_000);
      const apLow = new Date(
        Math.max(Date.parse(String(value.low)) - d, Date.parse('0001-01-01T00:00:00Z')),
      ).toISOString();
      const apHigh = new Date(
        Math.min(Date.parse(String(value.high)) + d, Date.parse('9999-12-31T23:59:59.999Z')),
      ).toISOString();
      return `(${low} <= ${b.add(apHigh)}${cast} AND ${high} >= ${b.add(apLow)}${cast})`;
    }
    default: {
      const never: never = prefix;
      throw StoreErrors.badRequest(`Unknown prefix ${String(never)}`);
    }
  }
}
