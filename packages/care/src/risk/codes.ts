/**
 * Code systems, codes and URLs of risk stratification, in one place.
 *
 * LOINC codes are those of the LOINC table (loinc.org); AHC-HRSN items from the CMS Accountable
 * Health Communities Health-Related Social Needs screening tool (LOINC panel 96777-8).
 */
export const LOINC = 'http://loinc.org';
export const SNOMED = 'http://snomed.info/sct';
export const ICD10_CM = 'http://hl7.org/fhir/sid/icd-10-cm';
export const ICD10 = 'http://hl7.org/fhir/sid/icd-10';
export const ACT_CODE = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';
export const CONDITION_CATEGORY = 'http://terminology.hl7.org/CodeSystem/condition-category';
export const US_CORE_CATEGORY = 'http://hl7.org/fhir/us/core/CodeSystem/us-core-category';
export const PROGRAMME_SYSTEM = 'https://careweave.org/fhir/CodeSystem/programme';
/** The integrated-care programme an EpisodeOfCare enrols a person in. */
export const INTEGRATED_CARE = `${PROGRAMME_SYSTEM}|integrated-care`;

/** Laboratory and instrument codes the risk model reads. */
export const RISK_LOINC = {
  HBA1C: '4548-4',
  HEMOGLOBIN: '718-7',
  SODIUM: '2951-2',
  EGFR: '62238-1',
  PHQ9_TOTAL: '44261-6',
  /** AHC-HRSN: food worry (within the past 12 months…). */
  AHC_FOOD: '88122-7',
  /** AHC-HRSN: living situation today. */
  AHC_HOUSING: '71802-3',
  /** AHC-HRSN: lack of reliable transportation. */
  AHC_TRANSPORT: '93030-5',
  /** AHC-HRSN: utility company threatened to shut off services. */
  AHC_UTILITIES: '96779-4',
  /** AHC-HRSN: interpersonal safety total score (HITS, positive > 10). */
  AHC_SAFETY_TOTAL: '95614-4',
} as const;

/** Every LOINC code the risk inputs query selects. */
export const RISK_OBSERVATION_CODES: readonly string[] = Object.values(RISK_LOINC);

/** Careweave's own code systems and profiles for risk. */
export const RISK_METHOD_SYSTEM = 'https://careweave.org/fhir/CodeSystem/risk-method';
export const RISK_TIER_SYSTEM = 'https://careweave.org/fhir/CodeSystem/risk-tier';
export const RISK_SCORE_URL = 'https://careweave.org/fhir/StructureDefinition/risk-score';
export const REGISTRY_SYSTEM = 'https://careweave.org/fhir/CodeSystem/registry';

/** RiskAssessment.method codes. */
export const RISK_METHOD = {
  /** The learned 12-month emergency admission model (this folder's `model.ts`). */
  ADMISSION_12M: 'admission-12m',
  LACE: 'lace',
  HOSPITAL: 'hospital-score',
  /** A clinician's override of a computed tier. */
  OVERRIDE: 'clinician-override',
} as const;

/** SNOMED CT 183452005 |Emergency hospital admission (procedure)|: the outcome predicted. */
export const EMERGENCY_ADMISSION = {
  system: SNOMED,
  code: '183452005',
  display: 'Emergency hospital admission',
} as const;
