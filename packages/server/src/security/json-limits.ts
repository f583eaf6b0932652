/**
 * Limits on the shape of every JSON body, checked right after parsing and before anything else
 * walks it (validation, search-value extraction, the care rules), so hostile nesting or size is
 * a 400 rather than a stack overflow or seconds of work.
 */

/** Deepest nesting accepted. FHIR's deepest real shapes (a Bundle of Questionnaires with nested items) stay far below it. */
export const MAX_JSON_DEPTH = 100;

/** Most items in one array, except the arrays that legitimately hold a whole data set (below). */
export const MAX_ARRAY_ITEMS = 10_000;

/** Most identifiers of one resource: real records carry a handful (MRN, national id, insurer ids). */
export const MAX_IDENTIFIERS = 100;

/**
 * Arrays bounded only by the body limit: a Bundle's or List's `entry`, a Group's `member`
 * (bulk imports and registries hold thousands).
 */
const UNBOUNDED_ARRAYS: ReadonlySet<string> = new Set(['entry', 'member']);

/**
 * Keys that name JavaScript's object machinery rather than data. `JSON.parse` makes them plain
 * own properties, but any later spread, merge or `Object.assign` would turn them into prototype
 * pollution; FHIR has no element of these names, so they are refused everywhere.
 */
const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * The first problem with a parsed JSON value, in words, or undefined when it is within limits.
 * Iterative (an explicit stack), so the check itself cannot overflow however deep the input.
 */
export function jsonLimitProblem(value: unknown): string | undefined {
  const stack: { node: unknown; depth: number; key: string }[] = [
    { node: value, depth: 1, key: '' },
  ];
  while (stack.length > 0) {
    const { node, depth, key } = stack.pop() as { node: unknown; depth: number; key: string };
    if (node === null || typeof node !== 'object') continue;
    if (depth > MAX_JSON_DEPTH) {
      return `JSON is nested more than ${MAX_JSON_DEPTH} levels deep`;
    }
    if (Array.isArray(node)) {
      if (key === 'identifier' && node.length > MAX_IDENTIFIERS) {
        return `A resource may carry at most ${MAX_IDENTIFIERS} identifiers (this one has ${node.length})`;
      }
      if (node.length > MAX_ARRAY_ITEMS && !UNBOUNDED_ARRAYS.has(key)) {
        return `"${key}" has ${node.length} items; at most ${MAX_ARRAY_ITEMS} are accepted`;
      }
      for (const item of node as unknown[]) stack.push({ node: item, depth: depth + 1, key });
      continue;
    }
    for (const [name, child] of Object.entries(node as Record<string, unknown>)) {
      if (FORBIDDEN_KEYS.has(name)) {
        return `"${name}" is not a FHIR element and is not accepted as a JSON key`;
      }
      stack.push({ node: child, depth: depth + 1, key: name });
    }
  }
  return undefined;
}
