import type { Encounter, Reference, Resource } from '@medplum/fhirtypes';
import { parseReference } from '../../../lib/format';

/** Who last wrote a record and where they work, as far as the record itself says. */
export interface Attribution {
  who?: Reference;
  where?: Reference;
  /** `meta.lastUpdated`: when Careweave last stored it. */
  when?: string;
}

/** The person a record names as its author, by resource type (R4 elements). */
function author(resource: Resource): Reference | undefined {
  const metaAuthor = resource.meta?.author;
  if (metaAuthor) {
    return metaAuthor;
  }
  switch (resource.resourceType) {
    case 'Condition':
      return resource.recorder ?? resource.asserter;
    case 'AllergyIntolerance':
      return resource.recorder ?? resource.asserter;
    case 'Observation':
      return (
        resource.performer?.find((r) => r.reference?.startsWith('Practitioner/')) ??
        resource.performer?.[0]
      );
    case 'MedicationRequest':
      return resource.requester ?? resource.recorder;
    case 'Encounter':
      return resource.participant?.find((p) => p.individual)?.individual;
    case 'Task':
      return resource.requester;
    case 'QuestionnaireResponse':
      return resource.author;
    case 'RiskAssessment':
      return resource.performer;
    case 'Consent':
      return resource.performer?.[0];
    default:
      return undefined;
  }
}

/** The organisation a record names directly, by resource type. */
function namedOrganization(resource: Resource): Reference | undefined {
  switch (resource.resourceType) {
    case 'Encounter':
      return resource.serviceProvider;
    case 'CareTeam':
      return resource.managingOrganization?.[0];
    case 'EpisodeOfCare':
      return resource.managingOrganization;
    case 'Consent':
      return resource.organization?.[0];
    case 'Observation':
      return resource.performer?.find((r) => r.reference?.startsWith('Organization/'));
    default:
      return undefined;
  }
}

/** The encounter a record belongs to, if it says. */
function encounterOf(resource: Resource): Reference | undefined {
  return 'encounter' in resource ? resource.encounter : undefined;
}

/**
 * Works out "last updated by whom, where" for a record: the author it names (Medplum-style
 * `meta.author` when the server records one, else the clinical author element), the organisation
 * it names, else its encounter's service provider, else the author's organisation.
 */
export function attributionOf(
  resource: Resource,
  encounters: ReadonlyMap<string, Encounter>,
  organizationOf: (practitioner: Reference | undefined) => Reference | undefined,
): Attribution {
  const who = author(resource);
  const encounterId = parseReference(encounterOf(resource))?.id;
  const where =
    namedOrganization(resource) ??
    (encounterId ? encounters.get(encounterId)?.serviceProvider : undefined) ??
    organizationOf(who);
  return {
    ...(who ? { who } : {}),
    ...(where ? { where } : {}),
    ...(resource.meta?.lastUpdated ? { when: resource.meta.lastUpdated } : {}),
  };
}
