/**
 * Shared savings of one organisation under a contract, in the order the Medicare Shared Savings
 * Program settles a performance year (42 CFR § 425.604–605, one-sided model):
 *
 *   benchmark expenditure = benchmark PMPM × member-months
 *   adjusted expenditure  = risk-adjusted PMPM × member-months
 *   savings               = benchmark − adjusted expenditure;  savings rate = savings ÷ benchmark
 *   1. no savings (≤ 0)                      → nothing earned            (`no-savings`)
 *   2. savings rate < minimum savings rate   → nothing earned            (`msr-not-met`)
 *   3. any quality-gate rule not met         → nothing earned            (`quality-gate-failed`)
 *   4. earned = savings × sharing rate (first dollar), at most cap rate × benchmark expenditure
 *                                            (`earned`, or `cap-hit` when the cap bound it)
 */
import type {
  PaymentContract,
  QualityGateResult,
  SavingsOutcome,
  SharedSavings,
} from '@careweave/contract';

/** What the calculation needs of an organisation. */
export interface SavingsInput {
  memberMonths: number;
  riskAdjustedPmpm: number;
  benchmarkPmpm: number;
  quality: QualityGateResult[];
}

const cents = (value: number): number => Math.round(value * 100) / 100;

export function sharedSavings(
  input: SavingsInput,
  contract: Pick<PaymentContract, 'minimumSavingsRate' | 'sharingRate' | 'capRate'>,
): SharedSavings {
  const benchmarkExpenditure = input.benchmarkPmpm * input.memberMonths;
  const adjustedExpenditure = input.riskAdjustedPmpm * input.memberMonths;
  const savings = benchmarkExpenditure - adjustedExpenditure;
  const savingsRate = benchmarkExpenditure > 0 ? savings / benchmarkExpenditure : 0;
  const msrMet = savings > 0 && savingsRate >= contract.minimumSavingsRate;
  const qualityPassed = input.quality.every((q) => q.passed);
  const uncapped = savings > 0 ? savings * contract.sharingRate : 0;
  const cap = contract.capRate * benchmarkExpenditure;
  let outcome: SavingsOutcome;
  let earned = 0;
  if (savings <= 0) outcome = 'no-savings';
  else if (!msrMet) outcome = 'msr-not-met';
  else if (!qualityPassed) outcome = 'quality-gate-failed';
  else if (uncapped > cap) {
    outcome = 'cap-hit';
    earned = cap;
  } else {
    outcome = 'earned';
    earned = uncapped;
  }
  return {
    benchmarkPmpm: cents(input.benchmarkPmpm),
    benchmarkExpenditure: cents(benchmarkExpenditure),
    adjustedExpenditure: cents(adjustedExpenditure),
    savings: cents(savings),
    savingsRate: Math.round(savingsRate * 10000) / 10000,
    msrMet,
    qualityPassed,
    quality: input.quality,
    uncapped: cents(uncapped),
    earned: cents(earned),
    outcome,
  };
}
