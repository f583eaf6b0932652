import type { MeasureResult, SqlMeasureId } from '@careweave/contract';

/**
 * The measures a programme manager's home leads with: the outcomes integrated-care programmes
 * report first (follow-up after a mental-health admission, readmissions, emergency use, the
 * high-risk people with a plan, closed referral loops). Every other measure is one click away in
 * Dashboards.
 */
export const KEY_MEASURES: readonly SqlMeasureId[] = [
  'fuh-7',
  'pcr-readmissions-30',
  'ed-visits-per-1000-member-months',
  'admissions-per-1000-member-months',
  'high-risk-active-plan',
  'referral-loop-closure',
];

/** The key measures present in the results, in the home's order. */
export function keyMeasures(measures: readonly MeasureResult[]): MeasureResult[] {
  return KEY_MEASURES.flatMap((id) => measures.filter((m) => m.id === id));
}
