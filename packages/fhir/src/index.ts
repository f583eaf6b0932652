/**
 * @careweave/fhir — FHIR R4 knowledge with no I/O: definitions, validation, search-parameter
 * registry and write-time extraction of search values.
 */
export { isResourceType, loadFhirDefinitions } from './definitions.js';
export type { IndexValues } from './search/index-values.js';
export { extractIndexValues } from './search/extract.js';
export { validateResourceStrict } from './validation/validate.js';
export {
  expandShippedValueSet,
  lookupCode,
  shippedCodeSystem,
  shippedValueSet,
  type ConceptInfo,
} from './validation/terminology.js';
export {
  getPatientCompartmentParams,
  getSearchParams,
  listResourceTypes,
  type SearchParamInfo,
  type SearchParamType,
} from './search/registry.js';
export { dateRange, periodRange, type DateRange } from './search/dates.js';
export { normalizeSearchString } from './search/normalize.js';
export { normalizeReference } from './search/references.js';
export type { CompositeKey } from './search/index-values.js';
export { componentTypes, escapeCompositePart, isIndexedComposite } from './search/composite.js';
export { elementOfKey, getSummaryElements, type SummaryElements } from './search/summary.js';
export { splitUnion } from './search/registry.js';
export { applyFhirPathPatch } from './patch/apply.js';
