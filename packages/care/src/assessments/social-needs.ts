import type { CodeableConcept } from '@medplum/fhirtypes';
import { ICD10CM_SYSTEM, SNOMED_SYSTEM } from './codes.js';
import type { HrsnDomain } from './score.js';

/**
 * The health concern a positive AHC-HRSN domain records (`Condition.code`), as the Gravity Project
 * SDOH Clinical Care value sets pair SNOMED CT findings with ICD-10-CM Z codes (the same pairs
 * packages/synth writes, so imported and screened needs look alike).
 */
export function concernFor(domain: HrsnDomain, homeless: boolean): CodeableConcept {
  const concept = (
    snomed: [string, string] | undefined,
    icd: [string, string],
    text: string,
  ): CodeableConcept => ({
    coding: [
      ...(snomed ? [{ system: SNOMED_SYSTEM, code: snomed[0], display: snomed[1] }] : []),
      { system: ICD10CM_SYSTEM, code: icd[0], display: icd[1] },
    ],
    text,
  });
  switch (domain) {
    case 'living-situation':
      return homeless
        ? concept(
            ['32911000', 'Homeless (finding)'],
            ['Z59.00', 'Homelessness unspecified'],
            'Homelessness',
          )
        : concept(
            ['1156191002', 'Housing instability (finding)'],
            ['Z59.811', 'Housing instability, housed, with risk of homelessness'],
            'Housing instability',
          );
    case 'food':
      return concept(
        ['733423003', 'Food insecurity (finding)'],
        ['Z59.41', 'Food insecurity'],
        'Food insecurity',
      );
    case 'transportation':
      return concept(
        ['713458007', 'Lack of access to transportation (finding)'],
        ['Z59.82', 'Transportation insecurity'],
        'Transportation insecurity',
      );
    case 'utilities':
      return concept(undefined, ['Z59.12', 'Inadequate housing utilities'], 'Utility insecurity');
    case 'interpersonal-safety':
      return concept(
        ['706893006', 'Victim of intimate partner abuse (finding)'],
        ['Z91.410', 'Personal history of adult physical and sexual abuse'],
        'Interpersonal safety concern',
      );
  }
}

export const DOMAIN_LABEL: Readonly<Record<HrsnDomain, string>> = {
  'living-situation': 'Living situation',
  food: 'Food',
  transportation: 'Transportation',
  utilities: 'Utilities',
  'interpersonal-safety': 'Interpersonal safety',
};

/** HL7 service-type code system (HealthcareService.type), the 211/AIRS-derived list of FHIR R4. */
export const SERVICE_TYPE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/service-type';
/** HL7 service-category code system (HealthcareService.category). */
export const SERVICE_CATEGORY_SYSTEM = 'http://terminology.hl7.org/CodeSystem/service-category';

/**
 * Which directory services meet a need: HealthcareService search criteria per domain, on the R4
 * service-type / service-category codes (548 Food Relief, 127 Homelessness Support and category 18
 * Housing/Homelessness, 230 Patient Transport, 122 Financial Information/Advice for utility
 * shut-offs, 8 Crisis Counselling / 10 Domestic Violence... for safety).
 */
export const SERVICE_CRITERIA: Readonly<Record<HrsnDomain, readonly [string, string][]>> = {
  'living-situation': [
    ['service-type', `${SERVICE_TYPE_SYSTEM}|127`],
    ['service-category', `${SERVICE_CATEGORY_SYSTEM}|18`],
  ],
  food: [['service-type', `${SERVICE_TYPE_SYSTEM}|548`]],
  transportation: [['service-type', `${SERVICE_TYPE_SYSTEM}|230`]],
  utilities: [['service-type', `${SERVICE_TYPE_SYSTEM}|122`]],
  'interpersonal-safety': [['service-category', `${SERVICE_CATEGORY_SYSTEM}|8`]],
};
