import { elementOfKey, getSummaryElements } from '@careweave/fhir';
import type { Coding, Resource } from '@medplum/fhirtypes';
import { StoreErrors } from '../repository/errors.js';
import type { SummaryMode } from './model.js';

/** The tag a subsetted resource carries (R4 §3.1.1.5.9). */
export const SUBSETTED: Coding = {
  system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationValue',
  code: 'SUBSETTED',
};

const ALWAYS = new Set(['resourceType', 'id', 'meta']);

function subset(resource: Resource, keep: (key: string) => boolean): Resource {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(resource)) {
    if (ALWAYS.has(key) || keep(key)) {
      out[key] = value;
    }
  }
  const tags = resource.meta?.tag ?? [];
  const tagged = tags.some((t) => t.system === SUBSETTED.system && t.code === SUBSETTED.code)
    ? tags
    : [...tags, SUBSETTED];
  return { ...out, meta: { ...resource.meta, tag: tagged } } as Resource;
}

/**
 * Applies `_elements` (top-level elements by name, plus id, meta and the type's mandatory elements) or else
 * `_summary` (`true`: the elements marked summary in the R4 base definition; `text`: text and the
 * mandatory elements; `data`: everything but text) and tags the result SUBSETTED.
 */
export function projectResource(
  resource: Resource,
  summary: SummaryMode,
  elements: readonly string[] | undefined,
): Resource {
  if (elements && elements.length > 0) {
    // Mandatory elements (min ≥ 1) stay, so the subset is still a valid resource (R4 §3.1.1.5.9).
    const names = new Set([
      ...elements,
      ...(getSummaryElements(resource.resourceType)?.mandatory ?? []),
    ]);
    return subset(resource, (key) => elementOfKey(key, names) !== undefined);
  }
  switch (summary) {
    case 'true': {
      const defs = getSummaryElements(resource.resourceType);
      return defs
        ? subset(resource, (key) => elementOfKey(key, defs.summary) !== undefined)
        : resource;
    }
    case 'text': {
      const mandatory = getSummaryElements(resource.resourceType)?.mandatory ?? new Set<string>();
      return subset(
        resource,
        (key) => key === 'text' || elementOfKey(key, mandatory) !== undefined,
      );
    }
    case 'data':
      return subset(resource, (key) => key !== 'text');
    case 'count':
    case 'false':
      return resource;
    default: {
      const never: never = summary;
      throw new Error(`Unknown _summary ${String(never)}`);
    }
  }
}

/**
 * `_summary` and `_elements` of a read or vread (FHIR R4 §3.1.1.5.9 applies them to every
 * interaction that returns a resource): the resource as projected, unchanged without them.
 */
export function projectRead(
  resource: Resource,
  pairs: readonly (readonly [string, string])[],
): Resource {
  let summary: SummaryMode = 'false';
  let elements: string[] | undefined;
  for (const [name, value] of pairs) {
    if (name === '_summary') {
      if (value !== 'true' && value !== 'text' && value !== 'data' && value !== 'false') {
        throw StoreErrors.badRequest('_summary on a read must be true, text, data or false');
      }
      summary = value;
    } else if (name === '_elements') {
      elements = value
        .split(',')
        .map((e) => e.trim())
        .filter(Boolean);
    }
  }
  return projectResource(resource, summary, elements);
}
