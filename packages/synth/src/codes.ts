/**
 * Code systems and the few shared codes the generator writes, each with its source. Condition,
 * medication and observation codes live beside the data that uses them (catalog.ts, observations.ts).
 */
import type { CodeableConcept, Coding } from '@medplum/fhirtypes';

/** Canonical URLs of the code systems used in generated data. */
export const SYSTEM = {
  LOINC: 'http://loinc.org',
  SNOMED: 'http://snomed.info/sct',
  ICD10CM: 'http://hl7.org/fhir/sid/icd-10-cm',
  RXNORM: 'http://www.nlm.nih.gov/research/umls/rxnorm',
  UCUM: 'http://unitsofmeasure.org',
  /** NUCC Health Care Provider Taxonomy (HIPAA code set for provider types). */
  NUCC: 'http://nucc.org/provider-taxonomy',
  ACT_CODE: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
  ROLE_CODE: 'http://terminology.hl7.org/CodeSystem/v3-RoleCode',
  PARTICIPATION_TYPE: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType',
  ACT_REASON: 'http://terminology.hl7.org/CodeSystem/v3-ActReason',
  CONDITION_CLINICAL: 'http://terminology.hl7.org/CodeSystem/condition-clinical',
  CONDITION_VERIFICATION: 'http://terminology.hl7.org/CodeSystem/condition-ver-status',
  CONDITION_CATEGORY: 'http://terminology.hl7.org/CodeSystem/condition-category',
  /** US Core adds health-concern and sdoh to the R4 categories. */
  US_CORE_CONDITION_CATEGORY: 'http://hl7.org/fhir/us/core/CodeSystem/condition-category',
  US_CORE_CATEGORY: 'http://hl7.org/fhir/us/core/CodeSystem/us-core-category',
  OBSERVATION_CATEGORY: 'http://terminology.hl7.org/CodeSystem/observation-category',
  DISCHARGE_DISPOSITION: 'http://terminology.hl7.org/CodeSystem/discharge-disposition',
  ADMIT_SOURCE: 'http://terminology.hl7.org/CodeSystem/admit-source',
  ORGANIZATION_TYPE: 'http://terminology.hl7.org/CodeSystem/organization-type',
  SERVICE_CATEGORY: 'http://terminology.hl7.org/CodeSystem/service-category',
  SERVICE_TYPE: 'http://terminology.hl7.org/CodeSystem/service-type',
  CONSENT_SCOPE: 'http://terminology.hl7.org/CodeSystem/consentscope',
  CLAIM_TYPE: 'http://terminology.hl7.org/CodeSystem/claim-type',
  ADJUDICATION: 'http://terminology.hl7.org/CodeSystem/adjudication',
  SUBSCRIBER_RELATIONSHIP: 'http://terminology.hl7.org/CodeSystem/subscriber-relationship',
  /** Source of Payment Typology (PHDSC/NAHDO), the US payer-type code set. */
  PAYER_TYPE: 'https://nahdo.org/sopt',
  MEDICATION_REQUEST_CATEGORY: 'http://terminology.hl7.org/CodeSystem/medicationrequest-category',
  ORDINAL_VALUE: 'http://hl7.org/fhir/StructureDefinition/ordinalValue',
  LOCATION_PHYSICAL_TYPE: 'http://terminology.hl7.org/CodeSystem/location-physical-type',
  /** BCP-47 language tags. */
  BCP47: 'urn:ietf:bcp:47',
  /** Gravity Project SDOH domain codes (HL7 SDOH Clinical Care IG). */
  SDOHCC_TEMPORARY:
    'http://hl7.org/fhir/us/sdoh-clinicalcare/CodeSystem/SDOHCC-CodeSystemTemporaryCodes',
  /** The community directory's categories (the same as `@careweave/contract`, which synth does not import). */
  SERVICE_CATEGORY_CAREWEAVE: 'https://careweave.org/fhir/CodeSystem/community-service-category',
  /** Careweave's own identifiers and codes (no external equivalent). */
  CAREWEAVE: 'https://careweave.org/fhir',
} as const;

/** Careweave-defined code system for programme types (EpisodeOfCare.type). */
export const PROGRAMME_CODE_SYSTEM = `${SYSTEM.CAREWEAVE}/CodeSystem/programme`;
/** Extension on HealthcareService: weekly capacity for new referrals (valueQuantity, UCUM `/wk`). */
export const CAPACITY_EXTENSION = `${SYSTEM.CAREWEAVE}/StructureDefinition/healthcareservice-capacity`;
/** Extension on HealthcareService: people waiting for it now (valueInteger). */
export const WAITING_LIST_EXTENSION = `${SYSTEM.CAREWEAVE}/StructureDefinition/healthcareservice-waiting-list`;
/** Who a community service is for (HealthcareService.eligibility.code). */
export const ELIGIBILITY_SYSTEM = `${SYSTEM.CAREWEAVE}/CodeSystem/community-service-eligibility`;
/** Display names of the BCP-47 codes the directory uses. */
export const LANGUAGE_NAMES: Readonly<Record<string, string>> = {
  en: 'English',
  es: 'Spanish',
  ar: 'Arabic',
  fr: 'French',
  sw: 'Swahili',
  vi: 'Vietnamese',
  zh: 'Chinese',
  ne: 'Nepali',
  asl: 'American Sign Language',
};
/**
 * The directory's categories and the Gravity SDOH domain each meets (as `@careweave/contract`
 * DIRECTORY_CATEGORIES, restated because synth imports no other Careweave package).
 */
export const DIRECTORY_CATEGORY = {
  food: { label: 'Food', sdoh: 'food-insecurity' },
  housing: { label: 'Housing', sdoh: 'housing-instability' },
  transport: { label: 'Transport', sdoh: 'transportation-insecurity' },
  utilities: { label: 'Utilities', sdoh: 'utility-insecurity' },
  employment: { label: 'Employment', sdoh: 'employment-status' },
  'income-benefits': { label: 'Income and benefits', sdoh: 'financial-insecurity' },
  legal: { label: 'Legal', sdoh: 'sdoh-category-unspecified' },
  carers: { label: 'Carers', sdoh: 'sdoh-category-unspecified' },
  'interpersonal-safety': { label: 'Interpersonal safety', sdoh: 'intimate-partner-violence' },
  'peer-support': { label: 'Mental-health peer support', sdoh: 'social-connection' },
} as const;

/** Identifier systems for generated identifiers. */
export const MRN_SYSTEM = `${SYSTEM.CAREWEAVE}/sid/mrn`;
export const MEMBER_ID_SYSTEM = `${SYSTEM.CAREWEAVE}/sid/member-id`;
export const STAFF_ID_SYSTEM = `${SYSTEM.CAREWEAVE}/sid/staff-id`;

/** A Coding. */
export function coding(system: string, code: string, display?: string): Coding {
  return display === undefined ? { system, code } : { system, code, display };
}

/** A CodeableConcept with one coding and optional text. */
export function concept(
  system: string,
  code: string,
  display?: string,
  text?: string,
): CodeableConcept {
  const cc: CodeableConcept = { coding: [coding(system, code, display)] };
  if (text !== undefined) {
    cc.text = text;
  }
  return cc;
}

/** A relative reference `Type/id`. */
export function ref(
  type: string,
  id: string,
  display?: string,
): { reference: string; display?: string } {
  return display === undefined
    ? { reference: `${type}/${id}` }
    : { reference: `${type}/${id}`, display };
}
