/**
 * Principal diagnoses that make a hospital stay a mental-illness hospitalisation for HEDIS
 * Follow-Up After Hospitalization for Mental Illness (FUH): NCQA HEDIS MY2024 Technical
 * Specifications, Volume 2, FUH — denominator "a principal diagnosis of mental illness or
 * intentional self-harm" (Mental Illness Value Set, Intentional Self-Harm Value Set).
 *
 * NCQA's value sets are licensed and not shipped; this is the documented ICD-10-CM subset we use
 * in their place, as code prefixes (chapter F blocks of ICD-10-CM, CMS/NCHS):
 * - F20–F29 schizophrenia, schizotypal, delusional and other non-mood psychotic disorders
 * - F30–F39 mood (affective) disorders
 * - F40–F48 anxiety, dissociative, stress-related, somatoform and other non-psychotic disorders
 * - F50–F53, F59 behavioural syndromes with physiological disturbances (eating, sleep, puerperal)
 * - F60–F69 disorders of adult personality and behaviour
 * - F84 pervasive developmental disorders; F90–F98 behavioural and emotional disorders with
 *   onset in childhood and adolescence; F99 mental disorder, not otherwise specified
 * - intentional self-harm: X71–X83, T14.91
 * Left out, as FUH leaves them out: F01–F09 (dementia and other organic disorders), F10–F19
 * (substance use: HEDIS FUA), F54–F55, F70–F79 (intellectual disabilities), F80–F83, F88–F89.
 */
const PREFIXES: readonly string[] = [
  ...range('F', 20, 48),
  'F50',
  'F51',
  'F52',
  'F53',
  'F59',
  ...range('F', 60, 69),
  'F84',
  ...range('F', 90, 99),
  ...range('X', 71, 83),
  'T1491',
];

function range(letter: string, from: number, to: number): string[] {
  const out: string[] = [];
  for (let n = from; n <= to; n += 1) out.push(`${letter}${String(n).padStart(2, '0')}`);
  return out;
}

/** ICD-10(-CM) systems a principal diagnosis may be coded in. */
const ICD10_SYSTEMS = new Set([
  'http://hl7.org/fhir/sid/icd-10-cm',
  'http://hl7.org/fhir/sid/icd-10',
  'urn:oid:2.16.840.1.113883.6.90',
  'urn:oid:2.16.840.1.113883.6.3',
  'I10',
  'ICD10',
]);

/** Whether an ICD-10(-CM) code (with or without its dot) is a FUH mental illness or self-harm. */
export function isFuhMentalIllness(code: string): boolean {
  const plain = code.toUpperCase().replace('.', '');
  return PREFIXES.some((p) => plain.startsWith(p));
}

/** Whether any ICD-10 coding among `codings` is a FUH mental illness. */
export function anyFuhMentalIllness(
  codings: readonly { system?: string; code?: string }[],
): boolean {
  return codings.some(
    (c) =>
      c.code !== undefined &&
      c.system !== undefined &&
      ICD10_SYSTEMS.has(c.system) &&
      isFuhMentalIllness(c.code),
  );
}
