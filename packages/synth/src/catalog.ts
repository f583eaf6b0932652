/**
 * Codes for the conditions, social needs and medications the generator writes. Every Condition
 * carries an ICD-10-CM and a SNOMED CT coding (ICD-10-CM FY2024 code titles).
 *
 * RxNorm codes are clinical drugs (SCD) checked against two independent sources: the VSAC
 * expansions used by CMS eCQMs (antihypertensive, statin-free cardiology, antidepressant, dementia
 * and opioid/alcohol treatment value sets) and the RxNorm codes used by Synthea's modules.
 */
import type { CodeableConcept } from '@medplum/fhirtypes';
import { SYSTEM } from './codes.js';
import type { Person } from './person-model.js';
import type { ConditionKey, DiabetesComplication, SocialNeedKey } from './prevalence.js';

/** A condition's two codings and a plain-language label. */
export interface ConditionCode {
  icd10: string;
  icd10Display: string;
  snomed: string;
  snomedDisplay: string;
  text: string;
}

function c(
  icd10: string,
  icd10Display: string,
  snomed: string,
  snomedDisplay: string,
  text: string,
): ConditionCode {
  return { icd10, icd10Display, snomed, snomedDisplay, text };
}

const CONDITION_CODES: Readonly<Record<Exclude<ConditionKey, 'diabetes' | 'ckd'>, ConditionCode>> =
  {
    hypertension: c(
      'I10',
      'Essential (primary) hypertension',
      '38341003',
      'Hypertensive disorder, systemic arterial (disorder)',
      'Hypertension',
    ),
    'heart-failure': c(
      'I50.9',
      'Heart failure, unspecified',
      '84114007',
      'Heart failure (disorder)',
      'Heart failure',
    ),
    copd: c(
      'J44.9',
      'Chronic obstructive pulmonary disease, unspecified',
      '13645005',
      'Chronic obstructive lung disease (disorder)',
      'COPD',
    ),
    asthma: c(
      'J45.909',
      'Unspecified asthma, uncomplicated',
      '195967001',
      'Asthma (disorder)',
      'Asthma',
    ),
    depression: c(
      'F32.9',
      'Major depressive disorder, single episode, unspecified',
      '370143000',
      'Major depressive disorder (disorder)',
      'Depression',
    ),
    anxiety: c(
      'F41.1',
      'Generalized anxiety disorder',
      '21897009',
      'Generalized anxiety disorder (disorder)',
      'Generalised anxiety disorder',
    ),
    dementia: c(
      'F03.90',
      'Unspecified dementia, unspecified severity, without behavioral disturbance, psychotic disturbance, mood disturbance, and anxiety',
      '52448006',
      'Dementia (disorder)',
      'Dementia',
    ),
    'alcohol-use': c(
      'F10.20',
      'Alcohol dependence, uncomplicated',
      '7200002',
      'Alcoholism (disorder)',
      'Alcohol use disorder',
    ),
    'opioid-use': c(
      'F11.20',
      'Opioid dependence, uncomplicated',
      '75544000',
      'Opioid dependence (disorder)',
      'Opioid use disorder',
    ),
    'breast-cancer': c(
      'C50.919',
      'Malignant neoplasm of unspecified site of unspecified female breast',
      '254837009',
      'Malignant neoplasm of breast (disorder)',
      'Breast cancer',
    ),
    'prostate-cancer': c(
      'C61',
      'Malignant neoplasm of prostate',
      '399068003',
      'Malignant tumor of prostate (disorder)',
      'Prostate cancer',
    ),
    'lung-cancer': c(
      'C34.90',
      'Malignant neoplasm of unspecified part of unspecified bronchus or lung',
      '363358000',
      'Malignant tumor of lung (disorder)',
      'Lung cancer',
    ),
    'colorectal-cancer': c(
      'C18.9',
      'Malignant neoplasm of colon, unspecified',
      '363406005',
      'Malignant tumor of colon (disorder)',
      'Colon cancer',
    ),
  };

