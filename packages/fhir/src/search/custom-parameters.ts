import type { SearchParameter } from '@medplum/fhirtypes';

const BASE = 'https://careweave.org/fhir/SearchParameter';

/**
 * Search parameters Careweave needs beyond the R4 base set, declared exactly like the official
 * ones so that indexing, search and the CapabilityStatement treat them the same way.
 *
 * The community resource directory is searched by need (R4 `service-category`, which carries both
 * the directory's category and the Gravity SDOH domain), by the languages a service is offered in,
 * by who is eligible, and by distance from the person (`near`, the same form as R4 Location's:
 * `latitude|longitude|distance|unit`, measured to the service's Locations' `position`). R4 defines
 * none of the last three for HealthcareService.
 */
export const CUSTOM_SEARCH_PARAMETERS: SearchParameter[] = [
  {
    resourceType: 'SearchParameter',
    id: 'HealthcareService-language',
    url: `${BASE}/HealthcareService-language`,
    name: 'language',
    status: 'active',
    description: 'A language the service is offered in (HealthcareService.communication, BCP-47)',
    code: 'language',
    base: ['HealthcareService'],
    type: 'token',
    expression: 'HealthcareService.communication',
  },
  {
    resourceType: 'SearchParameter',
    id: 'HealthcareService-eligibility',
    url: `${BASE}/HealthcareService-eligibility`,
    name: 'eligibility',
    status: 'active',
    description: 'Who the service is for (HealthcareService.eligibility.code)',
    code: 'eligibility',
    base: ['HealthcareService'],
    type: 'token',
    expression: 'HealthcareService.eligibility.code',
  },
  {
    resourceType: 'SearchParameter',
    id: 'HealthcareService-near',
    url: `${BASE}/HealthcareService-near`,
    name: 'near',
    status: 'active',
    description:
      'Services with a Location within the distance of a point: latitude|longitude|distance|unit (km, mi or m; default km), as Location near',
    code: 'near',
    base: ['HealthcareService'],
    type: 'special',
    expression: 'HealthcareService.location',
  },
];
