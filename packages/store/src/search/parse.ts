import { getSearchParams, type SearchParamInfo } from '@careweave/fhir';
import { StoreErrors } from '../repository/errors.js';
import { splitOr } from './values.js';

/** Largest page a client may ask for with `_count` (documented in README "API"). */
export const MAX_COUNT = 1000;
export const DEFAULT_COUNT = 20;

/** One search criterion: a parameter, its modifier, and OR-ed values (comma-separated in the URL). */
export interface Filter {
  param: SearchParamInfo;
  modifier?: string;
  values: string[];
}

export interface SortKey {
  param: SearchParamInfo;
  descending: boolean;
}

/** A search request after parsing, before it becomes SQL. Repeated parameters AND together. */
export interface ParsedSearch {
  resourceType: string;
  filters: Filter[];
  sort: SortKey[];
  count: number;
  total: 'accurate' | 'none';
  summaryCount: boolean;
  cursor?: string;
  elements?: string[];
  /** Parameters ignored under `Prefer: handling=lenient`, reported back as warnings. */
  warnings: string[];
}

/** Control parameters Careweave does not implement: refused clearly rather than silently ignored. */
const UNSUPPORTED = new Set(['_text', '_content', '_filter', '_query', '_list', '_contained', '_containedType', '_has', '_include', '_revinclude', '_type']);
/** Result parameters handled here rather than as filters. */
const RESULT_PARAMS = new Set(['_count', '_sort', '_total', '_summary', '_elements', '_cursor', '_format', '_pretty']);

export interface ParseOptions {
  lenient?: boolean;
}

/**
 * Parses URL search parameters against the R4 SearchParameter registry of the resource type.
 * Unknown or unsupported parameters answer 400 (or become warnings with `lenient`).
 */
export function parseSearch(resourceType: string, pairs: Iterable<[string, string]>, options: ParseOptions = {}): ParsedSearch {
  const registry = getSearchParams(resourceType);
  const parsed: ParsedSearch = { resourceType, filters: [], sort: [], count: DEFAULT_COUNT, total: 'accurate', summaryCount: false, warnings: [] };
  const refuse = (text: string): void => {
    if (options.lenient) {
      parsed.warnings.push(text);
    } else {
      throw StoreErrors.badRequest(text);
    }
  };
  for (const [rawName, value] of pairs) {
    const [name = '', modifier] = splitModifier(rawName);
    if (RESULT_PARAMS.has(name)) {
      applyResultParam(parsed, registry, name, value, refuse);
      continue;
    }
    if (UNSUPPORTED.has(name) || name.includes('.')) {
      refuse(`Search parameter ${rawName} is not supported`);
      continue;
    }
    const param = registry.get(name);
    if (!param) {
      refuse(`Unknown search parameter ${JSON.stringify(rawName)} for ${resourceType}`);
      continue;
    }
    if (param.type === 'composite' || param.type === 'special') {
      refuse(`Search parameter ${name} (${param.type}) is not supported`);
      continue;
    }
    const filter: Filter = { param, values: modifier === 'missing' ? [value] : splitOr(value) };
    if (modifier !== undefined) {
      filter.modifier = modifier;
    }
    parsed.filters.push(filter);
  }
  return parsed;
}

function splitModifier(name: string): [string, string | undefined] {
  const i = name.indexOf(':');
  return i < 0 ? [name, undefined] : [name.slice(0, i), name.slice(i + 1)];
}

function applyResultParam(parsed: ParsedSearch, registry: ReadonlyMap<string, SearchParamInfo>, name: string, value: string, refuse: (t: string) => void): void {
  switch (name) {
    case '_count': {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 0) {
        throw StoreErrors.badRequest(`_count must be a non-negative integer, got ${JSON.stringify(value)}`);
      }
      parsed.count = Math.min(n, MAX_COUNT);
      break;
    }
    case '_total':
      if (value !== 'accurate' && value !== 'none' && value !== 'estimate') {
        throw StoreErrors.badRequest('_total must be accurate, estimate or none');
      }
      parsed.total = value === 'none' ? 'none' : 'accurate';
      break;
    case '_summary':
      if (value === 'count') {
        parsed.summaryCount = true;
      } else if (value !== 'false') {
        refuse(`_summary=${value} is not supported`);
      }
      break;
    case '_elements':
      parsed.elements = value.split(',').map((e) => e.trim()).filter(Boolean);
      break;
    case '_cursor':
      parsed.cursor = value;
      break;
    case '_sort':
      for (const key of value.split(',').filter(Boolean)) {
        const descending = key.startsWith('-');
        const code = descending ? key.slice(1) : key;
        const param = registry.get(code);
        if (!param || !['date', 'string', 'number', 'token', 'quantity', 'uri', 'reference'].includes(param.type) && code !== '_id' && code !== '_lastUpdated') {
          throw StoreErrors.badRequest(`Cannot sort by ${JSON.stringify(code)}`);
        }
        parsed.sort.push({ param, descending });
      }
      break;
    default:
      break; // _format, _pretty: presentation only
  }
}