const DIABETES_CODES: Readonly<Record<DiabetesComplication | 'none', ConditionCode>> = {
  none: c(
    'E11.9',
    'Type 2 diabetes mellitus without complications',
    '44054006',
    'Diabetes mellitus type 2 (disorder)',
    'Type 2 diabetes',
  ),
  kidney: c(
    'E11.22',
    'Type 2 diabetes mellitus with diabetic chronic kidney disease',
    '127013003',
    'Disorder of kidney due to diabetes mellitus (disorder)',
    'Type 2 diabetes with kidney disease',
  ),
  neuropathy: c(
    'E11.40',
    'Type 2 diabetes mellitus with diabetic neuropathy, unspecified',
    '368581000119106',
    'Neuropathy due to type 2 diabetes mellitus (disorder)',
    'Type 2 diabetes with neuropathy',
  ),
  retinopathy: c(
    'E11.319',
    'Type 2 diabetes mellitus with unspecified diabetic retinopathy without macular edema',
    '422034002',
    'Retinopathy due to type 2 diabetes mellitus (disorder)',
    'Type 2 diabetes with retinopathy',
  ),
};

const CKD_CODES: Readonly<Record<3 | 4, ConditionCode>> = {
  3: c(
    'N18.30',
    'Chronic kidney disease, stage 3 unspecified',
    '433144002',
    'Chronic kidney disease stage 3 (disorder)',
    'Chronic kidney disease stage 3',
  ),
  4: c(
    'N18.4',
    'Chronic kidney disease, stage 4 (severe)',
    '431857002',
    'Chronic kidney disease stage 4 (disorder)',
    'Chronic kidney disease stage 4',
  ),
};

/** The codes for one of this person's conditions (diabetes and CKD depend on complication/stage). */
export function conditionCode(person: Person, key: ConditionKey): ConditionCode {
  if (key === 'diabetes') {
    return DIABETES_CODES[person.diabetesComplication ?? 'none'];
  }
  if (key === 'ckd') {
    return CKD_CODES[person.ckdStage ?? 3];
  }
  return CONDITION_CODES[key];
}

/** Social-need codes (Gravity Project SDOH Clinical Care pairings of SNOMED CT and ICD-10-CM Z codes). */
export const SOCIAL_NEED_CODES = {
  food: c('Z59.41', 'Food insecurity', '733423003', 'Food insecurity (finding)', 'Food insecurity'),
  homeless: c(
    'Z59.00',
    'Homelessness unspecified',
    '32911000',
    'Homeless (finding)',
    'Homelessness',
  ),
  housing: c(
    'Z59.811',
    'Housing instability, housed, with risk of homelessness',
    '1156191002',
    'Housing instability (finding)',
    'Housing instability',
  ),
  transport: c(
    'Z59.82',
    'Transportation insecurity',
    '713458007',
    'Lack of access to transportation (finding)',
    'Transportation insecurity',
  ),
  safety: c(
    'Z91.410',
    'Personal history of adult physical and sexual abuse',
    '706893006',
    'Victim of intimate partner abuse (finding)',
    'Interpersonal safety concern',
  ),
} as const;

/** Needs that become Conditions; utilities is recorded as a screening Observation only. */
export function socialNeedCode(key: SocialNeedKey, homeless: boolean): ConditionCode | undefined {
  if (key === 'utilities') {
    return undefined;
  }
  if (key === 'housing') {
    return homeless ? SOCIAL_NEED_CODES.homeless : SOCIAL_NEED_CODES.housing;
  }
  return SOCIAL_NEED_CODES[key];
}

/** Both codings of a condition as a CodeableConcept. */
export function conditionConcept(code: ConditionCode): CodeableConcept {
  return {
    coding: [
      { system: SYSTEM.SNOMED, code: code.snomed, display: code.snomedDisplay },
      { system: SYSTEM.ICD10CM, code: code.icd10, display: code.icd10Display },
    ],
    text: code.text,
  };
}

