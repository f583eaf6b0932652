import { describe, expect, it } from 'vitest';
import { cellRiskScores, riskAdjusted, riskCell } from './risk-adjustment.js';

describe('risk adjustment by indirect standardisation', () => {
  it('puts a member in an age × sex × condition-count cell', () => {
    const member = { birthDate: '1950-06-01', gender: 'female', conditionCategories: 4 };
    expect(riskCell(member, '2026-01-01')).toBe('75-84|female|3+');
    expect(riskCell({ birthDate: null, gender: null, conditionCategories: 1 }, '2026-01-01')).toBe(
      'age-unknown|other|1',
    );
  });

  it('weights each cell’s mean with 12 member-months of the overall mean', () => {
    // Cell A: 12 member-months at $200; cell B: 12 at $600; overall $400 PMPM.
    // A: (2,400 + 12 × 400) / 24 = 300 → 0.75; B: (7,200 + 4,800) / 24 = 500 → 1.25.
    const months = [
      ...Array.from({ length: 12 }, () => ({ cell: 'A', cost: 200 })),
      ...Array.from({ length: 12 }, () => ({ cell: 'B', cost: 600 })),
    ];
    const scores = cellRiskScores(months);
    expect(scores.get('A')).toBeCloseTo(0.75, 10);
    expect(scores.get('B')).toBeCloseTo(1.25, 10);
  });

  it('divides PMPM by the mean risk score', () => {
    expect(riskAdjusted(500, 1.25)).toBe(400);
    expect(riskAdjusted(500, 0)).toBe(500);
  });
});
