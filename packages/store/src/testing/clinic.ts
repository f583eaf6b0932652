import type { Quantity, Resource } from '@medplum/fhirtypes';
import { SYSTEM_CONTEXT } from '../context.js';
import type { Repository } from '../repository/repository.js';

const LOINC = 'http://loinc.org';
const UCUM = 'http://unitsofmeasure.org';
const SNOMED = 'http://snomed.info/sct';
const V2_0203 = 'http://terminology.hl7.org/CodeSystem/v2-0203';
const CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';
/** The profile p3 claims, for `_profile` searches. */
export const CLINIC_PROFILE = 'http://hl7.org/fhir/us/core/StructureDefinition/us-core-patient';

const quantity = (value: number, code: string): Quantity => ({
  value,
  system: UCUM,
  code,
  unit: code,
});

/**
 * A small clinic whose every resource has a fixed id, for search tests that name the expected
 * ids: four patients (accents, escapes, precision, a missing birth date), a GP, observations
 * of every value kind, a risk assessment; then a deleted patient and an old name that must never
 * be found. Written as the system, in the order below.
 */
export const CLINIC: Resource[] = [
  {
    resourceType: 'Practitioner',
    id: 'gp',
    name: [{ family: 'Cho', given: ['Helen'], prefix: ['Dr.'] }],
  },
  { resourceType: 'Organization', id: 'org', name: 'Northside Family Practice' },
  {
    resourceType: 'Patient',
    id: 'p1',
    identifier: [
      { system: 'urn:mrn', value: 'A,1|x', type: { coding: [{ system: V2_0203, code: 'MR' }] } },
    ],
    name: [{ family: 'Muñoz-García', given: ['José'] }],
    gender: 'male',
    birthDate: '1970-02',
    generalPractitioner: [{ reference: 'Practitioner/gp' }],
    managingOrganization: { reference: 'Organization/org' },
  },
  {
    resourceType: 'Patient',
    id: 'p2',
    name: [{ family: 'Smith', given: ['Anne'] }],
    gender: 'female',
    birthDate: '1985-06-15',
    address: [{ city: 'Besançon', postalCode: '25000' }],
    telecom: [{ system: 'email', value: 'anne@example.org' }],
    photo: [{ contentType: 'image/png', data: 'AA==' }],
  },
  {
    resourceType: 'Patient',
    id: 'p3',
    meta: {
      tag: [{ system: 'urn:tag', code: 'vip' }],
      security: [{ system: 'urn:sec', code: 'R' }],
      profile: [CLINIC_PROFILE],
    },
    name: [{ family: 'Smithson', given: ['ANNE-MARIE'] }],
    gender: 'female',
    birthDate: '2001',
    generalPractitioner: [{ reference: 'Practitioner/gp' }],
  },
  { resourceType: 'Patient', id: 'p4', gender: 'unknown' },
  {
    resourceType: 'Observation',
    id: 'o1',
    status: 'final',
    category: [{ coding: [{ system: CATEGORY, code: 'vital-signs' }] }],
    code: { coding: [{ system: LOINC, code: '8480-6', display: 'Systolic blood pressure' }] },
    subject: { reference: 'Patient/p1' },
    performer: [{ reference: 'Practitioner/gp' }],
    effectiveDateTime: '2024-05-01T10:00:00+02:00',
    valueQuantity: quantity(150, 'mm[Hg]'),
  },
  {
    resourceType: 'Observation',
    id: 'o2',
    status: 'final',
    code: { coding: [{ system: LOINC, code: '85354-9' }] },
    subject: { reference: 'Patient/p2' },
    effectivePeriod: { start: '2024-05-01', end: '2024-05-03' },
    component: [
      {
        code: { coding: [{ system: LOINC, code: '8480-6' }] },
        valueQuantity: quantity(120, 'mm[Hg]'),
      },
      {
        code: { coding: [{ system: LOINC, code: '8462-4' }] },
        valueQuantity: quantity(80, 'mm[Hg]'),
      },
    ],
  },
  {
    resourceType: 'Observation',
    id: 'o3',
    status: 'final',
    code: { coding: [{ system: LOINC, code: '2339-0' }], text: 'Glucose' },
    subject: { reference: 'Patient/p2' },
    effectiveDateTime: '2024-05-01',
    valueQuantity: quantity(5.4, 'mmol/L'),
  },
  {
    resourceType: 'Observation',
    id: 'o4',
    status: 'amended',
    code: { coding: [{ system: LOINC, code: '72166-2' }] },
    subject: { reference: 'Patient/p3' },
    effectiveDateTime: '2023-12-31T23:30:00-05:00',
    valueCodeableConcept: {
      coding: [
        { system: SNOMED, code: '449868002' },
        { system: 'urn:local', code: 'daily$smoker' },
      ],
      text: 'Current every day smoker',
    },
  },
  {
    resourceType: 'Observation',
    id: 'o5',
    status: 'final',
    code: { coding: [{ system: 'urn:notes', code: 'living' }] },
    subject: { reference: 'Patient/p1' },
    valueString: 'Lives Alone',
  },
  {
    resourceType: 'RiskAssessment',
    id: 'r1',
    status: 'final',
    subject: { reference: 'Patient/p1' },
    prediction: [{ probabilityDecimal: 0.25 }],
  },
  {
    resourceType: 'Patient',
    id: 'gone',
    name: [{ family: 'Smith', given: ['Deleted'] }],
    gender: 'female',
  },
  {
    resourceType: 'Observation',
    id: 'o-gone',
    status: 'final',
    code: { coding: [{ system: LOINC, code: '8480-6' }] },
    subject: { reference: 'Patient/gone' },
    valueQuantity: quantity(200, 'mm[Hg]'),
  },
  { resourceType: 'Patient', id: 'renamed', name: [{ family: 'Oldname' }], gender: 'other' },
];

/** Seeds CLINIC, then deletes `gone` and `o-gone` and renames `renamed` (Oldname → Newname). */
export async function seedClinic(repo: Repository): Promise<void> {
  for (const resource of CLINIC) {
    await repo.update(SYSTEM_CONTEXT, resource);
  }
  await repo.delete(SYSTEM_CONTEXT, 'Observation', 'o-gone');
  await repo.delete(SYSTEM_CONTEXT, 'Patient', 'gone');
  await repo.update(SYSTEM_CONTEXT, {
    resourceType: 'Patient',
    id: 'renamed',
    name: [{ family: 'Newname' }],
    gender: 'other',
  });
}
