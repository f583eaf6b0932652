/**
 * Security-label vocabulary and the codes that make data sensitive.
 *
 * Labels follow HL7 FHIR Data Segmentation for Privacy (DS4P, http://hl7.org/fhir/uv/security-label-ds4p/)
 * with HL7 v3 codes: sensitivity from ActCode (ActInformationSensitivityPolicy) and confidentiality
 * from v3-Confidentiality. The categories mirror the sharing rules of 42 CFR Part 2 (substance-use
 * disorder records, §2.31: disclosure needs a written consent naming that information) and the
 * usual state rules for mental health, HIV and violence.
 */
export const ACT_CODE = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';
export const CONFIDENTIALITY = 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality';
export const ICD10_CM = 'http://hl7.org/fhir/sid/icd-10-cm';
export const ICD10 = 'http://hl7.org/fhir/sid/icd-10';
export const SNOMED = 'http://snomed.info/sct';
export const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';

/** A kind of sensitive information; a consent naming any of its labels names the whole category. */
export interface SensitiveCategory {
  key: 'substance-use' | 'mental-health' | 'hiv' | 'violence' | 'restricted' | 'very-restricted';
  /** `system|code` labels in the category. */
  labels: readonly string[];
}

const act = (code: string): string => `${ACT_CODE}|${code}`;
const conf = (code: string): string => `${CONFIDENTIALITY}|${code}`;

/**
 * The categories shared beyond the authoring organisation only with a consent that names them.
 * ETH is v3 "substance abuse information sensitivity"; ETHUD (alcohol or drug) and SUD are
 * accepted as synonyms. Confidentiality R (restricted) and V (very restricted) are categories of
 * their own: an author sets them by hand; automatic labelling never does.
 */
export const SENSITIVE_CATEGORIES: readonly SensitiveCategory[] = [
  { key: 'substance-use', labels: [act('ETH'), act('ETHUD'), act('SUD')] },
  { key: 'mental-health', labels: [act('PSY')] },
  { key: 'hiv', labels: [act('HIV')] },
  { key: 'violence', labels: [act('SDV')] },
  { key: 'restricted', labels: [conf('R')] },
  { key: 'very-restricted', labels: [conf('V')] },
];

/** Every label some category covers. */
export const SENSITIVE_LABELS: readonly string[] = SENSITIVE_CATEGORIES.flatMap((c) => c.labels);

/** The labels of every category that any of `named` (`system|code`, or a bare code) belongs to. */
export function expandLabels(named: Iterable<string>): Set<string> {
  const out = new Set<string>();
  for (const label of named) {
    const code = label.includes('|') ? label.slice(label.lastIndexOf('|') + 1) : label;
    for (const category of SENSITIVE_CATEGORIES) {
      if (category.labels.some((l) => l === label || l.endsWith(`|${code}`))) {
        category.labels.forEach((l) => out.add(l));
      }
    }
  }
  return out;
}

/** The sensitivity label a clinical code implies, if any. */
export type Sensitivity = 'ETH' | 'PSY' | 'HIV' | 'SDV';

/**
 * ICD-10(-CM) code → sensitivity, by chapter block:
 * - F10–F19 mental and behavioural disorders due to psychoactive substance use → ETH (42 CFR Part 2);
 * - F20–F99 other mental and behavioural disorders → PSY (F01–F09, organic disorders such as
 *   dementia, stay unlabelled: they are neurological care, not behavioural-health records);
 * - B20 HIV disease, Z21 asymptomatic HIV infection status → HIV;
 * - T74 adult and child abuse (confirmed), T76 (suspected), Y07 perpetrator of maltreatment,
 *   Z91.41x personal history of adult abuse → SDV.
 */
export function icd10Sensitivity(code: string): Sensitivity | undefined {
  const c = code.toUpperCase().replace('.', '');
  const block = /^F(\d\d)/.exec(c);
  if (block?.[1]) {
    const n = Number.parseInt(block[1], 10);
    if (n >= 10 && n <= 19) return 'ETH';
    if (n >= 20) return 'PSY';
    return undefined;
  }
  if (c.startsWith('B20') || c.startsWith('Z21')) return 'HIV';
  if (c.startsWith('T74') || c.startsWith('T76') || c.startsWith('Y07') || c.startsWith('Z9141'))
    return 'SDV';
  return undefined;
}

/**
 * SNOMED CT concepts → sensitivity. SNOMED has no chapter structure, so this is an explicit list of
 * the disorders Careweave's data and the synthetic population use (their ICD-10-CM codes, which
 * they always travel with in our data, fall in the blocks above); extend it as new codes appear.
 */
export const SNOMED_SENSITIVITY: Readonly<Record<string, Sensitivity>> = {
  '7200002': 'ETH', // alcoholism
  '66590003': 'ETH', // alcohol dependence
  '15167005': 'ETH', // alcohol abuse
  '75544000': 'ETH', // opioid dependence
  '5602001': 'ETH', // opioid abuse
  '191816009': 'ETH', // drug dependence
  '370143000': 'PSY', // major depressive disorder
  '35489007': 'PSY', // depressive disorder
  '21897009': 'PSY', // generalized anxiety disorder
  '197480006': 'PSY', // anxiety disorder
  '58214004': 'PSY', // schizophrenia
  '13746004': 'PSY', // bipolar disorder
  '47505003': 'PSY', // post-traumatic stress disorder
  '86406008': 'HIV', // human immunodeficiency virus infection
  '165816005': 'HIV', // HIV positive
  '706893006': 'SDV', // victim of intimate partner abuse (the synthetic population's Z91.410 "interpersonal safety")
};

/**
 * RxNorm medications whose prescription discloses substance-use treatment (42 CFR Part 2 covers
 * records that identify a patient as receiving SUD treatment): the synthetic population's
 * naltrexone and buprenorphine/naloxone products.
 */
export const RXNORM_SENSITIVITY: Readonly<Record<string, Sensitivity>> = {
  '1483744': 'ETH', // naltrexone 380 MG extended-release injectable suspension
  '1010600': 'ETH', // buprenorphine / naloxone sublingual film
};
