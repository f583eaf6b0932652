/**
 * Codes the web app reads. Sources: LOINC (https://loinc.org) for observations and instruments,
 * HL7 terminology (https://terminology.hl7.org) for categories and classes, ICD-10-CM chapters for
 * the domain of a problem. The synthetic population (packages/synth/README.md) uses the same.
 */
export const LOINC = 'http://loinc.org';
export const ICD10CM = 'http://hl7.org/fhir/sid/icd-10-cm';
export const SNOMED = 'http://snomed.info/sct';

/** LOINC codes of the results the summary charts. */
export const LOINC_CODES = {
  HBA1C: '4548-4',
  BP_PANEL: '85354-9',
  SYSTOLIC: '8480-6',
  DIASTOLIC: '8462-4',
  EGFR: '62238-1',
  PHQ9_TOTAL: '44261-6',
  GAD7_TOTAL: '70274-6',
  HRSN_SAFETY_TOTAL: '95614-4',
  BMI: '39156-5',
  HAEMOGLOBIN: '718-7',
  SODIUM: '2951-2',
} as const;

/** Condition categories (R4 condition-category and US Core). */
export const CONDITION_CATEGORY = {
  PROBLEM: 'problem-list-item',
  HEALTH_CONCERN: 'health-concern',
  SDOH: 'sdoh',
} as const;

/** Observation category codes. */
export const OBSERVATION_CATEGORY = {
  SURVEY: 'survey',
  LABORATORY: 'laboratory',
  VITAL_SIGNS: 'vital-signs',
  SDOH: 'sdoh',
} as const;

/** v3 ActCode encounter classes. */
export const ENCOUNTER_CLASS = { INPATIENT: 'IMP', EMERGENCY: 'EMER', AMBULATORY: 'AMB' } as const;

/** v3 ActCode confidentiality/sensitivity codes used in consent provisions and labels. */
export const SENSITIVITY_LABELS: Readonly<Record<string, string>> = {
  ETH: 'substance use',
  PSY: 'psychiatric',
  HIV: 'HIV',
  SDV: 'sexual and domestic violence',
  R: 'restricted',
  V: 'very restricted',
};
