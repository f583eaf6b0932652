/**
 * The outcome of one person around their index date: counted (admissions, ED visits) or summed
 * (paid cost) over the 12 months before and after, and over the eight quarters of the event
 * study, with the member-months observed in each — windows are cut at the edges of the data, so
 * a person enrolled late contributes the months there are.
 */
import type { EvaluationOutcome } from '@careweave/contract';
import { DAY } from '../risk/person.js';
import { memberMonths, paidBetween } from '../shared/claim-costs.js';
import type { CovariateSource } from './covariates.js';

/** An amount and the member-months it was observed over. */
export interface Exposure {
  amount: number;
  months: number;
}

/** The windows of one person. */
export interface OutcomeWindows {
  before: Exposure;
  after: Exposure;
  /** Quarters −4…3 relative to the index date (index 0 = quarter −4). */
  quarters: Exposure[];
}

/** The event study's quarters: four before, four after. */
export const QUARTERS = [-4, -3, -2, -1, 0, 1, 2, 3] as const;
const QUARTER = (365.25 / 4) * DAY;
const YEAR = 365.25 * DAY;

function amount(
  source: CovariateSource,
  outcome: EvaluationOutcome,
  from: number,
  to: number,
): number {
  if (to <= from) return 0;
  switch (outcome) {
    case 'admissions': {
      let n = 0;
      for (const s of source.person.stays) if (s.unplanned && s.start >= from && s.start < to) n++;
      return n;
    }
    case 'ed': {
      let n = 0;
      for (const v of source.person.edVisits) if (v.time >= from && v.time < to) n++;
      return n;
    }
    case 'cost':
      return paidBetween(source.costs, from, to);
  }
}

function window(
  source: CovariateSource,
  outcome: EvaluationOutcome,
  from: number,
  to: number,
  data: { start: number; end: number },
): Exposure {
  const a = Math.max(from, data.start);
  const b = Math.min(to, data.end);
  return b > a
    ? { amount: amount(source, outcome, a, b), months: memberMonths(a, b) }
    : { amount: 0, months: 0 };
}

/** The outcome windows of `source` around `index`. */
export function outcomeWindows(
  source: CovariateSource,
  outcome: EvaluationOutcome,
  index: number,
  data: { start: number; end: number },
): OutcomeWindows {
  return {
    before: window(source, outcome, index - YEAR, index, data),
    after: window(source, outcome, index, index + YEAR, data),
    quarters: QUARTERS.map((q) =>
      window(source, outcome, index + q * QUARTER, index + (q + 1) * QUARTER, data),
    ),
  };
}
