import type {
  List,
  MeasureReport,
  MeasureReportGroup,
  MeasureReportGroupPopulation,
  MeasureReportGroupStratifier,
} from '@medplum/fhirtypes';
import { MEASURE_STRATA } from '@careweave/contract';
import type { MeasureCase, MeasurePeriod, MeasureSubject } from '@careweave/store';
import { count, stratify } from './aggregate.js';
import type { SqlMeasureDefinition } from './definitions.js';
import { MEASURE_BASE, SQL_MEASURE_VERSION } from './measure-resource.js';

/** The R4 `$evaluate-measure` report types and the MeasureReport.type each gives. */
export const REPORT_TYPES = {
  population: 'summary',
  'subject-list': 'subject-list',
  subject: 'individual',
} as const;
export type ReportType = keyof typeof REPORT_TYPES;

const POPULATION = 'http://terminology.hl7.org/CodeSystem/measure-population';

interface Lists {
  contained: List[];
}

function subjectList(
  lists: Lists,
  name: string,
  patients: Iterable<string>,
): { reference: string } {
  const id = `list-${lists.contained.length + 1}`;
  lists.contained.push({
    resourceType: 'List',
    id,
    status: 'current',
    mode: 'snapshot',
    title: name,
    entry: [...new Set(patients)].map((p) => ({ item: { reference: `Patient/${p}` } })),
  });
  return { reference: `#${id}` };
}

function populations(
  def: SqlMeasureDefinition,
  cases: readonly MeasureCase[],
  lists: Lists | undefined,
): { population: MeasureReportGroupPopulation[]; score: number | null } {
  const c = count(def, cases);
  const kept = cases.filter((x) => !x.excluded);
  const entries: [string, number, () => Iterable<string>][] =
    def.scoring === 'continuous-variable'
      ? [
          ['initial-population', c.cases, () => cases.map((x) => x.patientId)],
          ['measure-population', c.cases - c.exclusions, () => kept.map((x) => x.patientId)],
          [
            'measure-population-exclusion',
            c.exclusions,
            () => cases.filter((x) => x.excluded).map((x) => x.patientId),
          ],
          [
            'measure-observation',
            c.observations.length,
            () => kept.filter((x) => x.observation !== null).map((x) => x.patientId),
          ],
        ]
      : [
          ['initial-population', c.cases, () => cases.map((x) => x.patientId)],
          [
            'denominator',
            c.denominator + (def.scoring === 'ratio' ? 0 : c.exclusions),
            () => cases.map((x) => x.patientId),
          ],
          [
            'denominator-exclusion',
            c.exclusions,
            () => cases.filter((x) => x.excluded).map((x) => x.patientId),
          ],
          [
            'numerator',
            c.numerator,
            () => kept.filter((x) => x.numerator > 0).map((x) => x.patientId),
          ],
        ];
  return {
    population: entries.map(([code, n, who]) => ({
      code: { coding: [{ system: POPULATION, code }] },
      count: n,
      ...(lists ? { subjectResults: subjectList(lists, code, who()) } : {}),
    })),
    score: c.interval.score,
  };
}

/**
 * A SQL measure's `MeasureReport`: summary (counts and strata), subject-list (the same, each
 * population with a contained List of its people) or individual (one person's cases).
 * Proportions score 0–1; ratios per `def.per` units of exposure; continuous variables the mean.
 */
export function sqlMeasureReport(
  def: SqlMeasureDefinition,
  period: MeasurePeriod,
  cases: readonly MeasureCase[],
  subjects: ReadonlyMap<string, MeasureSubject>,
  reportType: ReportType,
  subject?: string,
): MeasureReport {
  const lists: Lists | undefined = reportType === 'subject-list' ? { contained: [] } : undefined;
  const scored = (p: ReturnType<typeof populations>) =>
    p.score === null ? {} : { measureScore: { value: p.score, unit: def.unit } };
  const overall = populations(def, cases, lists);
  const stratifier: MeasureReportGroupStratifier[] =
    reportType === 'subject'
      ? []
      : MEASURE_STRATA.map((s) => ({
          code: [{ text: s }],
          stratum: [...stratify(s, cases, subjects)].map(([key, g]) => {
            const p = populations(def, g.cases, lists);
            return {
              value: { text: key === 'none' ? g.label : key },
              population: p.population,
              ...scored(p),
            };
          }),
        }));
  const group: MeasureReportGroup = {
    population: overall.population,
    ...scored(overall),
    ...(stratifier.length > 0 ? { stratifier } : {}),
  };
  return {
    resourceType: 'MeasureReport',
    ...(lists && lists.contained.length > 0 ? { contained: lists.contained } : {}),
    status: 'complete',
    type: REPORT_TYPES[reportType],
    measure: `${MEASURE_BASE}/${def.id}|${SQL_MEASURE_VERSION}`,
    ...(subject ? { subject: { reference: subject } } : {}),
    date: new Date().toISOString(),
    period: { start: period.start, end: period.end },
    improvementNotation: {
      coding: [
        {
          system: 'http://terminology.hl7.org/CodeSystem/measure-improvement-notation',
          code: def.improvement,
        },
      ],
    },
    group: [group],
  };
}
