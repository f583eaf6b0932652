import type { SearchParameter } from '@medplum/fhirtypes';

/**
 * Search parameters Careweave needs beyond the R4 base set, declared exactly like the official
 * ones so that indexing, search and the CapabilityStatement treat them the same way.
 */
export const CUSTOM_SEARCH_PARAMETERS: SearchParameter[] = [];
