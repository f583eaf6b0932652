import type { ClaimCostRow } from '@careweave/store';
import { describe, expect, it } from 'vitest';
import { costPerMemberMonth, costsByPatient, memberMonths, paidBetween } from './claim-costs.js';

const row = (patientId: string, service: string | null, paid: number | null): ClaimCostRow => ({
  patientId,
  id: `${patientId}-${service}`,
  service,
  paid,
  submitted: null,
  provider: null,
  claimType: 'professional',
});

describe('cost per member from claims', () => {
  const costs = costsByPatient([
    row('rosa', '2026-03-10T09:00:00Z', 13_000), // a hospital stay
    row('rosa', '2026-01-05T09:00:00Z', 200), // the annual visit, out of order on purpose
    row('rosa', '2026-06-01T09:00:00Z', 1_300), // an ED visit
    row('rosa', null, 999), // no service date: not countable
    row('sam', '2026-02-01T09:00:00Z', null), // denied, nothing paid
  ]);
  const jan = Date.parse('2026-01-01T00:00:00Z');
  const apr = Date.parse('2026-04-01T00:00:00Z');
  const jul = Date.parse('2026-07-01T00:00:00Z');

  it('sums what was paid for care given inside the window, start inclusive and end exclusive', () => {
    const rosa = costs.get('rosa');
    expect(paidBetween(rosa, jan, apr)).toBe(13_200);
    expect(paidBetween(rosa, apr, jul)).toBe(1_300);
    expect(paidBetween(rosa, Date.parse('2026-06-01T09:00:00Z'), jul)).toBe(1_300);
    expect(paidBetween(rosa, jan, Date.parse('2026-06-01T09:00:00Z'))).toBe(13_200);
    expect(paidBetween(costs.get('sam'), jan, jul)).toBe(0);
    expect(paidBetween(undefined, jan, jul)).toBe(0);
  });

  it('divides by member-months of 365.25/12 days: a whole year is twelve', () => {
    expect(memberMonths(jan, jan + 365.25 * 86_400_000)).toBeCloseTo(12, 10);
    expect(memberMonths(apr, jan)).toBe(0);
    // January to July 2026 is 181 days: 14,500 / (181 / 30.4375) = $2,438.33 per member-month.
    expect(costPerMemberMonth(costs.get('rosa'), jan, jul)).toBeCloseTo(
      14_500 / (181 / 30.4375),
      6,
    );
    expect(costPerMemberMonth(costs.get('rosa'), jul, jul)).toBeUndefined();
  });
});
