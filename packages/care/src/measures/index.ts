/** Quality and programme measures: SQL measures (store read models) and eCQMs. */
export { SQL_MEASURES, type SqlMeasureDefinition } from './definitions.js';
export { ageBandOf, ageOn, measureResult, type MeasureFilters } from './aggregate.js';
export { mean, proportion, rate } from './statistics.js';
export {
  BENCHMARK_EXTENSION,
  MEASURE_BASE,
  SQL_MEASURE_TAG,
  sqlMeasureResource,
} from './measure-resource.js';
export { REPORT_TYPES, sqlMeasureReport, type ReportType } from './report.js';
export {
  computeSqlCases,
  evaluateSqlMeasure,
  loadSqlMeasures,
  sqlMeasurePeople,
  sqlMeasureResults,
  type PeopleQuery,
} from './sql-measures.js';
export {
  ecqmEngineError,
  ecqmMeasureReport,
  evaluateEcqm,
  isEcqm,
  measureBundle,
  runEcqm,
  type EcqmCalculate,
  type EcqmFailure,
  type EcqmPatientResult,
  type EcqmRun,
  type EngineOptions,
  type EngineResult,
} from './ecqm.js';
export {
  loadMeasurePackages,
  packageResources,
  PACKAGE_TYPES,
  type PackageLoadResult,
} from './packages.js';
export { runAllMeasures, type MeasureRunRow } from './run.js';
