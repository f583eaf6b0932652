import type { SearchParamInfo } from '@careweave/fhir';

/** Largest page a client may ask for with `_count` (documented in README "API"). */
export const MAX_COUNT = 1000;
export const DEFAULT_COUNT = 20;
/**
 * Most resources `_include`/`_revinclude` add to one page (after `:iterate` rounds); beyond it the
 * Bundle carries a warning. Documented in README "API".
 */
export const MAX_INCLUDED = 1000;
/** Deepest chain (`a.b.c.d`) or `_has` nesting accepted. */
export const MAX_CHAIN_DEPTH = 4;

/** A criterion on one search parameter of the searched type: modifier and OR-ed values. */
export interface ParamFilter {
  kind: 'param';
  param: SearchParamInfo;
  modifier?: string;
  values: string[];
}

/**
 * A chained criterion (`subject:Patient.name=smith`): the reference parameter `param` points to a
 * resource matching `filter`, for each target type that has the chained parameter.
 */
export interface ChainFilter {
  kind: 'chain';
  param: SearchParamInfo;
  targets: { type: string; filter: Filter }[];
}

/**
 * A reverse chain (`_has:Observation:patient:code=…`): some `sourceType` resource matching
 * `filter` refers to this one through its reference parameter `refParam`.
 */
export interface HasFilter {
  kind: 'has';
  sourceType: string;
  refParam: string;
  filter: Filter;
}

/**
 * A chain or `_has` already resolved (resolve.ts) into the keys it stands for: `refs` keys
 * (`param|Type/id`) the row must overlap, or the row `id`s it must be one of.
 */
export interface ResolvedFilter {
  kind: 'resolved';
  column: 'refs' | 'id';
  values: string[];
}

/** One search criterion; the criteria of a search AND together. */
export type Filter = ParamFilter | ChainFilter | HasFilter | ResolvedFilter;

export interface SortKey {
  param: SearchParamInfo;
  descending: boolean;
}

/**
 * `_include` (`reverse: false`: resources the matches refer to) or `_revinclude` (`reverse: true`:
 * resources referring to the matches). `source`/`param` may be `*`; `iterate` also applies the
 * rule to included resources.
 */
export interface IncludeSpec {
  reverse: boolean;
  iterate: boolean;
  source: string;
  param: string;
  target?: string;
}

/** `_summary`: `true`, `text`, `data`, `count` or `false` (the default). */
export type SummaryMode = 'true' | 'text' | 'data' | 'count' | 'false';

/** A search request after parsing, before it becomes SQL. Repeated parameters AND together. */
export interface ParsedSearch {
  resourceType: string;
  filters: Filter[];
  sort: SortKey[];
  count: number;
  /**
   * `accurate`: always count. `none`: never. `auto` (no `_total`): Bundle.total only when it is
   * known without counting — a first page that holds the whole result.
   */
  total: 'accurate' | 'none' | 'auto';
  summary: SummaryMode;
  cursor?: string;
  elements?: string[];
  includes: IncludeSpec[];
  /** Restricts the search to a Patient compartment (`GET Patient/{id}/{type}`). */
  compartment?: { type: 'Patient'; id: string };
  /** Only resources in some patient's compartment (Bulk Data `Patient/$export`). */
  patientOwned?: boolean;
  /** Parameters ignored under `Prefer: handling=lenient`, reported back as warnings. */
  warnings: string[];
}
