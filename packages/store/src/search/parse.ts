import { getSearchParams, isResourceType, type SearchParamInfo } from '@careweave/fhir';
import { StoreErrors, isValidId } from '../repository/errors.js';
import {
  DEFAULT_COUNT,
  MAX_COUNT,
  type IncludeSpec,
  type ParsedSearch,
  type SummaryMode,
} from './model.js';
import { parseFilter, UnknownParameterError } from './parse-filter.js';

export { DEFAULT_COUNT, MAX_COUNT } from './model.js';

/** Sorting by more keys than this is refused: 500 of them held one search for seconds. */
export const MAX_SORT_KEYS = 8;
export type { Filter, ParamFilter, ParsedSearch, SortKey } from './model.js';

/** Control parameters Careweave does not implement: refused clearly rather than silently ignored. */
const UNSUPPORTED = new Set([
  '_text',
  '_content',
  '_filter',
  '_query',
  '_list',
  '_contained',
  '_containedType',
  '_type',
]);
/** Result parameters handled here rather than as filters. */
const RESULT_PARAMS = new Set([
  '_count',
  '_sort',
  '_total',
  '_summary',
  '_elements',
  '_cursor',
  '_format',
  '_pretty',
  '_include',
  '_revinclude',
]);
const SORTABLE = new Set(['date', 'string', 'number', 'token', 'quantity', 'uri', 'reference']);
const SUMMARY_MODES = new Set<string>(['true', 'text', 'data', 'count', 'false']);

export interface ParseOptions {
  lenient?: boolean;
  /** Search within a Patient compartment (`GET Patient/{id}/{type}`). */
  compartment?: { type: 'Patient'; id: string };
  /** Only resources in some patient's compartment (Bulk Data `Patient/$export`). */
  patientOwned?: boolean;
}

/**
 * Parses URL search parameters against the R4 SearchParameter registry of the resource type.
 * Unknown or unsupported parameters answer 400 (or become warnings with `lenient`); malformed
 * values always answer 400.
 */
export function parseSearch(
  resourceType: string,
  pairs: Iterable<[string, string]>,
  options: ParseOptions = {},
): ParsedSearch {
  const registry = getSearchParams(resourceType);
  const parsed: ParsedSearch = {
    resourceType,
    filters: [],
    sort: [],
    count: DEFAULT_COUNT,
    total: 'auto',
    summary: 'false',
    includes: [],
    warnings: [],
  };
  if (options.compartment) {
    if (!isValidId(options.compartment.id)) {
      throw StoreErrors.badRequest(
        `${JSON.stringify(options.compartment.id.slice(0, 100))} is not a FHIR id`,
      );
    }
    parsed.compartment = options.compartment;
  }
  if (options.patientOwned) {
    parsed.patientOwned = true;
  }
  const refuse = (text: string): void => {
    if (options.lenient) {
      parsed.warnings.push(text);
    } else {
      throw StoreErrors.badRequest(text);
    }
  };
  for (const [rawName, value] of pairs) {
    if (rawName.includes('\0') || value.includes('\0')) {
      throw StoreErrors.badRequest('Search parameters must not contain NUL characters');
    }
    const name = rawName.split(':')[0] ?? rawName;
    if (RESULT_PARAMS.has(name)) {
      applyResultParam(parsed, registry, rawName, value);
      continue;
    }
    if (UNSUPPORTED.has(name)) {
      refuse(`Search parameter ${rawName} is not supported`);
      continue;
    }
    try {
      const filter = parseFilter(resourceType, rawName, value);
      if (filter) {
        parsed.filters.push(filter);
      }
    } catch (err) {
      if (!(err instanceof UnknownParameterError)) {
        throw err;
      }
      refuse(err.message);
    }
  }
  return parsed;
}

