/**
 * Electronic clinical quality measures (eCQMs) from their published FHIR measure packages,
 * computed by `fqm-execution` (on `cql-execution`), never re-implemented by hand. Careweave
 * ships no measure content: an operator loads packages (`careweave measures load`), and this
 * module hands the engine the stored Measure, every stored Library and ValueSet, and each
 * person's record as the caller may see it, then reports the engine's populations.
 */
import type {
  Bundle,
  List,
  Measure,
  MeasureReport,
  MeasureReportGroup,
  MeasureReportGroupPopulation,
  OperationOutcome,
} from '@medplum/fhirtypes';
import { MEASURE_STRATA } from '@careweave/contract';
import {
  type MeasurePeriod,
  type MeasureSubject,
  type Repository,
  type RequestContext,
} from '@careweave/store';
import { OperationOutcomeError } from '@medplum/core';
import { Calculator } from 'fqm-execution';
import { EcqmResultCache, measureKey, recordsKey } from './ecqm-cache.js';
import { retrievedProfiles, tagForEngine } from './engine-profiles.js';
import { stratumOf } from './aggregate.js';
import { REPORT_TYPES, type ReportType } from './report.js';

/** People per engine call: bounds memory while keeping the ELM parse amortised. */
const CHUNK = 200;

/** One person's result from the engine: population code → count (episodes, or 0/1). */
export interface EcqmPatientResult {
  patientId: string;
  /** Per measure group, in the Measure's order. */
  groups: { id: string; populations: Map<string, number> }[];
}

/** The measure bundle the engine needs: the Measure, all stored Libraries and ValueSets. */
export async function measureBundle(repo: Repository, measure: Measure): Promise<Bundle> {
  const [libraries, valueSets] = await Promise.all([
    repo.readModels.measures.sharedResources('Library'),
    repo.readModels.measures.sharedResources('ValueSet'),
  ]);
  return {
    resourceType: 'Bundle',
    type: 'collection',
    entry: [measure, ...libraries, ...valueSets].map((resource) => ({ resource })),
  };
}

/** Whether a stored Measure is an eCQM Careweave can run (it names a CQL Library). */
export function isEcqm(measure: Measure): boolean {
  return (measure.library?.length ?? 0) > 0;
}

/** The engine's calculation function (fqm-execution's `Calculator.calculate`); injectable for tests. */
export type EcqmCalculate = (
  measureBundle: Bundle,
  patientBundles: Bundle[],
  options: EngineOptions,
) => Promise<{ results: EngineResult[] }>;

/** The options Careweave passes to the engine. */
export interface EngineOptions {
  measurementPeriodStart: string;
  measurementPeriodEnd: string;
  trustMetaProfile: boolean;
  calculateHTML: boolean;
  calculateSDEs: boolean;
  calculateClauseCoverage: boolean;
  useElmJsonsCaching: boolean;
}

/** The part of the engine's per-person result Careweave reads. */
export interface EngineResult {
  patientId: string;
  detailedResults?: {
    groupId: string;
    episodeResults?: { populationResults: { populationType: string; result: boolean }[] }[];
    populationResults?: { populationType: string; result: boolean }[];
  }[];
}

// fqm-execution's own result type is structurally an EngineResult (and more).
const engineCalculate: EcqmCalculate = async (measureBundle, patientBundles, options) =>
  await Calculator.calculate(measureBundle, patientBundles, options);

/** A person the engine could not evaluate, with the engine's message. */
export interface EcqmFailure {
  patientId: string;
  message: string;
}

/** The engine's results, and the people it could not evaluate (reported, never dropped silently). */
export interface EcqmRun {
  results: EcqmPatientResult[];
  failures: EcqmFailure[];
}

/**
 * One result cache per engine function: the real engine's is shared by every request of this
 * process; an engine a test injects gets its own, so its call counts stay its own.
 */
const caches = new WeakMap<EcqmCalculate, EcqmResultCache<EcqmPatientResult>>();

