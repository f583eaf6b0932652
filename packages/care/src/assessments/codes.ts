import type { CodeableConcept, Coding } from '@medplum/fhirtypes';

/** LOINC (https://loinc.org; codes used under the LOINC licence, free of charge). */
export const LOINC_SYSTEM = 'http://loinc.org';
export const SNOMED_SYSTEM = 'http://snomed.info/sct';
export const ICD10CM_SYSTEM = 'http://hl7.org/fhir/sid/icd-10-cm';
export const ORDINAL_VALUE_URL = 'http://hl7.org/fhir/StructureDefinition/ordinalValue';
/** R4 core extension used by older forms (e.g. LHC-Forms) for the same purpose as ordinalValue. */
export const ITEM_WEIGHT_URL = 'http://hl7.org/fhir/StructureDefinition/itemWeight';
export const OBSERVATION_CATEGORY_SYSTEM =
  'http://terminology.hl7.org/CodeSystem/observation-category';
export const US_CORE_CATEGORY_SYSTEM = 'http://hl7.org/fhir/us/core/CodeSystem/us-core-category';
export const CONDITION_CATEGORY_SYSTEM = 'http://terminology.hl7.org/CodeSystem/condition-category';
export const TASK_CODE_SYSTEM = 'http://hl7.org/fhir/CodeSystem/task-code';

const CAREWEAVE = 'https://careweave.org/fhir';
/** Canonical base of the shipped instruments (`Questionnaire.url`). */
export const QUESTIONNAIRE_URL_BASE = `${CAREWEAVE}/Questionnaire`;
/** Careweave CodeSystem of the work assessments create (`Task.code`, `Flag.code`). */
export const ASSESSMENT_WORK_SYSTEM = `${CAREWEAVE}/CodeSystem/assessment-work`;
/** Extension on Task (suggestions): the suggestion's kind and content, see suggestions.ts. */
export const SUGGESTION_URL = `${CAREWEAVE}/StructureDefinition/assessment-suggestion`;
/** Extension on a derived resource: the rule that made it (valueString), for explanations. */
export const DERIVED_BY_URL = `${CAREWEAVE}/StructureDefinition/derived-by-rule`;

/** LOINC codes of the instruments (panels, totals, items). */
export const LOINC = {
  PHQ9_PANEL: '44249-1',
  PHQ9_TOTAL: '44261-6',
  PHQ9_ITEM9: '44260-8',
  PHQ2_PANEL: '55757-9',
  PHQ2_TOTAL: '55758-7',
  GAD7_PANEL: '69737-5',
  GAD7_TOTAL: '70274-6',
  HRSN_PANEL: '96777-8',
  HRSN_SAFETY_TOTAL: '95614-4',
  /** Depression screening results read by the CMS2 eCQM (value: SNOMED positive/negative finding). */
  ADULT_DEPRESSION_SCREENING: '73832-8',
  ADOLESCENT_DEPRESSION_SCREENING: '73831-0',
} as const;

/** SNOMED CT findings of a depression screening (the values CMS2 compares against). */
export const DEPRESSION_SCREENING = {
  positive: {
    system: SNOMED_SYSTEM,
    code: '428181000124104',
    display: 'Depression screening positive (finding)',
  },
  negative: {
    system: SNOMED_SYSTEM,
    code: '428171000124102',
    display: 'Depression screening negative (finding)',
  },
} as const satisfies Record<string, Coding>;

/** The kinds of work the assessment rules create (`Task.code` / `Flag.code` in ASSESSMENT_WORK_SYSTEM). */
export const WORK = {
  /** Urgent follow-up of a PHQ-9 with thoughts of self-harm (item 9 > 0). */
  SAFETY_FOLLOW_UP: 'safety-follow-up',
  /** The safety flag on the person's record. */
  SAFETY_FLAG: 'self-harm-risk',
  /** A PHQ-9 due again (re-screening while the score stays ≥ 10). */
  RESCREEN: 'rescreen',
  /** A suggestion for the team to accept or dismiss (goal + activity, or referral). */
  SUGGESTION: 'suggestion',
} as const;

export function workConcept(code: string, display: string): CodeableConcept {
  return { coding: [{ system: ASSESSMENT_WORK_SYSTEM, code, display }], text: display };
}

/** `Observation.category` survey (and, for social needs, social-history + US Core sdoh). */
export function surveyCategory(social = false): CodeableConcept[] {
  const out: CodeableConcept[] = [
    { coding: [{ system: OBSERVATION_CATEGORY_SYSTEM, code: 'survey', display: 'Survey' }] },
  ];
  if (social) {
    out.push(
      {
        coding: [
          {
            system: OBSERVATION_CATEGORY_SYSTEM,
            code: 'social-history',
            display: 'Social History',
          },
        ],
      },
      { coding: [{ system: US_CORE_CATEGORY_SYSTEM, code: 'sdoh', display: 'SDOH' }] },
    );
  }
  return out;
}

export { AssessmentError } from '@careweave/contract';
