import type { QualityGateResult } from '@careweave/contract';
import { describe, expect, it } from 'vitest';
import { sharedSavings } from './savings.js';

const CONTRACT = { minimumSavingsRate: 0.02, sharingRate: 0.5, capRate: 0.1 };
const met: QualityGateResult = { measure: 'fuh-30', min: 0.5, score: 0.6, passed: true };
const missed: QualityGateResult = { measure: 'fuh-30', min: 0.5, score: 0.4, passed: false };
const org = (riskAdjustedPmpm: number, quality = [met]) => ({
  memberMonths: 1000,
  benchmarkPmpm: 1000,
  riskAdjustedPmpm,
  quality,
});

describe('shared savings (benchmark $1,000 PMPM, 1,000 member-months, MSR 2%, sharing 50%, cap 10%)', () => {
  it('earns half of $50,000 saved at $950 PMPM', () => {
    expect(sharedSavings(org(950), CONTRACT)).toEqual({
      benchmarkPmpm: 1000,
      benchmarkExpenditure: 1_000_000,
      adjustedExpenditure: 950_000,
      savings: 50_000,
      savingsRate: 0.05,
      msrMet: true,
      qualityPassed: true,
      quality: [met],
      uncapped: 25_000,
      earned: 25_000,
      outcome: 'earned',
    });
  });

  it('earns nothing when 1% saved does not meet the 2% minimum savings rate', () => {
    const s = sharedSavings(org(990), CONTRACT);
    expect([s.savings, s.savingsRate, s.msrMet, s.earned, s.outcome]).toEqual([
      10_000,
      0.01,
      false,
      0,
      'msr-not-met',
    ]);
  });

  it('earns nothing when the quality gate fails, however much was saved', () => {
    const s = sharedSavings(org(950, [met, missed]), CONTRACT);
    expect([s.savings, s.qualityPassed, s.earned, s.outcome]).toEqual([
      50_000,
      false,
      0,
      'quality-gate-failed',
    ]);
  });

  it('caps $150,000 of shared savings at 10% of the benchmark ($100,000)', () => {
    const s = sharedSavings(org(700), CONTRACT);
    expect([s.savings, s.uncapped, s.earned, s.outcome]).toEqual([
      300_000,
      150_000,
      100_000,
      'cap-hit',
    ]);
  });

  it('earns nothing when spending is above the benchmark', () => {
    const s = sharedSavings(org(1050), CONTRACT);
    expect([s.savings, s.savingsRate, s.earned, s.outcome]).toEqual([
      -50_000,
      -0.05,
      0,
      'no-savings',
    ]);
  });

  it('meets the MSR at exactly 2%', () => {
    expect(sharedSavings(org(980), CONTRACT)).toMatchObject({ msrMet: true, earned: 10_000 });
  });
});