function cacheFor(calculate: EcqmCalculate): EcqmResultCache<EcqmPatientResult> {
  let cache = caches.get(calculate);
  if (!cache) {
    cache = new EcqmResultCache();
    caches.set(calculate, cache);
  }
  return cache;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * The engine failed on every person it was given, so there is no result to report: a 422
 * OperationOutcome (code `processing`) naming the measure and the engine's message.
 */
export function ecqmEngineError(measure: Measure, message: string): OperationOutcomeError {
  const name = measure.name ?? measure.title ?? measure.id ?? measure.url ?? 'the measure';
  return new OperationOutcomeError({
    resourceType: 'OperationOutcome',
    // The id picks the status (422) in the server's one error handler.
    id: 'business-rule',
    issue: [
      {
        severity: 'error',
        code: 'processing',
        details: { text: `The eCQM engine could not evaluate ${name}: ${message}` },
        diagnostics: message,
        expression: [`Measure/${measure.id ?? ''}`],
      },
    ],
  });
}

function patientIdOf(bundle: Bundle): string {
  return bundle.entry?.find((e) => e.resource?.resourceType === 'Patient')?.resource?.id ?? '';
}

function resultOf(result: EngineResult): EcqmPatientResult {
  return {
    patientId: result.patientId,
    groups: (result.detailedResults ?? []).map((g) => {
      const populations = new Map<string, number>();
      if (g.episodeResults && g.episodeResults.length > 0) {
        for (const episode of g.episodeResults) {
          for (const p of episode.populationResults) {
            populations.set(
              p.populationType,
              (populations.get(p.populationType) ?? 0) + (p.result ? 1 : 0),
            );
          }
        }
      } else {
        for (const p of g.populationResults ?? []) {
          populations.set(p.populationType, p.result ? 1 : 0);
        }
      }
      return { id: g.groupId, populations };
    }),
  };
}

/**
 * Runs the engine over these people (or every person the caller may see) for the period, and
 * returns each person's population counts. Each record is tagged, for the engine only, with the
 * profiles the measure reads it by (engine-profiles.ts), and the engine trusts those tags, so a
 * profile retrieve reads only its own records (a weight is never read as a blood pressure).
 *
 * A chunk the engine throws on is retried person by person, so one record the engine cannot
 * read costs only that person: they are listed in `failures` with the engine's message. If the
 * engine fails for every person, the measure itself cannot run and `ecqmEngineError` is thrown.
 */
export async function runEcqm(
  repo: Repository,
  ctx: RequestContext,
  measure: Measure,
  period: MeasurePeriod,
  patientIds?: readonly string[],
  calculate: EcqmCalculate = engineCalculate,
): Promise<EcqmRun> {
  const bundle = await measureBundle(repo, measure);
  const profiles = retrievedProfiles(bundle);
  const ids = patientIds ?? (await repo.readModels.measures.visiblePatients(ctx.scope));
  const options: EngineOptions = {
    measurementPeriodStart: period.start,
    measurementPeriodEnd: period.end,
    trustMetaProfile: true,
    calculateHTML: false,
    calculateSDEs: false,
    calculateClauseCoverage: false,
    useElmJsonsCaching: true,
  };
  const cache = cacheFor(calculate);
  const measureId = measureKey(bundle, period);
  const run: EcqmRun = { results: [], failures: [] };
  let attempted = 0;
  for (let i = 0; i < ids.length; i += CHUNK) {
    const records = await repo.readModels.measures.patientRecords(
      ctx.scope,
      ids.slice(i, i + CHUNK),
    );
    // People whose visible records are exactly as at an earlier run reuse its result.
    const toRun: { bundle: Bundle; key: string }[] = [];
    for (const resources of records.values()) {
      if (!resources.some((r) => r.resourceType === 'Patient')) continue;
      attempted++;
      const key = recordsKey(resources);
      const known = cache.get(measureId, key);
      if (known) {
        run.results.push(known);
        continue;
      }
      toRun.push({
        key,
        bundle: {
          resourceType: 'Bundle',
          type: 'collection',
          entry: resources.map((resource) => ({ resource: tagForEngine(resource, profiles) })),
        },
      });
    }
    if (toRun.length === 0) continue;
    const keyOf = new Map(toRun.map((t) => [patientIdOf(t.bundle), t.key]));
    const remember = (results: EngineResult[]): void => {
      for (const result of results.map(resultOf)) {
        run.results.push(result);
        const key = keyOf.get(result.patientId);
        if (key) cache.set(measureId, key, result);
      }
    };
    const bundles = toRun.map((t) => t.bundle);
    try {
      remember((await calculate(bundle, bundles, options)).results);
    } catch (chunkError) {
      if (bundles.length === 1) {
        run.failures.push({ patientId: patientIdOf(bundles[0]!), message: messageOf(chunkError) });
        continue;
      }
      for (const one of bundles) {
        try {
          remember((await calculate(bundle, [one], options)).results);
        } catch (err) {
          run.failures.push({ patientId: patientIdOf(one), message: messageOf(err) });
        }
      }
    }
  }
  if (attempted > 0 && run.failures.length === attempted) {
    throw ecqmEngineError(measure, run.failures[0]!.message);
  }
  return run;
}

/**
 * The people the engine could not evaluate, as a contained OperationOutcome (one warning per
 * person, the engine's message in `diagnostics`) that the MeasureReport's `evaluatedResource`
 * references, so a reader sees the report is short of them.
 */
function failuresOutcome(failures: readonly EcqmFailure[]): OperationOutcome {
  return {
    resourceType: 'OperationOutcome',
    id: 'unevaluated',
    issue: failures.map((f) => ({
      severity: 'warning',
      code: 'processing',
      details: { text: `Patient/${f.patientId} could not be evaluated; not counted` },
      diagnostics: f.message,
      expression: [`Patient/${f.patientId}`],
    })),
  };
}

const POPULATION = 'http://terminology.hl7.org/CodeSystem/measure-population';

/** The population codes of a Measure group, in its order. */
function populationCodes(measure: Measure, index: number): string[] {
  return (measure.group?.[index]?.population ?? [])
    .map((p) => p.code?.coding?.[0]?.code)
    .filter((c): c is string => typeof c === 'string');
}

/**
 * A MeasureReport from the engine's per-person results: summary (counts, strata by organisation,
 * team and coordinator), subject-list (each population with a contained List of its people) or
 * individual. The score of a proportion measure follows the R4 rule: numerator − numerator
 * exclusions over denominator − exclusions − exceptions.
 */
export function ecqmMeasureReport(
  measure: Measure,
  period: MeasurePeriod,
  results: readonly EcqmPatientResult[],
  subjects: ReadonlyMap<string, MeasureSubject>,
  reportType: ReportType,
  subject?: string,
  failures: readonly EcqmFailure[] = [],
): MeasureReport {
  const contained: (List | OperationOutcome)[] = [];
  const list = (name: string, people: string[]): { reference: string } => {
    const id = `list-${contained.length + 1}`;
    contained.push({
      resourceType: 'List',
      id,
      status: 'current',
      mode: 'snapshot',
      title: name,
      entry: people.map((p) => ({ item: { reference: `Patient/${p}` } })),
    });
    return { reference: `#${id}` };
  };
  const populationsOf = (
    index: number,
    people: readonly EcqmPatientResult[],
  ): { population: MeasureReportGroupPopulation[]; score: number | undefined } => {
    const counts = new Map<string, number>();
    const who = new Map<string, string[]>();
    for (const r of people) {
      for (const [code, n] of r.groups[index]?.populations ?? []) {
        counts.set(code, (counts.get(code) ?? 0) + n);
        if (n > 0) who.set(code, [...(who.get(code) ?? []), r.patientId]);
      }
    }
    const codes = populationCodes(measure, index);
    const population = codes.map((code) => ({
      code: { coding: [{ system: POPULATION, code }] },
      count: counts.get(code) ?? 0,
      ...(reportType === 'subject-list' ? { subjectResults: list(code, who.get(code) ?? []) } : {}),
    }));
    const n = (code: string): number => counts.get(code) ?? 0;
    const denominator = n('denominator') - n('denominator-exclusion') - n('denominator-exception');
    const score =
      codes.includes('numerator') && denominator > 0
        ? (n('numerator') - n('numerator-exclusion')) / denominator
        : undefined;
    return { population, score };
  };
  const group: MeasureReportGroup[] = (measure.group ?? []).map((g, index) => {
    const overall = populationsOf(index, results);
    const stratifier =
      reportType === 'subject'
        ? []
        : MEASURE_STRATA.filter((s) => s !== 'month').map((s) => {
            const byKey = new Map<string, EcqmPatientResult[]>();
            for (const r of results) {
              const key = stratumOf(
                s,
                {
                  patientId: r.patientId,
                  day: period.end,
                  event: '',
                  excluded: false,
                  numerator: 0,
                  denominator: 0,
                  observation: null,
                },
                subjects.get(r.patientId),
              );
              byKey.set(key.label, [...(byKey.get(key.label) ?? []), r]);
            }
            return {
              code: [{ text: s }],
              stratum: [...byKey].map(([label, people]) => {
                const p = populationsOf(index, people);
                return {
                  value: { text: label },
                  population: p.population,
                  ...(p.score === undefined ? {} : { measureScore: { value: p.score } }),
                };
              }),
            };
          });
    return {
      ...(g.id ? { id: g.id } : {}),
      population: overall.population,
      ...(overall.score === undefined ? {} : { measureScore: { value: overall.score } }),
      ...(stratifier.length > 0 ? { stratifier } : {}),
    };
  });
  if (failures.length > 0) contained.push(failuresOutcome(failures));
  return {
    resourceType: 'MeasureReport',
    ...(contained.length > 0 ? { contained } : {}),
    status: 'complete',
    type: REPORT_TYPES[reportType],
    measure: measure.version
      ? `${measure.url}|${measure.version}`
      : (measure.url ?? `Measure/${measure.id}`),
    ...(subject ? { subject: { reference: subject } } : {}),
    date: new Date().toISOString(),
    period: { start: period.start, end: period.end },
    ...(measure.improvementNotation ? { improvementNotation: measure.improvementNotation } : {}),
    group,
    ...(failures.length > 0 ? { evaluatedResource: [{ reference: '#unevaluated' }] } : {}),
  };
}

/** `$evaluate-measure` for a loaded eCQM. */
export async function evaluateEcqm(
  repo: Repository,
  ctx: RequestContext,
  measure: Measure,
  period: MeasurePeriod,
  reportType: ReportType,
  subject?: string,
  calculate?: EcqmCalculate,
): Promise<MeasureReport> {
  const ids = subject ? [subject.slice('Patient/'.length)] : undefined;
  const { results, failures } = await runEcqm(repo, ctx, measure, period, ids, calculate);
  const subjects =
    reportType === 'subject'
      ? new Map<string, MeasureSubject>()
      : await repo.readModels.measures.subjects(
          ctx.scope,
          results.map((r) => r.patientId),
        );
  return ecqmMeasureReport(measure, period, results, subjects, reportType, subject, failures);
}
