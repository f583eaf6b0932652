import { describe, expect, it } from 'vitest';
import { CORPUS_SIZE, corpusCases } from './index.js';

describe('the hostile-input corpus', () => {
  it('is deterministic, has unique case ids, and holds CORPUS_SIZE (≥ 1,000) cases', () => {
    const cases = corpusCases();
    expect(corpusCases()).toEqual(cases);
    const ids = cases.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(cases.length).toBe(CORPUS_SIZE);
    expect(CORPUS_SIZE).toBeGreaterThanOrEqual(1000);
  });
});
