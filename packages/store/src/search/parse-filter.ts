import {
  getSearchParams,
  isIndexedComposite,
  isResourceType,
  type SearchParamInfo,
} from '@careweave/fhir';
import { StoreErrors } from '../repository/errors.js';
import { MAX_CHAIN_DEPTH, type Filter } from './model.js';
import { NEAR_TYPES, parseNear } from './compile-near.js';
import { splitOr } from './values.js';

/** The FHIR R4 modifiers valid on each parameter type (a reference's `:Type` is checked apart). */
const MODIFIERS_BY_TYPE: Record<string, ReadonlySet<string>> = {
  string: new Set(['missing', 'exact', 'contains']),
  token: new Set(['missing', 'not', 'text', 'of-type', 'in', 'not-in', 'above', 'below']),
  reference: new Set(['missing', 'identifier']),
  date: new Set(['missing']),
  number: new Set(['missing']),
  quantity: new Set(['missing']),
  uri: new Set(['missing', 'below', 'above']),
  composite: new Set(['missing']),
};
/** Modifiers known to FHIR that Careweave does not implement (answered "not supported"). */
const UNSUPPORTED_MODIFIERS = new Set(['in', 'not-in', 'above', 'below', 'identifier']);

/** Raised for a parameter the registry does not know: 400, or a warning under lenient handling. */
export class UnknownParameterError extends Error {}

function splitModifier(name: string): [string, string | undefined] {
  const i = name.indexOf(':');
  return i < 0 ? [name, undefined] : [name.slice(0, i), name.slice(i + 1)];
}

function checkModifier(
  resourceType: string,
  param: SearchParamInfo,
  modifier: string | undefined,
): void {
  if (modifier === undefined) {
    return;
  }
  const allowed = MODIFIERS_BY_TYPE[param.type];
  const typeModifier =
    param.type === 'reference' &&
    isResourceType(modifier) &&
    (!param.target?.length || param.target.includes(modifier));
  if (typeModifier) {
    return;
  }
  if (!allowed?.has(modifier)) {
    throw StoreErrors.badRequest(
      `Modifier :${modifier} is not valid on ${resourceType} ${param.type} parameter ${param.code}`,
    );
  }
  if (
    UNSUPPORTED_MODIFIERS.has(modifier) &&
    !(param.type === 'uri' && (modifier === 'below' || modifier === 'above'))
  ) {
    throw StoreErrors.badRequest(
      `Modifier :${modifier} is not supported (on ${resourceType} ${param.code})`,
    );
  }
}

/**
 * Parses one URL parameter (name and value) into a criterion on `resourceType`: a plain
 * parameter, a chain (`a.b`), or a reverse chain (`_has:…`), recursively. Returns undefined for an
 * empty value (FHIR servers ignore empty parameters). Throws UnknownParameterError for a name the
 * registry does not know and a 400 for malformed ones.
 */
export function parseFilter(
  resourceType: string,
  name: string,
  value: string,
  depth = 0,
): Filter | undefined {
  if (depth > MAX_CHAIN_DEPTH) {
    throw StoreErrors.badRequest(`Chains and _has may nest at most ${MAX_CHAIN_DEPTH} levels`);
  }
  if (name.startsWith('_has:')) {
    return parseHas(resourceType, name, value, depth);
  }
  const dot = name.indexOf('.');
  if (dot >= 0) {
    return parseChain(resourceType, name.slice(0, dot), name.slice(dot + 1), value, depth);
  }
  const [code, modifier] = splitModifier(name);
  const param = getSearchParams(resourceType).get(code);
  if (!param) {
    throw new UnknownParameterError(
      `Unknown search parameter ${JSON.stringify(name)} for ${resourceType}`,
    );
  }
  const near = param.type === 'special' && code === 'near' && NEAR_TYPES.has(resourceType);
  if (
    (param.type === 'special' && !near) ||
    (param.type === 'composite' && !isIndexedComposite(resourceType, param))
  ) {
    throw StoreErrors.badRequest(`Search parameter ${code} (${param.type}) is not supported`);
  }
  checkModifier(resourceType, param, modifier);
  if (modifier === 'missing') {
    if (value !== 'true' && value !== 'false') {
      throw StoreErrors.badRequest(`${code}:missing must be true or false`);
    }
    return { kind: 'param', param, modifier, values: [value] };
  }
  const values = splitOr(value).filter((v) => v !== '');
  if (values.length === 0) {
    return undefined;
  }
  if (near) {
    values.forEach(parseNear); // a malformed point is a 400 before any SQL is written
  }
  return modifier === undefined
    ? { kind: 'param', param, values }
    : { kind: 'param', param, modifier, values };
}

function parseChain(
  resourceType: string,
  head: string,
  tail: string,
  value: string,
  depth: number,
): Filter | undefined {
  const [code, typeModifier] = splitModifier(head);
  const param = getSearchParams(resourceType).get(code);
  if (!param) {
    throw new UnknownParameterError(
      `Unknown search parameter ${JSON.stringify(code)} for ${resourceType} in chain ${head}.${tail}`,
    );
  }
  if (param.type !== 'reference') {
    throw StoreErrors.badRequest(
      `Cannot chain from ${code}: it is a ${param.type} parameter, not a reference`,
    );
  }
  let types = param.target?.length ? param.target : [];
  if (typeModifier !== undefined) {
    if (!isResourceType(typeModifier) || (types.length > 0 && !types.includes(typeModifier))) {
      throw StoreErrors.badRequest(`${code} cannot refer to ${JSON.stringify(typeModifier)}`);
    }
    types = [typeModifier];
  }
  if (types.length === 0) {
    throw StoreErrors.badRequest(`Chain from ${code} needs a type: ${code}:Type.${tail}`);
  }
  const targets: { type: string; filter: Filter }[] = [];
  for (const type of types) {
    try {
      const filter = parseFilter(type, tail, value, depth + 1);
      if (!filter) {
        return undefined;
      }
      targets.push({ type, filter });
    } catch (err) {
      // A target type without the chained parameter simply cannot match; others may.
      if (!(err instanceof UnknownParameterError) || types.length === 1) {
        throw err;
      }
    }
  }
  if (targets.length === 0) {
    throw new UnknownParameterError(
      `No type ${code} refers to has a search parameter ${JSON.stringify(tail)}`,
    );
  }
  return { kind: 'chain', param, targets };
}

function parseHas(
  resourceType: string,
  name: string,
  value: string,
  depth: number,
): Filter | undefined {
  // _has:Type:refParam:rest — rest is a parameter of Type (itself possibly _has or a chain).
  const parts = name.split(':');
  const [, sourceType = '', refParam = ''] = parts;
  const rest = parts.slice(3).join(':');
  if (!isResourceType(sourceType) || refParam === '' || rest === '') {
    throw StoreErrors.badRequest(
      `Malformed ${JSON.stringify(name)}: expected _has:Type:reference:parameter`,
    );
  }
  const ref = getSearchParams(sourceType).get(refParam);
  if (!ref || ref.type !== 'reference') {
    throw StoreErrors.badRequest(
      `${sourceType} has no reference search parameter ${JSON.stringify(refParam)}`,
    );
  }
  if (ref.target?.length && !ref.target.includes(resourceType)) {
    throw StoreErrors.badRequest(`${sourceType}.${refParam} cannot refer to ${resourceType}`);
  }
  const filter = parseFilter(sourceType, rest, value, depth + 1);
  return filter && { kind: 'has', sourceType, refParam, filter };
}
