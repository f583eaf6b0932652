import { createHash } from 'node:crypto';

/**
 * The id of a resource derived from another (`Observation/{qr}-score`, `Task/{qr}-safety-task`):
 * deterministic, so deriving twice — a re-import, a retried bundle — finds what it made the
 * first time instead of making it again. Ids longer than FHIR's 64 characters are hashed.
 * packages/synth writes its screening Observations under the same ids (`{qr}-score`, …).
 */
export function derivedId(sourceId: string, suffix: string): string {
  const plain = `${sourceId}-${suffix}`;
  if (plain.length <= 64) return plain;
  const hash = createHash('sha256')
    .update(sourceId)
    .digest('hex')
    .slice(0, 62 - suffix.length);
  return `${hash}-${suffix}`;
}
