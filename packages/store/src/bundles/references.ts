import type { Resource } from '@medplum/fhirtypes';

/**
 * Rewrites every `reference` whose value is a key of `map` (e.g. `urn:uuid:…` full URLs of a
 * transaction's entries) to the mapped `Type/id`. Walks the whole resource so references inside
 * backbone elements and extensions are rewritten too.
 */
export function rewriteReferences<T extends Resource>(
  resource: T,
  map: ReadonlyMap<string, string>,
): T {
  if (map.size === 0) {
    return resource;
  }
  const walk = (value: unknown): unknown => {
    if (Array.isArray(value)) {
      return value.map(walk);
    }
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        out[k] = k === 'reference' && typeof v === 'string' ? (map.get(v) ?? v) : walk(v);
      }
      return out;
    }
    return value;
  };
  return walk(resource) as T;
}

/** The first `urn:uuid:` reference left in a resource (one that named no entry), if any. */
export function findUrnReference(resource: Resource): string | undefined {
  let found: string | undefined;
  const walk = (value: unknown): void => {
    if (found) {
      return;
    }
    if (Array.isArray(value)) {
      value.forEach(walk);
    } else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        if (k === 'reference' && typeof v === 'string' && v.startsWith('urn:uuid:')) {
          found = v;
          return;
        }
        walk(v);
      }
    }
  };
  walk(resource);
  return found;
}
