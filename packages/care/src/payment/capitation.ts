/**
 * Capitation budget tracking: each month's budget is the contract's PMPM for every attributed
 * member (× the member's risk score when the contract risk-adjusts, i.e. PMPM × members × mean
 * risk score), against what the claims of those members paid in that month.
 */
import type { CapitationMonth, PaymentContract } from '@careweave/contract';

/** One month of an organisation: attributed members, their risk scores' sum, their paid claims. */
export interface CapitationInput {
  month: string;
  members: number;
  riskScoreSum: number;
  spend: number;
}

const cents = (value: number): number => Math.round(value * 100) / 100;

export function capitationMonths(
  months: readonly CapitationInput[],
  capitation: NonNullable<PaymentContract['capitation']>,
): CapitationMonth[] {
  let cumulative = 0;
  return months.map((m) => {
    const meanRiskScore = m.members > 0 ? m.riskScoreSum / m.members : 0;
    const budget = capitation.pmpm * (capitation.riskAdjusted ? m.riskScoreSum : m.members);
    const variance = budget - m.spend;
    cumulative += variance;
    return {
      month: m.month,
      members: m.members,
      meanRiskScore: Math.round(meanRiskScore * 10000) / 10000,
      budget: cents(budget),
      spend: cents(m.spend),
      variance: cents(variance),
      cumulativeVariance: cents(cumulative),
    };
  });
}
