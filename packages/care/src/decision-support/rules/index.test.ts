import { describe, expect, it } from 'vitest';
import { DECISION_RULES } from './index.js';

describe('the rules are data', () => {
  it('at least eight, each with a unique id, a version, inputs and a cited source', () => {
    expect(DECISION_RULES.length).toBeGreaterThanOrEqual(8);
    expect(new Set(DECISION_RULES.map((r) => r.id)).size).toBe(DECISION_RULES.length);
    for (const rule of DECISION_RULES) {
      expect(rule.version).toMatch(/^\d+\.\d+\.\d+$/);
      expect(rule.inputs.length).toBeGreaterThan(0);
      expect(rule.source.label.length).toBeGreaterThan(5);
      expect(rule.source.url).toMatch(/^https:\/\//);
    }
  });
});
