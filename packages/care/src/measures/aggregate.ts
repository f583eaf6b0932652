import type {
  AgeBand,
  MeasureGroupResult,
  MeasureResult,
  MeasureStratum,
} from '@careweave/contract';
import type { MeasureCase, MeasureSubject } from '@careweave/store';
import type { SqlMeasureDefinition } from './definitions.js';
import { mean, proportion, rate, type Interval } from './statistics.js';

/** Filters the dashboards apply to the people counted. */
export interface MeasureFilters {
  /** `system|code` (or just the code) of an EpisodeOfCare type the person is enrolled in. */
  programme?: string;
  tier?: string;
  /** A condition key of risk stratification (e.g. `diabetes`). */
  condition?: string;
  ageBand?: AgeBand;
  organization?: string;
  team?: string;
  coordinator?: string;
}

/** Age in whole years on a date. */
export function ageOn(birthDate: string | null, on: string): number | null {
  if (!birthDate || birthDate.length < 4) return null;
  const [by, bm = '01', bd = '01'] = birthDate.split('-');
  const [y, m, d] = on.split('-');
  let age = Number(y) - Number(by);
  if (`${m}-${d}` < `${bm}-${bd}`) age--;
  return age;
}

export function ageBandOf(age: number | null): AgeBand | null {
  if (age === null) return null;
  if (age < 18) return '0-17';
  if (age < 45) return '18-44';
  if (age < 65) return '45-64';
  if (age < 75) return '65-74';
  return '75+';
}

/** Whether a person passes the filters (on the period's end date for the age band). */
export function passes(
  subject: MeasureSubject | undefined,
  filters: MeasureFilters,
  periodEnd: string,
): boolean {
  const f = filters;
  if (
    !f.programme &&
    !f.tier &&
    !f.condition &&
    !f.ageBand &&
    !f.organization &&
    !f.team &&
    !f.coordinator
  ) {
    return true;
  }
  if (!subject) return false;
  if (
    f.programme &&
    !subject.programmes.some((p) => p === f.programme || p.endsWith(`|${f.programme}`))
  ) {
    return false;
  }
  if (f.tier && subject.tier !== f.tier) return false;
  if (f.condition && !subject.conditions.includes(f.condition)) return false;
  if (f.ageBand && ageBandOf(ageOn(subject.birthDate, periodEnd)) !== f.ageBand) return false;
  if (f.organization && subject.organization !== f.organization) return false;
  if (f.team && subject.team !== f.team) return false;
  if (f.coordinator && subject.coordinator !== f.coordinator) return false;
  return true;
}

/** Counts of a set of cases: what a MeasureReport group or stratum reports. */
export interface Counts {
  /** Every case (the initial population). */
  cases: number;
  exclusions: number;
  /** Non-excluded denominator (cases, or member-months for a ratio). */
  denominator: number;
  numerator: number;
  observations: number[];
  interval: Interval;
}

export function count(def: SqlMeasureDefinition, cases: readonly MeasureCase[]): Counts {
  let exclusions = 0;
  let denominator = 0;
  let numerator = 0;
  const observations: number[] = [];
  for (const c of cases) {
    if (c.excluded) {
      exclusions++;
      continue;
    }
    denominator += c.denominator;
    numerator += c.numerator;
    if (c.observation !== null) observations.push(c.observation);
  }
  const interval =
    def.scoring === 'ratio'
      ? rate(numerator, denominator, def.per ?? 1)
      : def.scoring === 'continuous-variable'
        ? mean(observations)
        : proportion(numerator, denominator);
  return { cases: cases.length, exclusions, denominator, numerator, observations, interval };
}

function group(
  def: SqlMeasureDefinition,
  key: string,
  label: string,
  cases: readonly MeasureCase[],
): MeasureGroupResult {
  const c = count(def, cases);
  return {
    key,
    label,
    denominator: c.denominator,
    exclusions: c.exclusions,
    numerator: c.numerator,
    score: c.interval.score,
    low: c.interval.low,
    high: c.interval.high,
  };
}

/** The key and label of a case in a stratum. */
export function stratumOf(
  stratum: MeasureStratum,
  c: MeasureCase,
  subject: MeasureSubject | undefined,
): { key: string; label: string } {
  switch (stratum) {
    case 'month':
      return { key: c.day.slice(0, 7), label: c.day.slice(0, 7) };
    case 'organization':
      return subject?.organization
        ? { key: subject.organization, label: subject.organizationName ?? subject.organization }
        : { key: 'none', label: 'No organisation' };
    case 'team':
      return subject?.team
        ? { key: subject.team, label: subject.teamName ?? subject.team }
        : { key: 'none', label: 'No care team' };
    case 'coordinator':
      return subject?.coordinator
        ? { key: subject.coordinator, label: subject.coordinatorName ?? subject.coordinator }
        : { key: 'none', label: 'No coordinator' };
    default: {
      const never: never = stratum;
      throw new Error(`unknown stratum ${String(never)}`);
    }
  }
}

/** Cases grouped by a stratum, in key order (months chronologically). */
export function stratify(
  stratum: MeasureStratum,
  cases: readonly MeasureCase[],
  subjects: ReadonlyMap<string, MeasureSubject>,
): Map<string, { label: string; cases: MeasureCase[] }> {
  const groups = new Map<string, { label: string; cases: MeasureCase[] }>();
  for (const c of cases) {
    const { key, label } = stratumOf(stratum, c, subjects.get(c.patientId));
    const g = groups.get(key) ?? { label, cases: [] };
    g.cases.push(c);
    groups.set(key, g);
  }
  return new Map([...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** A measure's overall result and its strata by organisation, team, coordinator and month. */
export function measureResult(
  def: SqlMeasureDefinition,
  cases: readonly MeasureCase[],
  subjects: ReadonlyMap<string, MeasureSubject>,
  benchmark: MeasureResult['benchmark'] = null,
): MeasureResult {
  const strata = (s: MeasureStratum): MeasureGroupResult[] =>
    [...stratify(s, cases, subjects)].map(([key, g]) => group(def, key, g.label, g.cases));
  return {
    id: def.id,
    title: def.title,
    scoring: def.scoring,
    improvement: def.improvement,
    unit: def.unit,
    benchmark,
    overall: group(def, 'all', 'All', cases),
    strata: {
      organization: strata('organization'),
      team: strata('team'),
      coordinator: strata('coordinator'),
      month: strata('month'),
    },
  };
}
