import { describe, expect, it } from 'vitest';
import { capitationMonths } from './capitation.js';

const MONTHS = [
  { month: '2026-01', members: 10, riskScoreSum: 12, spend: 3000 },
  { month: '2026-02', members: 10, riskScoreSum: 8, spend: 4000 },
];

describe('capitation budget tracking at $300 PMPM', () => {
  it('budgets $300 per attributed member and carries the variance forward', () => {
    const months = capitationMonths(MONTHS, { pmpm: 300 });
    expect(months.map((m) => [m.budget, m.spend, m.variance, m.cumulativeVariance])).toEqual([
      [3000, 3000, 0, 0],
      [3000, 4000, -1000, -1000],
    ]);
  });

  it('scales the budget by the members’ risk scores when the contract risk-adjusts', () => {
    const months = capitationMonths(MONTHS, { pmpm: 300, riskAdjusted: true });
    expect(
      months.map((m) => [m.meanRiskScore, m.budget, m.variance, m.cumulativeVariance]),
    ).toEqual([
      [1.2, 3600, 600, 600],
      [0.8, 2400, -1600, -1000],
    ]);
  });
});
