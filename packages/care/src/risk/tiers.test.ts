import { describe, expect, it } from 'vitest';
import { assignTier, DEFAULT_TIER_RULES, parseTierRules, type TierInput } from './tiers.js';

const base: TierInput = { probability: 0.01, admissions12m: 0, chronicCount: 0, socialNeeds: 0 };

describe('risk tiers', () => {
  it('puts each default probability edge in the tier above', () => {
    expect(assignTier({ ...base, probability: 0.2999 })).toBe('high');
    expect(assignTier({ ...base, probability: 0.3 })).toBe('very-high');
    expect(assignTier({ ...base, probability: 0.1499 })).toBe('rising');
    expect(assignTier({ ...base, probability: 0.15 })).toBe('high');
    expect(assignTier({ ...base, probability: 0.0699 })).toBe('low');
    expect(assignTier({ ...base, probability: 0.07 })).toBe('rising');
  });

  it('makes two admissions in 12 months high risk whatever the probability', () => {
    expect(assignTier({ ...base, admissions12m: 1 })).toBe('low');
    expect(assignTier({ ...base, admissions12m: 2 })).toBe('high');
  });

  it('calls risk rising when it grew by half since the last assessment, or with multimorbidity and a social need', () => {
    expect(assignTier({ ...base, probability: 0.045, previousProbability: 0.03 })).toBe('rising');
    expect(assignTier({ ...base, probability: 0.044, previousProbability: 0.03 })).toBe('low');
    expect(assignTier({ ...base, probability: 0.035, previousProbability: 0.01 })).toBe('low'); // below 4%
    expect(assignTier({ ...base, chronicCount: 2, socialNeeds: 1 })).toBe('rising');
    expect(assignTier({ ...base, chronicCount: 2, socialNeeds: 0 })).toBe('low');
  });

  it('takes rules from configuration, merged over the defaults, and refuses disordered ones', () => {
    const rules = parseTierRules({ veryHigh: { minProbability: 0.5 } });
    expect(rules.high).toEqual(DEFAULT_TIER_RULES.high);
    expect(assignTier({ ...base, probability: 0.4 }, rules)).toBe('high');
    expect(() => parseTierRules({ high: { minProbability: 0.6 } })).toThrow(/ordered/);
    expect(() => parseTierRules({ rising: { minProbability: 2 } })).toThrow(/between 0 and 1/);
    expect(() => parseTierRules('x')).toThrow(/object/);
  });
});
