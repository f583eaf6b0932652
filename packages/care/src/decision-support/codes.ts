/** Codes the decision-support rules read and write. */
import type { CodeableConcept } from '@medplum/fhirtypes';

export { LOINC_SYSTEM, SNOMED_SYSTEM, ICD10CM_SYSTEM, LOINC } from '../assessments/codes.js';

/** LOINC codes read by the rules (https://loinc.org). */
export const CDS_LOINC = {
  /** Hemoglobin A1c/Hemoglobin.total in Blood (and its HPLC / estimated variants, as CMS122 lists). */
  HBA1C: ['4548-4', '17856-6', '4549-2'],
  /** Blood pressure panel with all children optional (vital signs profile). */
  BP_PANEL: '85354-9',
  SYSTOLIC: '8480-6',
  DIASTOLIC: '8462-4',
} as const;

/** PHQ-9 item answers as LOINC answer codes → points (LL358-3). */
export const PHQ_ANSWER_POINTS: Readonly<Record<string, number>> = {
  'LA6568-5': 0,
  'LA6569-3': 1,
  'LA6570-1': 2,
  'LA6571-9': 3,
};

/** The encounter classes (v3 ActCode) that are hospital stays, and those that are contacts. */
export const ACT_CODE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';
export const INPATIENT_CLASSES = ['IMP', 'ACUTE', 'NONAC'] as const;
export const CONTACT_CLASSES = ['AMB', 'VR', 'HH', 'FLD'] as const;

/** Careweave CodeSystem of the work decision support suggests (`Task.code`). */
export const DECISION_WORK_SYSTEM = 'https://careweave.org/fhir/CodeSystem/decision-support-work';
/** Extension on a suggested resource: the rule (and version) that suggested it. */
export const SUGGESTED_BY_URL = 'https://careweave.org/fhir/StructureDefinition/suggested-by-rule';

export function decisionWork(code: string, display: string): CodeableConcept {
  return { coding: [{ system: DECISION_WORK_SYSTEM, code, display }], text: display };
}
