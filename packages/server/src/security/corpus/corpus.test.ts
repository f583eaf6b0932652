import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CORPUS_SIZE, corpusCases, hl7Cases } from './index.js';

/**
 * A digest of both lists: they hold megabytes of bodies and bytes, which a deep comparison walks
 * one character at a time (a minute on a loaded machine); two equal digests say the same.
 */
function corpusDigest(): string {
  const hash = createHash('sha256');
  for (const c of corpusCases()) hash.update(JSON.stringify(c));
  for (const c of hl7Cases()) {
    hash.update(JSON.stringify([c.id, c.group, c.acks, c.closes ?? false]));
    for (const w of c.writes) hash.update(w);
  }
  return hash.digest('hex');
}

describe('the hostile-input corpus', () => {
  it(
    'is deterministic, has unique case ids, and holds CORPUS_SIZE (≥ 1,000) cases',
    { timeout: 300_000 },
    () => {
      expect(corpusDigest()).toBe(corpusDigest());
      const ids = [...corpusCases(), ...hl7Cases()].map((c) => c.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.length).toBe(CORPUS_SIZE);
      expect(CORPUS_SIZE).toBeGreaterThanOrEqual(1000);
    },
  );
});
