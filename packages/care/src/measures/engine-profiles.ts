import type { Bundle, Resource } from '@medplum/fhirtypes';

/*
 * The eCQM engine picks the records a CQL retrieve reads by profile. Careweave's records carry no
 * QI-Core profile tags, and without tags the engine (cql-exec-fhir with requireProfileTagging
 * off) hands every resource of the profile's base type to every retrieve: CMS165's
 * `[USCoreBloodPressureProfile]` then reads a weight or a PHQ-9 score as a blood pressure, whose
 * missing systolic component makes "Lowest Systolic Reading on Most Recent Blood Pressure Day"
 * fail in the engine. So Careweave tags, for the engine only, each record with the profiles the
 * measure reads for its type, and runs the engine trusting the tags: a profile told apart by code
 * (the US Core vital signs, US Core 3.1.1 §Vital Signs, each a fixed LOINC code) is given only to
 * the Observations carrying that code; every other profile to every record of its type, which is
 * exactly what the untagged engine did.
 */

const LOINC = 'http://loinc.org';

/** US Core 3.1.1 vital-sign profiles (and FHIR R4's own vital-sign profiles) → their LOINC code. */
const VITAL_SIGN_CODES: Readonly<Record<string, string>> = {
  'http://hl7.org/fhir/us/core/StructureDefinition/us-core-blood-pressure': '85354-9',
  'http://hl7.org/fhir/StructureDefinition/bp': '85354-9',
  'http://hl7.org/fhir/us/core/StructureDefinition/us-core-body-weight': '29463-7',
  'http://hl7.org/fhir/StructureDefinition/bodyweight': '29463-7',
  'http://hl7.org/fhir/us/core/StructureDefinition/us-core-body-height': '8302-2',
  'http://hl7.org/fhir/StructureDefinition/bodyheight': '8302-2',
  'http://hl7.org/fhir/us/core/StructureDefinition/us-core-bmi': '39156-5',
  'http://hl7.org/fhir/StructureDefinition/bmi': '39156-5',
  'http://hl7.org/fhir/us/core/StructureDefinition/us-core-heart-rate': '8867-4',
  'http://hl7.org/fhir/StructureDefinition/heartrate': '8867-4',
  'http://hl7.org/fhir/us/core/StructureDefinition/us-core-respiratory-rate': '9279-1',
  'http://hl7.org/fhir/StructureDefinition/resprate': '9279-1',
  'http://hl7.org/fhir/us/core/StructureDefinition/us-core-body-temperature': '8310-5',
  'http://hl7.org/fhir/StructureDefinition/bodytemp': '8310-5',
};

/** Resource type → the profiles the measure's libraries retrieve it by (Library.dataRequirement). */
export type RetrievedProfiles = ReadonlyMap<string, readonly string[]>;

/** The profiles every Library of a measure bundle declares it reads, by resource type. */
export function retrievedProfiles(measureBundle: Bundle): RetrievedProfiles {
  const byType = new Map<string, Set<string>>();
  for (const entry of measureBundle.entry ?? []) {
    const resource = entry.resource;
    if (resource?.resourceType !== 'Library') continue;
    for (const requirement of resource.dataRequirement ?? []) {
      const profiles = byType.get(requirement.type) ?? new Set<string>();
      for (const profile of requirement.profile ?? []) profiles.add(profile);
      byType.set(requirement.type, profiles);
    }
  }
  return new Map([...byType].map(([type, profiles]) => [type, [...profiles]]));
}

function hasLoinc(resource: Resource, code: string): boolean {
  if (resource.resourceType !== 'Observation') return false;
  return (resource.code.coding ?? []).some((c) => c.system === LOINC && c.code === code);
}

/** A copy of the record whose meta.profile also names each retrieved profile it belongs to. */
export function tagForEngine(resource: Resource, profiles: RetrievedProfiles): Resource {
  const wanted = (profiles.get(resource.resourceType) ?? []).filter((profile) => {
    const code = VITAL_SIGN_CODES[profile];
    return code === undefined || hasLoinc(resource, code);
  });
  if (wanted.length === 0) return resource;
  const own = resource.meta?.profile ?? [];
  return {
    ...resource,
    meta: { ...resource.meta, profile: [...new Set([...own, ...wanted])] },
  };
}
