import type { Extension, Reference, Resource } from '@medplum/fhirtypes';
import { OWNING_ORGANIZATION_URL } from '@careweave/store';

/**
 * Resources that define the care relationship itself. They have no owner: whoever may see the
 * patient sees them (a team member must see the team, the consent and the coordinator of record
 * to work at all), and they are never labelled automatically, for the same reason.
 */
export const RELATIONSHIP_TYPES: ReadonlySet<string> = new Set([
  'Patient',
  'RelatedPerson',
  'CareTeam',
  'EpisodeOfCare',
  'Consent',
  'AuditEvent',
]);

/**
 * Where the authoring organisation of a system or imported write is found, per type, in order.
 * A reference to an Organization names it; a Practitioner or PractitionerRole is resolved to the
 * organisation of its (first) PractitionerRole. Types not listed, and resources whose elements
 * name nobody, get no owner: network data, visible to anyone who may see the patient.
 */
export const OWNER_ELEMENTS: Readonly<Record<string, readonly string[]>> = {
  Encounter: ['serviceProvider', 'participant.individual'],
  Observation: ['performer'],
  DiagnosticReport: ['performer', 'resultsInterpreter'],
  Condition: ['recorder', 'asserter'],
  AllergyIntolerance: ['recorder', 'asserter'],
  Procedure: ['performer.actor', 'recorder', 'asserter'],
  Immunization: ['performer.actor'],
  MedicationRequest: ['requester', 'recorder'],
  MedicationStatement: ['informationSource'],
  ServiceRequest: ['requester'],
  Task: ['requester'],
  CarePlan: ['author'],
  Goal: ['expressedBy'],
  RiskAssessment: ['performer'],
  Flag: ['author'],
  Communication: ['sender'],
  CommunicationRequest: ['requester', 'sender'],
  DocumentReference: ['custodian', 'author'],
  QuestionnaireResponse: ['author'],
  ExplanationOfBenefit: ['provider'],
  Claim: ['provider'],
  Coverage: ['payor'],
};

/** The owning organisation id recorded in the resource's meta, if any. */
export function ownerOf(resource: Resource | undefined): string | null {
  const ref = resource?.meta?.extension?.find((e) => e.url === OWNING_ORGANIZATION_URL)
    ?.valueReference?.reference;
  return ref?.startsWith('Organization/') ? ref.slice('Organization/'.length) : null;
}

/** The resource with its owner set to `orgId` (or removed, for null); the same object when unchanged. */
export function withOwner<T extends Resource>(resource: T, orgId: string | null): T {
  if (
    ownerOf(resource) === orgId &&
    (orgId !== null || !resource.meta?.extension?.some((e) => e.url === OWNING_ORGANIZATION_URL))
  ) {
    return resource;
  }
  const others: Extension[] = (resource.meta?.extension ?? []).filter(
    (e) => e.url !== OWNING_ORGANIZATION_URL,
  );
  const extension =
    orgId === null
      ? others
      : [
          ...others,
          { url: OWNING_ORGANIZATION_URL, valueReference: { reference: `Organization/${orgId}` } },
        ];
  const { extension: _old, ...meta } = resource.meta ?? {};
  return { ...resource, meta: extension.length > 0 ? { ...meta, extension } : meta };
}

/** References found at a dotted element path (arrays flattened at every step). */
function referencesAt(resource: Resource, path: string): Reference[] {
  let nodes: unknown[] = [resource];
  for (const step of path.split('.')) {
    nodes = nodes.flatMap((n) => {
      const v = n && typeof n === 'object' ? (n as Record<string, unknown>)[step] : undefined;
      return Array.isArray(v) ? (v as unknown[]) : v === undefined ? [] : [v];
    });
  }
  return nodes.filter(
    (n): n is Reference =>
      !!n && typeof n === 'object' && typeof (n as Reference).reference === 'string',
  );
}

/**
 * The authoring organisation derived from the resource itself (for writes by the system or an
 * import): the first element of `OWNER_ELEMENTS` that names an organisation, directly or through
 * `orgOfPerson` (Practitioner/PractitionerRole reference → organisation id).
 */
export function derivedOwner(
  resource: Resource,
  orgOfPerson: (reference: string) => string | undefined,
): string | null {
  for (const path of OWNER_ELEMENTS[resource.resourceType] ?? []) {
    for (const ref of referencesAt(resource, path)) {
      const reference = ref.reference ?? '';
      if (reference.startsWith('Organization/')) {
        return reference.slice('Organization/'.length);
      }
      const org = orgOfPerson(reference);
      if (org) {
        return org;
      }
    }
  }
  return null;
}
