import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CORPUS_SIZE, corpusCases, hl7Cases } from './index.js';

describe('the hostile-input corpus', () => {
  it('is deterministic, has unique case ids, and holds CORPUS_SIZE (≥ 1,000) cases', () => {
    const cases = corpusCases();
    expect(corpusCases()).toEqual(cases);
    // The HL7 cases hold megabytes of bytes: compare their digests, not byte by byte.
    const digest = (): string => {
      const hash = createHash('sha256');
      for (const c of hl7Cases()) {
        hash.update(JSON.stringify([c.id, c.acks, c.closes ?? false]));
        for (const w of c.writes) hash.update(w);
      }
      return hash.digest('hex');
    };
    expect(digest()).toBe(digest());
    const ids = [...cases, ...hl7Cases()].map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(CORPUS_SIZE);
    expect(CORPUS_SIZE).toBeGreaterThanOrEqual(1000);
  });
});
