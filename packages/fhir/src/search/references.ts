import { listResourceTypes } from './registry.js';

let resourceTypes: ReadonlySet<string> | undefined;

/** True for a FHIR R4 resource type name. */
export function isKnownResourceType(name: string): boolean {
  if (!resourceTypes) {
    resourceTypes = new Set(listResourceTypes());
  }
  return resourceTypes.has(name);
}

// `Type/id`, optionally after a base URL and before a `/_history/version` suffix.
const TYPE_AND_ID =
  /^(?:.*\/)?([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[A-Za-z0-9\-.]{1,64})?$/;

/**
 * Normalises Reference.reference for indexing: `Type/id` stays, `Type/id/_history/2` and absolute
 * URLs ending in `/Type/id` become `Type/id`, anything else (e.g. a canonical URL) is kept as-is.
 * Contained (`#id`) and `urn:uuid:` references are not indexed: the former points inside the
 * resource, and the latter has been rewritten by transaction processing before we index.
 */
export function normalizeReference(reference: string): string | undefined {
  if (reference === '' || reference.startsWith('#') || reference.startsWith('urn:uuid:')) {
    return undefined;
  }
  const m = TYPE_AND_ID.exec(reference);
  if (m && isKnownResourceType(m[1] as string)) {
    return `${m[1]}/${m[2]}`;
  }
  return reference;
}

/**
 * The resource type a reference points to, for `where(resolve() is Type)`: the type of a
 * (normalised) `Type/id`, or the type before `?` of a conditional reference (as FHIRPath's
 * resolve() in @medplum/core reads it). Undefined when the string does not name a type.
 */
export function referenceTargetType(reference: string): string | undefined {
  const normalized = normalizeReference(reference);
  if (normalized === undefined) {
    return undefined;
  }
  const m = /^([A-Z][A-Za-z]+)[/?]/.exec(normalized);
  return m && isKnownResourceType(m[1] as string) ? m[1] : undefined;
}