function applyResultParam(
  parsed: ParsedSearch,
  registry: ReadonlyMap<string, SearchParamInfo>,
  rawName: string,
  value: string,
): void {
  const [name = '', modifier] = rawName.split(':', 2);
  if (modifier !== undefined && name !== '_include' && name !== '_revinclude') {
    throw StoreErrors.badRequest(`${name} takes no modifier`);
  }
  switch (name) {
    case '_count': {
      const n = Number(value);
      if (!/^\d+$/.test(value) || !Number.isSafeInteger(n)) {
        throw StoreErrors.badRequest(
          `_count must be a non-negative integer, got ${JSON.stringify(value.slice(0, 100))}`,
        );
      }
      parsed.count = Math.min(n, MAX_COUNT);
      break;
    }
    case '_total':
      if (value !== 'accurate' && value !== 'none' && value !== 'estimate') {
        throw StoreErrors.badRequest('_total must be accurate, estimate or none');
      }
      // An estimate costs as much as counting here, so it is the accurate figure.
      parsed.total = value === 'none' ? 'none' : 'accurate';
      break;
    case '_summary':
      if (!SUMMARY_MODES.has(value)) {
        throw StoreErrors.badRequest('_summary must be true, text, data, count or false');
      }
      parsed.summary = value as SummaryMode;
      break;
    case '_elements':
      parsed.elements = value
        .split(',')
        .map((e) => e.trim())
        .filter(Boolean);
      break;
    case '_cursor':
      parsed.cursor = value;
      break;
    case '_sort':
      for (const key of value.split(',').filter(Boolean)) {
        const descending = key.startsWith('-');
        const code = descending ? key.slice(1) : key;
        const param = registry.get(code);
        if (!param || (!SORTABLE.has(param.type) && code !== '_id' && code !== '_lastUpdated')) {
          throw StoreErrors.badRequest(`Cannot sort by ${JSON.stringify(code.slice(0, 100))}`);
        }
        // A key already sorted by orders nothing more; each distinct key is a join in SQL.
        if (parsed.sort.some((k) => k.param.code === param.code)) continue;
        if (parsed.sort.length === MAX_SORT_KEYS) {
          throw StoreErrors.badRequest(`_sort takes at most ${MAX_SORT_KEYS} keys`);
        }
        parsed.sort.push({ param, descending });
      }
      break;
    case '_include':
    case '_revinclude':
      // A comma-separated list is several includes (clients such as Medplum's send them so).
      for (const one of value.split(',').filter((v) => v.length > 0)) {
        parsed.includes.push(
          parseInclude(parsed.resourceType, name === '_revinclude', modifier, one),
        );
      }
      break;
    default:
      break; // _format, _pretty: presentation only
  }
}

/** Parses `_include[:iterate]=Source:param[:Target]` (or `*`) and its `_revinclude` twin. */
function parseInclude(
  resourceType: string,
  reverse: boolean,
  modifier: string | undefined,
  value: string,
): IncludeSpec {
  const label = reverse ? '_revinclude' : '_include';
  if (modifier !== undefined && modifier !== 'iterate' && modifier !== 'recurse') {
    throw StoreErrors.badRequest(`${label}:${modifier} is not a valid modifier (use :iterate)`);
  }
  const iterate = modifier !== undefined;
  if (value === '*') {
    return { reverse, iterate, source: '*', param: '*' };
  }
  const [source = '', param = '', target, ...extra] = value.split(':');
  if (
    !isResourceType(source) ||
    param === '' ||
    extra.length > 0 ||
    (target !== undefined && !isResourceType(target))
  ) {
    throw StoreErrors.badRequest(
      `${label} must be Type:parameter[:TargetType] or *, got ${JSON.stringify(value.slice(0, 200))}`,
    );
  }
  if (param !== '*') {
    const info = getSearchParams(source).get(param);
    if (!info || info.type !== 'reference') {
      throw StoreErrors.badRequest(
        `${label}: ${source} has no reference search parameter ${JSON.stringify(param)}`,
      );
    }
    if (target !== undefined && info.target?.length && !info.target.includes(target)) {
      throw StoreErrors.badRequest(`${label}: ${source}.${param} cannot refer to ${target}`);
    }
  }
  if (!iterate && !reverse && source !== resourceType) {
    throw StoreErrors.badRequest(
      `_include=${value} does not apply to ${resourceType} (use _include:iterate for included resources)`,
    );
  }
  return target === undefined
    ? { reverse, iterate, source, param }
    : { reverse, iterate, source, param, target };
}
