import { componentTypes, escapeCompositePart, type SearchParamInfo } from '@careweave/fhir';
import { StoreErrors } from '../repository/errors.js';
import { dateSql, numberSql, referenceKeys, stringSql, tokenHas } from './compile-values.js';
import type { SearchSql } from './sql-builder.js';
import { splitKeepingEscapes, splitUnescaped } from './values.js';

/** A token side of a composite search value: `[system|]code`, unescaped. */
interface TokenSide {
  system?: string;
  code?: string;
}

function tokenSide(raw: string): TokenSide {
  const parts = splitUnescaped(raw, '|');
  if (parts.length === 1) {
    return { code: parts[0] ?? '' };
  }
  const [system = '', ...rest] = parts;
  const code = rest.join('|');
  return code === '' ? { system } : { system, code };
}

/** The token form of a side as composite keys store it (escaped, see fhir composite.ts). */
function sideKey(side: TokenSide): string {
  const system = side.system === undefined ? '*' : escapeCompositePart(side.system);
  return `${system}|${side.code === undefined ? '*' : escapeCompositePart(side.code)}`;
}

/** The row predicate on `comp_system`/`comp_code` of a typed composite row (alias `x`). */
function compSql(b: SearchSql, x: string, side: TokenSide): string {
  const parts: string[] = [];
  if (side.code !== undefined) {
    parts.push(`${x}.comp_code = ${b.add(side.code)}`);
  } else {
    parts.push(`${x}.comp_code IS NOT NULL`);
  }
  if (side.system !== undefined) {
    parts.push(`${x}.comp_system = ${b.add(side.system)}`);
  }
  return ` AND ${parts.join(' AND ')}`;
}

/**
 * One value of a two-component composite parameter (`code-value-quantity=http://loinc.org|8480-6$gt100`,
 * `code-value-concept=…$…`). Token/reference second components are one `tokens` lookup; typed
 * ones are one side-table row matching both the first component and the value.
 */
export function compositeSql(
  b: SearchSql,
  a: string,
  resourceType: string,
  param: SearchParamInfo,
  raw: string,
): string {
  const types = componentTypes(resourceType, param);
  const sides = splitKeepingEscapes(raw, '$');
  if (!types || sides.length !== 2) {
    throw StoreErrors.badRequest(
      `${param.code} needs two components separated by $, got ${JSON.stringify(raw.slice(0, 100))}`,
    );
  }
  const [firstType, secondType] = types;
  const [first = '', second = ''] = sides;
  if (secondType === 'token' || secondType === 'uri' || secondType === 'reference') {
    const left =
      firstType === 'reference' ? referenceSide(param, first) : sideKey(tokenSide(first));
    const right =
      secondType === 'reference' ? referenceSide(param, second) : sideKey(tokenSide(second));
    return tokenHas(b, a, `${param.code}|${left}$${right}`);
  }
  if (firstType !== 'token') {
    throw StoreErrors.badRequest(`Search parameter ${param.code} is not supported`);
  }
  const side = tokenSide(first);
  switch (secondType) {
    case 'number':
    case 'quantity':
      return numberSql(b, a, param.code, second, compSql(b, 'n', side));
    case 'date':
      return dateSql(b, a, param.code, second, compSql(b, 'd', side));
    case 'string':
      return stringSql(b, a, param.code, undefined, second, compSql(b, 's', side));
    default:
      throw StoreErrors.badRequest(`Search parameter ${param.code} is not supported`);
  }
}

function referenceSide(param: SearchParamInfo, raw: string): string {
  // The stored side is the normalised `Type/id` (or URL) without the param prefix; a bare id
  // cannot name its type here, so it is refused (400) by referenceKeys.
  const [key = ''] = referenceKeys({ ...param, target: [] }, undefined, raw);
  return escapeCompositePart(key.slice(param.code.length + 1));
}
