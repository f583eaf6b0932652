/**
 * Cost per member-month from claims: the paid (benefit) amount of every ExplanationOfBenefit of
 * a member whose service date falls in a month the member is attributed, summed per organisation
 * and per member, with each member-month's risk score (risk-adjustment.ts). Pure: the claims and
 * attributions come in, the totals go out.
 */
import type { MonthlyAttribution } from '@careweave/contract';
import { cellRiskScores, riskCell, type RiskAttributes } from './risk-adjustment.js';

/** A member-month attributed to an organisation, with its cost and risk score. */
export interface AttributedMonth {
  patientId: string;
  month: string;
  organization: string;
  practitioner: string | null;
  cost: number;
  riskScore: number;
}

/** Paid amount by `patientId|month`. */
export type CostIndex = ReadonlyMap<string, number>;

export const costKey = (patientId: string, month: string): string => `${patientId}|${month}`;

/**
 * The attributed member-months of the period with their costs and risk scores. Risk cells use
 * the members' attributes on `cellDay` (the period's first day); a member without attributes (not
 * visible) falls in the unknown cell.
 */
export function attributedMonths(
  attribution: ReadonlyMap<string, readonly MonthlyAttribution[]>,
  costs: CostIndex,
  members: ReadonlyMap<string, RiskAttributes>,
  cellDay: string,
): AttributedMonth[] {
  const rows: (Omit<AttributedMonth, 'riskScore'> & { cell: string })[] = [];
  for (const [patientId, series] of attribution) {
    const cell = riskCell(
      members.get(patientId) ?? { birthDate: null, gender: null, conditionCategories: 0 },
      cellDay,
    );
    for (const a of series) {
      if (a.organization === null) continue;
      rows.push({
        patientId,
        month: a.month,
        organization: a.organization,
        practitioner: a.practitioner,
        cost: costs.get(costKey(patientId, a.month)) ?? 0,
        cell,
      });
    }
  }
  const scores = cellRiskScores(rows);
  return rows.map(({ cell, ...row }) => ({ ...row, riskScore: scores.get(cell) ?? 1 }));
}

/** Member-months, total cost and the sum of risk scores of a set of attributed months. */
export interface CostTotals {
  memberMonths: number;
  totalCost: number;
  riskScoreSum: number;
}

export function totals(months: readonly AttributedMonth[]): CostTotals {
  let totalCost = 0;
  let riskScoreSum = 0;
  for (const m of months) {
    totalCost += m.cost;
    riskScoreSum += m.riskScore;
  }
  return { memberMonths: months.length, totalCost, riskScoreSum };
}

/** PMPM and mean risk score of totals (0 when there are no member-months). */
export function perMemberMonth(t: CostTotals): { pmpm: number; meanRiskScore: number } {
  return t.memberMonths > 0
    ? { pmpm: t.totalCost / t.memberMonths, meanRiskScore: t.riskScoreSum / t.memberMonths }
    : { pmpm: 0, meanRiskScore: 0 };
}
