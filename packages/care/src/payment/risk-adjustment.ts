/**
 * Risk adjustment of cost per member-month by indirect standardisation over demographic and
 * condition-count cells — the structure of the CMS-HCC model's demographic factors and its
 * "number of conditions" terms (CMS, Announcement of CY 2020 Medicare Advantage Capitation Rates,
 * Attachment VI: the payment-condition-count variables), with the cell means taken from the
 * population itself instead of a national regression:
 *
 *   cell      = age band (on the period's first day) × sex × ICD-10-CM categories (0, 1, 2, 3+)
 *   expected  = (cell cost + K × overall PMPM) / (cell member-months + K), K = 12 member-months
 *               (credibility weighting, Bühlmann: a thin cell is pulled towards the overall mean)
 *   risk      = expected ÷ overall PMPM      (1.0 = the reference population's average member)
 *   adjusted PMPM of a group = its PMPM ÷ the mean risk score of its member-months
 *
 * The reference population is every attributed member-month of the period in the caller's scope.
 */
import { ageOn } from '../measures/aggregate.js';

/** Member-months of credibility a cell's own mean needs to outweigh the overall mean. */
export const CREDIBILITY_MEMBER_MONTHS = 12;

const AGE_BANDS: readonly [number, string][] = [
  [85, '85+'],
  [75, '75-84'],
  [65, '65-74'],
  [45, '45-64'],
  [18, '18-44'],
  [0, '0-17'],
];

/** What a member's cell is made of. */
export interface RiskAttributes {
  birthDate: string | null;
  gender: string | null;
  conditionCategories: number;
}

/** The risk cell of a member on a day. */
export function riskCell(member: RiskAttributes, on: string): string {
  const age = ageOn(member.birthDate, on);
  const band =
    age === null ? 'age-unknown' : (AGE_BANDS.find(([min]) => age >= min)?.[1] ?? '0-17');
  const sex = member.gender === 'female' || member.gender === 'male' ? member.gender : 'other';
  const conditions = Math.min(3, Math.max(0, member.conditionCategories));
  return `${band}|${sex}|${conditions === 3 ? '3+' : conditions}`;
}

/** One member-month: its cell and its paid cost. */
export interface CellMonth {
  cell: string;
  cost: number;
}

/** The risk score of each cell, from the member-months of the reference population. */
export function cellRiskScores(monthsOf: readonly CellMonth[]): Map<string, number> {
  const totals = new Map<string, { cost: number; months: number }>();
  let cost = 0;
  for (const m of monthsOf) {
    const t = totals.get(m.cell) ?? { cost: 0, months: 0 };
    t.cost += m.cost;
    t.months += 1;
    totals.set(m.cell, t);
    cost += m.cost;
  }
  const overall = monthsOf.length > 0 ? cost / monthsOf.length : 0;
  const scores = new Map<string, number>();
  for (const [cell, t] of totals) {
    const expected =
      (t.cost + CREDIBILITY_MEMBER_MONTHS * overall) / (t.months + CREDIBILITY_MEMBER_MONTHS);
    scores.set(cell, overall > 0 ? expected / overall : 1);
  }
  return scores;
}

/** PMPM ÷ mean risk score (the PMPM itself when the score is not positive). */
export function riskAdjusted(pmpm: number, meanRiskScore: number): number {
  return meanRiskScore > 0 ? pmpm / meanRiskScore : pmpm;
}
