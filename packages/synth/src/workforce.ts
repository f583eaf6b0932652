/**
 * Practitioners and their PractitionerRoles. Role codes are SNOMED CT occupations where one exists
 * (the R4 example value set for PractitionerRole.code) plus the NUCC Health Care Provider Taxonomy
 * code, the US HIPAA standard; the SNOMED↔NUCC pairs follow HL7's published NUCC/SNOMED concept map.
 * A community health worker has no SNOMED occupation, so it carries NUCC only.
 */
import type { CodeableConcept, Practitioner, PractitionerRole } from '@medplum/fhirtypes';
import { ref, STAFF_ID_SYSTEM, SYSTEM } from './codes.js';
import type { Sex } from './prevalence.js';

/** The kinds of staff in the network. */
export type RoleKind =
  | 'gp'
  | 'nurse'
  | 'psychologist'
  | 'psychiatrist'
  | 'socialWorker'
  | 'pharmacist'
  | 'communityHealthWorker'
  | 'careCoordinator'
  | 'hospitalist'
  | 'edPhysician'
  | 'administrator'
  | 'programmeManager'
  | 'foodBankWorker';

function role(
  text: string,
  nucc: [string, string] | undefined,
  snomed?: [string, string],
): CodeableConcept {
  const coding = [];
  if (snomed) coding.push({ system: SYSTEM.SNOMED, code: snomed[0], display: snomed[1] });
  if (nucc) coding.push({ system: SYSTEM.NUCC, code: nucc[0], display: nucc[1] });
  // FHIR JSON has no empty arrays (https://hl7.org/fhir/R4/json.html): text alone when no code fits.
  return coding.length > 0 ? { coding, text } : { text };
}

/** PractitionerRole.code for each kind of staff. */
export const ROLE_CODES: Readonly<Record<RoleKind, CodeableConcept>> = {
  gp: role(
    'General practitioner',
    ['207Q00000X', 'Family Medicine'],
    ['62247001', 'Family medicine specialist (occupation)'],
  ),
  nurse: role(
    'Practice nurse',
    ['163W00000X', 'Registered Nurse'],
    ['224535009', 'Registered nurse (occupation)'],
  ),
  psychologist: role(
    'Psychologist',
    ['103T00000X', 'Psychologist'],
    ['59944000', 'Psychologist (occupation)'],
  ),
  psychiatrist: role(
    'Psychiatrist',
    ['2084P0800X', 'Psychiatry & Neurology, Psychiatry'],
    ['80584001', 'Psychiatrist (occupation)'],
  ),
  socialWorker: role(
    'Social worker',
    ['104100000X', 'Social Worker'],
    ['106328005', 'Social worker (occupation)'],
  ),
  pharmacist: role(
    'Pharmacist',
    ['183500000X', 'Pharmacist'],
    ['46255001', 'Pharmacist (occupation)'],
  ),
  communityHealthWorker: role('Community health worker', ['172V00000X', 'Community Health Worker']),
  careCoordinator: role(
    'Care coordinator',
    ['171M00000X', 'Case Manager/Care Coordinator'],
    ['768820003', 'Care coordinator (occupation)'],
  ),
  hospitalist: role('Hospitalist', ['208M00000X', 'Hospitalist']),
  edPhysician: role('Emergency physician', ['207P00000X', 'Emergency Medicine']),
  administrator: role('Network administrator', undefined, [
    '224608005',
    'Administrative healthcare staff (occupation)',
  ]),
  foodBankWorker: role('Food bank intake worker', ['172V00000X', 'Community Health Worker']),
  // No NUCC or SNOMED occupation code says "programme manager" precisely: the text says it.
  programmeManager: role('Programme manager', undefined),
};

/** A member of staff as persons' resources refer to them. */
export interface StaffMember {
  practitionerId: string;
  roleId: string;
  organizationId: string;
  locationId: string;
  kind: RoleKind;
  name: string;
}

/** Input for one member of staff. */
export interface StaffSpec {
  practitionerId: string;
  roleId: string;
  kind: RoleKind;
  given: string;
  family: string;
  sex: Sex;
  organizationId: string;
  locationId: string;
  healthcareServiceIds: string[];
  email: string;
}

const PREFIX: Partial<Record<RoleKind, string>> = {
  gp: 'Dr.',
  psychiatrist: 'Dr.',
  hospitalist: 'Dr.',
  edPhysician: 'Dr.',
  psychologist: 'Dr.',
};

/** Builds the Practitioner and PractitionerRole for one member of staff. */
export function staffResources(spec: StaffSpec): {
  practitioner: Practitioner;
  role: PractitionerRole;
  member: StaffMember;
} {
  const prefix = PREFIX[spec.kind];
  const name = {
    use: 'official' as const,
    family: spec.family,
    given: [spec.given],
    ...(prefix ? { prefix: [prefix] } : {}),
  };
  const practitioner: Practitioner = {
    resourceType: 'Practitioner',
    id: spec.practitionerId,
    identifier: [{ system: STAFF_ID_SYSTEM, value: spec.practitionerId }],
    active: true,
    name: [name],
    telecom: [{ system: 'email', value: spec.email, use: 'work' }],
    gender: spec.sex,
  };
  const roleResource: PractitionerRole = {
    resourceType: 'PractitionerRole',
    id: spec.roleId,
    active: true,
    practitioner: ref(
      'Practitioner',
      spec.practitionerId,
      `${prefix ? prefix + ' ' : ''}${spec.given} ${spec.family}`,
    ),
    organization: ref('Organization', spec.organizationId),
    code: [ROLE_CODES[spec.kind]],
    location: [ref('Location', spec.locationId)],
    telecom: [{ system: 'email', value: spec.email, use: 'work' }],
  };
  if (spec.healthcareServiceIds.length > 0) {
    roleResource.healthcareService = spec.healthcareServiceIds.map((id) =>
      ref('HealthcareService', id),
    );
  }
  return {
    practitioner,
    role: roleResource,
    member: {
      practitionerId: spec.practitionerId,
      roleId: spec.roleId,
      organizationId: spec.organizationId,
      locationId: spec.locationId,
      kind: spec.kind,
      name: `${prefix ? prefix + ' ' : ''}${spec.given} ${spec.family}`,
    },
  };
}
