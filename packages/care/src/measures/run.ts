import type { Measure, MeasureReport } from '@medplum/fhirtypes';
import { SQL_MEASURE_IDS, isSqlMeasureId } from '@careweave/contract';
import { type MeasurePeriod, type Repository, type RequestContext } from '@careweave/store';
import { count } from './aggregate.js';
import { SQL_MEASURES } from './definitions.js';
import { ecqmMeasureReport, isEcqm, runEcqm } from './ecqm.js';
import { sqlMeasureReport } from './report.js';
import { computeSqlCases } from './sql-measures.js';

/** One line of `careweave measures run`. */
export interface MeasureRunRow {
  id: string;
  title: string;
  kind: 'sql' | 'ecqm';
  scoring: string;
  /** Initial population (cases; people for an eCQM). */
  initialPopulation: number;
  denominator: number;
  exclusions: number;
  numerator: number;
  score: number | null;
  low: number | null;
  high: number | null;
  unit: string;
  seconds: number;
}

const populationCount = (report: MeasureReport, code: string): number =>
  report.group?.[0]?.population?.find((p) => p.code?.coding?.[0]?.code === code)?.count ?? 0;

/**
 * Computes every SQL measure and every loaded eCQM over the period, as the caller may see the
 * data; returns a row per measure and the summary MeasureReport of each.
 */
export async function runAllMeasures(
  repo: Repository,
  ctx: RequestContext,
  period: MeasurePeriod,
): Promise<{ rows: MeasureRunRow[]; reports: Map<string, MeasureReport> }> {
  const rows: MeasureRunRow[] = [];
  const reports = new Map<string, MeasureReport>();
  let started = Date.now();
  const { cases, subjects } = await computeSqlCases(repo, ctx, period, SQL_MEASURE_IDS);
  const sqlSeconds = (Date.now() - started) / 1000;
  for (const id of SQL_MEASURE_IDS) {
    const def = SQL_MEASURES[id];
    const list = cases.get(id) ?? [];
    const c = count(def, list);
    reports.set(id, sqlMeasureReport(def, period, list, subjects, 'population'));
    rows.push({
      id,
      title: def.title,
      kind: 'sql',
      scoring: def.scoring,
      initialPopulation: c.cases,
      denominator: c.denominator,
      exclusions: c.exclusions,
      numerator: c.numerator,
      score: c.interval.score,
      low: c.interval.low,
      high: c.interval.high,
      unit: def.unit,
      seconds: sqlSeconds / SQL_MEASURE_IDS.length,
    });
  }
  const stored = await repo.readModels.measures.sharedResources('Measure');
  const measures = stored.filter((r): r is Measure => r.resourceType === 'Measure');
  for (const measure of measures) {
    if (!measure.id || isSqlMeasureId(measure.id) || !isEcqm(measure)) continue;
    started = Date.now();
    const { results, failures } = await runEcqm(repo, ctx, measure, period);
    const people = await repo.readModels.measures.subjects(
      ctx.scope,
      results.map((r) => r.patientId),
    );
    const report = ecqmMeasureReport(
      measure,
      period,
      results,
      people,
      'population',
      undefined,
      failures,
    );
    reports.set(measure.id, report);
    const denominator = populationCount(report, 'denominator');
    const exclusions =
      populationCount(report, 'denominator-exclusion') +
      populationCount(report, 'denominator-exception');
    rows.push({
      id: measure.id,
      title: measure.title ?? measure.name ?? measure.id,
      kind: 'ecqm',
      scoring: measure.scoring?.coding?.[0]?.code ?? 'proportion',
      initialPopulation: populationCount(report, 'initial-population'),
      denominator,
      exclusions,
      numerator: populationCount(report, 'numerator'),
      score: report.group?.[0]?.measureScore?.value ?? null,
      low: null,
      high: null,
      unit: '%',
      seconds: (Date.now() - started) / 1000,
    });
  }
  return { rows, reports };
}
