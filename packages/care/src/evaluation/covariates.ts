/**
 * What an enrolled person and a comparison person are matched on, measured at the index date
 * (enrolment, or the matched enrolled person's enrolment date for a comparison person) from data
 * recorded before it: pre-enrolment risk (Charlson index), age, sex, conditions, utilisation
 * (admissions, ED visits, cost in the 12 months before, a discharge in the last 30 days — the
 * classic moment of enrolment) and social needs.
 */
import { charlsonIndex } from '../risk/charlson.js';
import { icd10Codes, PHYSICAL_GROUPS, SENSITIVE_GROUPS } from '../risk/conditions.js';
import { ageAt, DAY, type PersonRecord } from '../risk/person.js';
import { paidBetween, memberMonths, type PersonCosts } from '../shared/claim-costs.js';

/** The covariates, in the order of a covariate vector. */
export const COVARIATES = [
  { key: 'age', label: 'Age (years)' },
  { key: 'female', label: 'Female' },
  { key: 'chronicConditions', label: 'Long-term conditions (count)' },
  { key: 'charlson', label: 'Charlson comorbidity index' },
  { key: 'mentalWithPhysical', label: 'Mental with physical illness' },
  { key: 'socialNeeds', label: 'Social needs (count)' },
  { key: 'admissions12m', label: 'Admissions, 12 months before' },
  { key: 'edVisits12m', label: 'ED visits, 12 months before' },
  { key: 'costPmpm12m', label: 'Cost per member-month, 12 months before ($)' },
  { key: 'recentDischarge', label: 'Discharged in the 30 days before' },
] as const;

/** A person prepared for repeated covariate reads at many dates. */
export interface CovariateSource {
  person: PersonRecord;
  costs: PersonCosts | undefined;
  /** Charlson index by the ids of the conditions active at a date (they change rarely). */
  charlsonMemo: Map<string, number>;
}

/** Wraps a person for `covariatesAt`. */
export function covariateSource(
  person: PersonRecord,
  costs: PersonCosts | undefined,
): CovariateSource {
  return { person, costs, charlsonMemo: new Map() };
}

const YEAR = 365 * DAY;

/** The covariate vector (order of `COVARIATES`) at `t`; `dataStart` bounds the 12-month look-back. */
export function covariatesAt(source: CovariateSource, t: number, dataStart: number): number[] {
  const { person, costs } = source;
  const active = person.conditions.filter((c) => c.recorded < t && c.abated > t);
  const groups = new Set(active.flatMap((c) => [...c.groups]));
  const needs = new Set(active.map((c) => c.socialNeed).filter((n) => n !== undefined));
  const key = active.map((c) => c.id).join(',');
  let charlson = source.charlsonMemo.get(key);
  if (charlson === undefined) {
    charlson = charlsonIndex(
      active.flatMap((c) => icd10Codes(c.codes)),
      'charlson1987',
    ).score;
    source.charlsonMemo.set(key, charlson);
  }
  const physical = [...groups].some((g) => PHYSICAL_GROUPS.has(g));
  const mental = [...groups].some((g) => SENSITIVE_GROUPS.has(g));
  const from = Math.max(t - YEAR, dataStart);
  let admissions = 0;
  let lastDischarge = -Infinity;
  for (const s of person.stays) {
    if (s.unplanned && s.start >= from && s.start < t) admissions++;
    if (s.end <= t) lastDischarge = Math.max(lastDischarge, s.end);
  }
  let ed = 0;
  for (const v of person.edVisits) if (v.time >= from && v.time < t) ed++;
  const months = memberMonths(from, t);
  // Counts over a look-back shorter than 12 months (early in the data) are scaled to 12 months.
  const toYear = months > 0 ? 12 / months : 0;
  return [
    ageAt(person, t) ?? 0,
    person.gender === 'female' ? 1 : 0,
    groups.size,
    charlson,
    mental && physical ? 1 : 0,
    needs.size,
    admissions * toYear,
    ed * toYear,
    months > 0 ? paidBetween(costs, from, t) / months : 0,
    t - lastDischarge <= 30 * DAY ? 1 : 0,
  ];
}

/** The end of the last stay that ended at or before `t` (−Infinity when none). */
export function lastDischargeBefore(person: PersonRecord, t: number): number {
  let last = -Infinity;
  for (const s of person.stays) if (s.end <= t && s.end > last) last = s.end;
  return last;
}

/**
 * The exact-matching stratum at `t`: discharged in the last 30 days or not. Enrolment follows a
 * discharge more often than not, and the months before it are then the worst of a person's
 * year: matching on the score alone would compare them with people in an ordinary month, and
 * the return to their ordinary rate afterwards would pass for an effect of the programme.
 *
 * Not matched exactly on the number of admissions before (it stays a covariate of the score):
 * the enrolled are chosen for a lasting high risk, and comparison people with as many admissions
 * but a lower lasting risk return to their lower rate afterwards, which passes for harm from the
 * programme — the regression to the mean that matching on pre-period outcomes brings into a
 * difference-in-differences (Daw JR, Hatfield LA, "Matching and regression to the mean in
 * difference-in-differences analysis", Health Serv Res 2018;53:4138–4156). On generated
 * populations with no effect, matching on that count made 2 of 6 intervals exclude zero.
 */
export function matchingStratum(person: PersonRecord, t: number): string {
  return t - lastDischargeBefore(person, t) <= 30 * DAY ? 'recent' : 'none';
}