/** A medication (RxNorm SCD) with its usual sig. */
export interface Medication {
  rxnorm: string;
  display: string;
  sig: string;
}

function m(rxnorm: string, display: string, sig: string): Medication {
  return { rxnorm, display, sig };
}

/** The medications the generator prescribes. */
export const MEDICATIONS = {
  lisinopril10: m('314076', 'lisinopril 10 MG Oral Tablet', 'Take 1 tablet by mouth once daily'),
  lisinopril20: m('314077', 'lisinopril 20 MG Oral Tablet', 'Take 1 tablet by mouth once daily'),
  amlodipine5: m('197361', 'amlodipine 5 MG Oral Tablet', 'Take 1 tablet by mouth once daily'),
  hydrochlorothiazide25: m(
    '310798',
    'hydrochlorothiazide 25 MG Oral Tablet',
    'Take 1 tablet by mouth every morning',
  ),
  metformin500: m(
    '860975',
    '24 HR metformin hydrochloride 500 MG Extended Release Oral Tablet',
    'Take 2 tablets by mouth with the evening meal',
  ),
  liraglutide: m(
    '897122',
    '3 ML liraglutide 6 MG/ML Pen Injector',
    'Inject 1.2 mg under the skin once daily',
  ),
  simvastatin20: m('312961', 'simvastatin 20 MG Oral Tablet', 'Take 1 tablet by mouth at bedtime'),
  atorvastatin80: m(
    '259255',
    'atorvastatin 80 MG Oral Tablet',
    'Take 1 tablet by mouth once daily',
  ),
  furosemide20: m('310429', 'furosemide 20 MG Oral Tablet', 'Take 1 tablet by mouth every morning'),
  furosemide40: m('313988', 'furosemide 40 MG Oral Tablet', 'Take 1 tablet by mouth every morning'),
  carvedilol625: m(
    '200031',
    'carvedilol 6.25 MG Oral Tablet',
    'Take 1 tablet by mouth twice daily with food',
  ),
  carvedilol125: m(
    '200032',
    'carvedilol 12.5 MG Oral Tablet',
    'Take 1 tablet by mouth twice daily with food',
  ),
  spironolactone25: m(
    '313096',
    'spironolactone 25 MG Oral Tablet',
    'Take 1 tablet by mouth once daily',
  ),
  albuterol: m(
    '745679',
    '200 ACTUAT albuterol 0.09 MG/ACTUAT Metered Dose Inhaler',
    'Inhale 2 puffs every 4–6 hours as needed for breathlessness',
  ),
  fluticasoneSalmeterol: m(
    '896209',
    '60 ACTUAT fluticasone propionate 0.25 MG/ACTUAT / salmeterol 0.05 MG/ACTUAT Dry Powder Inhaler',
    'Inhale 1 puff twice daily',
  ),
  sertraline50: m('312941', 'sertraline 50 MG Oral Tablet', 'Take 1 tablet by mouth once daily'),
  escitalopram10: m(
    '349332',
    'escitalopram 10 MG Oral Tablet',
    'Take 1 tablet by mouth once daily',
  ),
  donepezil10: m(
    '997223',
    'donepezil hydrochloride 10 MG Oral Tablet',
    'Take 1 tablet by mouth at bedtime',
  ),
  naltrexone50: m(
    '1483744',
    'naltrexone hydrochloride 50 MG Oral Tablet',
    'Take 1 tablet by mouth once daily',
  ),
  buprenorphineNaloxone: m(
    '1010600',
    'buprenorphine 2 MG / naloxone 0.5 MG Sublingual Film',
    'Dissolve 1 film under the tongue once daily',
  ),
} as const;

/** Key of a medication in {@link MEDICATIONS}. */
export type MedicationKey = keyof typeof MEDICATIONS;
