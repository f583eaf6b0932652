import type { Measure, MeasureReport } from '@medplum/fhirtypes';
import {
  SQL_MEASURE_IDS,
  type MeasurePerson,
  type MeasureResult,
  type MeasureResults,
  type MeasureStratum,
  type SqlMeasureId,
} from '@careweave/contract';
import {
  SYSTEM_CONTEXT,
  type MeasureCase,
  type MeasurePeriod,
  type MeasureSubject,
  type Repository,
  type RequestContext,
} from '@careweave/store';
import { measureResult, passes, stratumOf, type MeasureFilters } from './aggregate.js';
import { SQL_MEASURES } from './definitions.js';
import { BENCHMARK_EXTENSION, sqlMeasureResource } from './measure-resource.js';
import { sqlMeasureReport, type ReportType } from './report.js';

/**
 * Stores the SQL measures' `Measure` resources under their ids at start-up (idempotent: an
 * unchanged one is not rewritten; an operator's benchmark extension on a stored one is kept).
 */
export async function loadSqlMeasures(repo: Repository): Promise<number> {
  let written = 0;
  for (const id of SQL_MEASURE_IDS) {
    const wanted = sqlMeasureResource(SQL_MEASURES[id]);
    const existing = await repo.read<Measure>(SYSTEM_CONTEXT, 'Measure', id).catch(() => undefined);
    if (existing) {
      const { meta: _m, extension, ...rest } = existing;
      const { meta: _w, ...want } = wanted;
      if (JSON.stringify(sorted(rest)) === JSON.stringify(sorted(want))) continue;
      if (extension) wanted.extension = extension;
    }
    await repo.update(SYSTEM_CONTEXT, wanted);
    written++;
  }
  return written;
}

function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([k, v]) => [k, sorted(v)]),
    );
  }
  return value;
}

/** The cases of the requested measures and the people behind them, filtered. */
export interface ComputedCases {
  cases: Map<SqlMeasureId, MeasureCase[]>;
  subjects: Map<string, MeasureSubject>;
}

export async function computeSqlCases(
  repo: Repository,
  ctx: RequestContext,
  period: MeasurePeriod,
  ids?: readonly SqlMeasureId[],
  filters: MeasureFilters = {},
): Promise<ComputedCases> {
  const all = await repo.readModels.measures.cases(ctx.scope, period, ids);
  const people = new Set<string>();
  for (const cases of all.values()) for (const c of cases) people.add(c.patientId);
  const subjects = await repo.readModels.measures.subjects(ctx.scope, [...people]);
  const cases = new Map<SqlMeasureId, MeasureCase[]>();
  for (const [id, list] of all) {
    cases.set(
      id,
      list.filter((c) => passes(subjects.get(c.patientId), filters, period.end)),
    );
  }
  return { cases, subjects };
}

async function benchmarkOf(repo: Repository, id: string): Promise<MeasureResult['benchmark']> {
  const m = await repo.read<Measure>(SYSTEM_CONTEXT, 'Measure', id).catch(() => undefined);
  const ext = m?.extension?.find((e) => e.url === BENCHMARK_EXTENSION);
  const value = ext?.valueDecimal ?? ext?.extension?.find((e) => e.url === 'value')?.valueDecimal;
  if (value === undefined) return null;
  const source =
    ext?.extension?.find((e) => e.url === 'source')?.valueString ?? 'published benchmark';
  return { value, source };
}

/** Every SQL measure's result over the period, with strata and benchmarks. */
export async function sqlMeasureResults(
  repo: Repository,
  ctx: RequestContext,
  period: MeasurePeriod,
  filters: MeasureFilters = {},
  ids: readonly SqlMeasureId[] = SQL_MEASURE_IDS,
): Promise<MeasureResults> {
  const { cases, subjects } = await computeSqlCases(repo, ctx, period, ids, filters);
  const measures: MeasureResult[] = [];
  for (const id of ids) {
    measures.push(
      measureResult(SQL_MEASURES[id], cases.get(id) ?? [], subjects, await benchmarkOf(repo, id)),
    );
  }
  return { periodStart: period.start, periodEnd: period.end, measures };
}

/** `$evaluate-measure` for a SQL measure. */
export async function evaluateSqlMeasure(
  repo: Repository,
  ctx: RequestContext,
  id: SqlMeasureId,
  period: MeasurePeriod,
  reportType: ReportType,
  subject?: string,
): Promise<MeasureReport> {
  const { cases, subjects } = await computeSqlCases(repo, ctx, period, [id]);
  let list = cases.get(id) ?? [];
  if (subject) list = list.filter((c) => `Patient/${c.patientId}` === subject);
  return sqlMeasureReport(SQL_MEASURES[id], period, list, subjects, reportType, subject);
}

/** Which group's people to list. */
export interface PeopleQuery {
  stratum?: MeasureStratum;
  key?: string;
  outcome?: MeasurePerson['outcome'];
}

/** The people behind a measure or one of its groups (drill-down), within the caller's scope. */
export async function sqlMeasurePeople(
  repo: Repository,
  ctx: RequestContext,
  id: SqlMeasureId,
  period: MeasurePeriod,
  filters: MeasureFilters,
  query: PeopleQuery,
): Promise<MeasurePerson[]> {
  const { cases, subjects } = await computeSqlCases(repo, ctx, period, [id], filters);
  const out: MeasurePerson[] = [];
  for (const c of cases.get(id) ?? []) {
    const subject = subjects.get(c.patientId);
    if (query.stratum && query.key !== undefined) {
      if (stratumOf(query.stratum, c, subject).key !== query.key) continue;
    }
    const outcome: MeasurePerson['outcome'] = c.excluded
      ? 'excluded'
      : c.numerator > 0
        ? 'numerator'
        : 'missed';
    if (query.outcome && outcome !== query.outcome) continue;
    out.push({
      patientId: c.patientId,
      name: subject?.name ?? c.patientId,
      event: c.event,
      day: c.day,
      outcome,
      observation: c.observation,
    });
  }
  return out;
}
