/**
 * Loaded eCQMs (CMS2, CMS165, … as an operator loaded their packages) as the dashboards show them:
 * read from the FHIR `MeasureReport` that `$evaluate-measure` answers (the engine's populations,
 * never re-counted here), with a 95% Wilson interval on the rate as the SQL measures have.
 */
import type { Measure, MeasureReport, MeasureReportGroupPopulation } from '@medplum/fhirtypes';
import { isSqlMeasureId, type MeasureStratum } from '@careweave/contract';

/** A stored Measure the server runs with the CQL engine (it names a Library); SQL measures are not. */
export function isEcqmMeasure(m: Measure): boolean {
  return (m.library?.length ?? 0) > 0 && !isSqlMeasureId(m.id);
}

export interface EcqmCounts {
  label: string;
  initialPopulation: number;
  denominator: number;
  /** Denominator exclusions and exceptions. */
  exclusions: number;
  numerator: number;
  /** numerator / (denominator − exclusions), as the MeasureReport scores it; null when empty. */
  score: number | null;
  low: number | null;
  high: number | null;
}

const countOf = (populations: readonly MeasureReportGroupPopulation[], code: string): number =>
  populations.find((p) => p.code?.coding?.[0]?.code === code)?.count ?? 0;

/**
 * Wilson score interval for a proportion (Wilson EB, J Am Stat Assoc 1927;22:209–212), 95%:
 * the interval the SQL measures' proportions carry (care/measures statistics.ts).
 */
export function wilson(numerator: number, n: number): { low: number; high: number } | null {
  if (n <= 0) return null;
  const z = 1.959964;
  const p = numerator / n;
  const centre = (p + (z * z) / (2 * n)) / (1 + (z * z) / n);
  const half = (z / (1 + (z * z) / n)) * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

function counts(
  label: string,
  populations: readonly MeasureReportGroupPopulation[],
  reported: number | undefined,
): EcqmCounts {
  const denominator = countOf(populations, 'denominator');
  const exclusions =
    countOf(populations, 'denominator-exclusion') + countOf(populations, 'denominator-exception');
  const numerator = countOf(populations, 'numerator') - countOf(populations, 'numerator-exclusion');
  const eligible = denominator - exclusions;
  const interval = wilson(numerator, eligible);
  return {
    label,
    initialPopulation: countOf(populations, 'initial-population'),
    denominator,
    exclusions,
    numerator,
    score: reported ?? (eligible > 0 ? numerator / eligible : null),
    low: interval?.low ?? null,
    high: interval?.high ?? null,
  };
}

/** The first group's overall counts (CMS2, CMS159 and CMS165 have one scored group each). */
export function ecqmOverall(report: MeasureReport): EcqmCounts {
  const g = report.group?.[0];
  return counts('All', g?.population ?? [], g?.measureScore?.value);
}

/** The first group's counts per organisation, team or coordinator (the report's stratifiers). */
export function ecqmStrata(report: MeasureReport, stratum: MeasureStratum): EcqmCounts[] {
  const stratifier = report.group?.[0]?.stratifier?.find((s) => s.code?.[0]?.text === stratum);
  return (stratifier?.stratum ?? []).map((s) =>
    counts(s.value?.text ?? '—', s.population ?? [], s.measureScore?.value),
  );
}

/**
 * From a subject-list report: the people in the denominator who are neither in the numerator
 * nor excluded (who missed it), and those who met it — `Patient/…` references.
 */
export function ecqmPeople(report: MeasureReport): { missed: string[]; met: string[] } {
  const group = report.group?.[0];
  const listed = (code: string): string[] => {
    const ref = group?.population?.find((p) => p.code?.coding?.[0]?.code === code)?.subjectResults
      ?.reference;
    const list = report.contained?.find((c) => `#${c.id ?? ''}` === ref);
    return list?.resourceType === 'List'
      ? (list.entry ?? []).map((e) => e.item.reference ?? '').filter(Boolean)
      : [];
  };
  const out = new Set([
    ...listed('numerator'),
    ...listed('denominator-exclusion'),
    ...listed('denominator-exception'),
  ]);
  return {
    missed: listed('denominator').filter((p) => !out.has(p)),
    met: listed('numerator'),
  };
}

/** A rate as a percentage, or a dash. */
export const formatRate = (v: number | null): string =>
  v === null ? '—' : `${(v * 100).toFixed(1)}%`;
