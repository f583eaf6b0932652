import type { Measure, MeasureGroupPopulation } from '@medplum/fhirtypes';
import type { SqlMeasureDefinition } from './definitions.js';

/** Canonical base of Careweave's own measures. */
export const MEASURE_BASE = 'https://careweave.org/fhir/Measure';
/** Version of the SQL measure definitions (bump when a definition changes). */
export const SQL_MEASURE_VERSION = '2026.1.0';
/** Extension on a Measure: a published benchmark (valueDecimal in the score's unit; source in its `extension[source]`). */
export const BENCHMARK_EXTENSION =
  'https://careweave.org/fhir/StructureDefinition/measure-benchmark';
/** Tag marking a Measure as computed by Careweave's SQL (not by a CQL engine). */
export const SQL_MEASURE_TAG = {
  system: 'https://careweave.org/fhir/CodeSystem/measure-engine',
  code: 'sql',
};

const POPULATION = 'http://terminology.hl7.org/CodeSystem/measure-population';
const SCORING = 'http://terminology.hl7.org/CodeSystem/measure-scoring';
const IMPROVEMENT = 'http://terminology.hl7.org/CodeSystem/measure-improvement-notation';

const population = (code: string, description: string): MeasureGroupPopulation => ({
  code: { coding: [{ system: POPULATION, code }] },
  description,
  // Computed by set-based SQL in the store (store/src/measures), not by an expression engine.
  criteria: { language: 'text/x-careweave-sql' as 'text/cql', expression: code },
});

/** The FHIR `Measure` resource of a SQL measure (id = the measure id). */
export function sqlMeasureResource(def: SqlMeasureDefinition): Measure {
  const populations =
    def.scoring === 'continuous-variable'
      ? [
          population('initial-population', def.description),
          population('measure-population', 'The cases not excluded'),
          population('measure-population-exclusion', 'Died or discharged to hospice'),
          population('measure-observation', `${def.unit} per case`),
        ]
      : [
          population('initial-population', def.description),
          population(
            'denominator',
            def.scoring === 'ratio' ? 'Member-months' : 'The initial population',
          ),
          population('denominator-exclusion', 'Cases the definition excludes'),
          population('numerator', def.title),
        ];
  return {
    resourceType: 'Measure',
    id: def.id,
    meta: { tag: [SQL_MEASURE_TAG] },
    url: `${MEASURE_BASE}/${def.id}`,
    version: SQL_MEASURE_VERSION,
    name: def.id.replace(/(^|-)(\w)/g, (_m, _d, c: string) => c.toUpperCase()),
    title: def.title,
    status: 'active',
    publisher: 'Careweave',
    description: `${def.description}\n\nFollows: ${def.source}.`,
    usage: `Simplifications:\n${def.simplifications.map((s) => `- ${s}`).join('\n')}`,
    scoring: { coding: [{ system: SCORING, code: def.scoring }] },
    improvementNotation: { coding: [{ system: IMPROVEMENT, code: def.improvement }] },
    group: [
      {
        population: populations,
        stratifier: ['organization', 'team', 'coordinator', 'month'].map((code) => ({
          code: { text: code },
        })),
      },
    ],
  };
}
