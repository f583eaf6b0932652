/**
 * Charlson Comorbidity Index from ICD-10 codes.
 *
 * - Comorbidity definitions: the ICD-10 coding algorithm of Quan H, Sundararajan V, Halfon P, et al.
 *   "Coding algorithms for defining comorbidities in ICD-9-CM and ICD-10 administrative data".
 *   Med Care 2005;43(11):1130–9, Table 1 (Charlson comorbidities, ICD-10 column).
 * - Weights `charlson1987`: Charlson ME, Pompei P, Ales KL, MacKenzie CR. "A new method of
 *   classifying prognostic comorbidity in longitudinal studies". J Chronic Dis 1987;40(5):373–83.
 * - Weights `quan2011`: Quan H, Li B, Couris CM, et al. "Updating and validating the Charlson
 *   comorbidity index and score for risk adjustment in hospital discharge abstracts using data
 *   from 6 countries". Am J Epidemiol 2011;173(6):676–82, Table 3 (maximum score 24).
 * - Hierarchy (both sources): a person with both the milder and the more severe form of a disease
 *   counts only the severe one — mild vs moderate/severe liver disease, diabetes without vs with
 *   chronic complications, any malignancy vs metastatic solid tumour.
 *
 * Codes match by prefix after removing the dot (`E11.22` = `E1122` → `E112`), so ICD-10-CM codes
 * with extra characters map to their ICD-10 parent. No age points are added (the index here is the
 * comorbidity part only).
 */

/** The 17 Charlson comorbidities, in the order of Quan 2005 Table 1. */
export const CHARLSON_CONDITIONS = [
  'myocardial-infarction',
  'congestive-heart-failure',
  'peripheral-vascular-disease',
  'cerebrovascular-disease',
  'dementia',
  'chronic-pulmonary-disease',
  'rheumatic-disease',
  'peptic-ulcer-disease',
  'mild-liver-disease',
  'diabetes-without-complications',
  'diabetes-with-complications',
  'hemiplegia-or-paraplegia',
  'renal-disease',
  'any-malignancy',
  'moderate-or-severe-liver-disease',
  'metastatic-solid-tumour',
  'aids-hiv',
] as const;

/** One Charlson comorbidity. */
export type CharlsonCondition = (typeof CHARLSON_CONDITIONS)[number];

/** Which published weights to sum. */
export type CharlsonWeights = 'charlson1987' | 'quan2011';

/** `'C00'..'C26'` → every 3-character code in between (same letter, numeric part). */
function range(from: string, to: string): string[] {
  const letter = from.slice(0, 1);
  const width = from.length - 1;
  const out: string[] = [];
  for (let n = Number(from.slice(1)); n <= Number(to.slice(1)); n++) {
    out.push(letter + String(n).padStart(width, '0'));
  }
  return out;
}

/** Quan 2005 Table 1, ICD-10 column, as dotless prefixes. */
const PREFIXES: Readonly<Record<CharlsonCondition, readonly string[]>> = {
  'myocardial-infarction': ['I21', 'I22', 'I252'],
  'congestive-heart-failure': [
    'I099',
    'I110',
    'I130',
    'I132',
    'I255',
    'I420',
    ...range('I425', 'I429'),
    'I43',
    'I50',
    'P290',
  ],
  'peripheral-vascular-disease': [
    'I70',
    'I71',
    'I731',
    'I738',
    'I739',
    'I771',
    'I790',
    'I792',
    'K551',
    'K558',
    'K559',
    'Z958',
    'Z959',
  ],
  'cerebrovascular-disease': ['G45', 'G46', 'H340', ...range('I60', 'I69')],
  dementia: [...range('F00', 'F03'), 'F051', 'G30', 'G311'],
  'chronic-pulmonary-disease': [
    'I278',
    'I279',
    ...range('J40', 'J47'),
    ...range('J60', 'J67'),
    'J684',
    'J701',
    'J703',
  ],
  'rheumatic-disease': ['M05', 'M06', 'M315', ...range('M32', 'M34'), 'M351', 'M353', 'M360'],
  'peptic-ulcer-disease': range('K25', 'K28'),
  'mild-liver-disease': [
    'B18',
    ...range('K700', 'K703'),
    'K709',
    ...range('K713', 'K715'),
    'K717',
    'K73',
    'K74',
    'K760',
    ...range('K762', 'K764'),
    'K768',
    'K769',
    'Z944',
  ],
  'diabetes-without-complications': ['E10', 'E11', 'E12', 'E13', 'E14'].flatMap((d) =>
    ['0', '1', '6', '8', '9'].map((x) => d + x),
  ),
  'diabetes-with-complications': ['E10', 'E11', 'E12', 'E13', 'E14'].flatMap((d) =>
    ['2', '3', '4', '5', '7'].map((x) => d + x),
  ),
  'hemiplegia-or-paraplegia': [
    'G041',
    'G114',
    'G801',
    'G802',
    'G81',
    'G82',
    ...range('G830', 'G834'),
    'G839',
  ],
  'renal-disease': [
    'I120',
    'I131',
    ...range('N032', 'N037'),
    ...range('N052', 'N057'),
    'N18',
    'N19',
    'N250',
    ...range('Z490', 'Z492'),
    'Z940',
    'Z992',
  ],
  'any-malignancy': [
    ...range('C00', 'C26'),
    ...range('C30', 'C34'),
    ...range('C37', 'C41'),
    'C43',
    ...range('C45', 'C58'),
    ...range('C60', 'C76'),
    ...range('C81', 'C85'),
    'C88',
    ...range('C90', 'C97'),
  ],
  'moderate-or-severe-liver-disease': [
    'I850',
    'I859',
    'I864',
    'I982',
    'K704',
    'K711',
    'K721',
    'K729',
    'K765',
    'K766',
    'K767',
  ],
  'metastatic-solid-tumour': range('C77', 'C80'),
  'aids-hiv': ['B20', 'B21', 'B22', 'B24'],
};

/** Charlson 1987 and Quan 2011 weights per comorbidity. */
export const CHARLSON_WEIGHTS: Readonly<
  Record<CharlsonWeights, Readonly<Record<CharlsonCondition, number>>>
> = {
  charlson1987: {
    'myocardial-infarction': 1,
    'congestive-heart-failure': 1,
    'peripheral-vascular-disease': 1,
    'cerebrovascular-disease': 1,
    dementia: 1,
    'chronic-pulmonary-disease': 1,
    'rheumatic-disease': 1,
    'peptic-ulcer-disease': 1,
    'mild-liver-disease': 1,
    'diabetes-without-complications': 1,
    'diabetes-with-complications': 2,
    'hemiplegia-or-paraplegia': 2,
    'renal-disease': 2,
    'any-malignancy': 2,
    'moderate-or-severe-liver-disease': 3,
    'metastatic-solid-tumour': 6,
    'aids-hiv': 6,
  },
  quan2011: {
    'myocardial-infarction': 0,
    'congestive-heart-failure': 2,
    'peripheral-vascular-disease': 0,
    'cerebrovascular-disease': 0,
    dementia: 2,
    'chronic-pulmonary-disease': 1,
    'rheumatic-disease': 1,
    'peptic-ulcer-disease': 0,
    'mild-liver-disease': 2,
    'diabetes-without-complications': 0,
    'diabetes-with-complications': 1,
    'hemiplegia-or-paraplegia': 2,
    'renal-disease': 1,
    'any-malignancy': 2,
    'moderate-or-severe-liver-disease': 4,
    'metastatic-solid-tumour': 6,
    'aids-hiv': 4,
  },
};

/** The milder form is not counted when the severe form is present (Charlson 1987; Quan 2011). */
const HIERARCHY: readonly [mild: CharlsonCondition, severe: CharlsonCondition][] = [
  ['mild-liver-disease', 'moderate-or-severe-liver-disease'],
  ['diabetes-without-complications', 'diabetes-with-complications'],
  ['any-malignancy', 'metastatic-solid-tumour'],
];

const BY_PREFIX = new Map<string, CharlsonCondition>();
for (const condition of CHARLSON_CONDITIONS) {
  for (const prefix of PREFIXES[condition]) {
    BY_PREFIX.set(prefix, condition);
  }
}

/** `e11.22 ` → `E1122`; anything that is not an ICD-10 code shape → undefined. */
export function normaliseIcd10(code: string): string | undefined {
  const c = code.trim().toUpperCase().replace('.', '');
  return /^[A-Z][0-9][0-9A-Z]{1,5}$/.test(c) ? c : undefined;
}

/** The Charlson comorbidity an ICD-10 code belongs to (Quan 2005), if any. */
export function charlsonCondition(code: string): CharlsonCondition | undefined {
  const c = normaliseIcd10(code);
  if (!c) {
    return undefined;
  }
  // Longest prefix first: 4-character entries (I252) are more specific than 3-character ones.
  return BY_PREFIX.get(c.slice(0, 4)) ?? BY_PREFIX.get(c.slice(0, 3));
}

/** A Charlson index and the comorbidities that made it (after the hierarchy rules). */
export interface CharlsonResult {
  score: number;
  weights: CharlsonWeights;
  /** Counted comorbidities, in Quan 2005 order, with the weight each contributed. */
  conditions: { condition: CharlsonCondition; weight: number }[];
}

/** The set of comorbidities present in these ICD-10 codes, after the hierarchy rules. */
export function charlsonConditions(codes: Iterable<string>): Set<CharlsonCondition> {
  const present = new Set<CharlsonCondition>();
  for (const code of codes) {
    const condition = charlsonCondition(code);
    if (condition) {
      present.add(condition);
    }
  }
  for (const [mild, severe] of HIERARCHY) {
    if (present.has(severe)) {
      present.delete(mild);
    }
  }
  return present;
}

/** The Charlson Comorbidity Index of a person's ICD-10 codes (no age points). */
export function charlsonIndex(
  codes: Iterable<string>,
  weights: CharlsonWeights = 'charlson1987',
): CharlsonResult {
  const present = charlsonConditions(codes);
  const table = CHARLSON_WEIGHTS[weights];
  const conditions = CHARLSON_CONDITIONS.filter((c) => present.has(c)).map((condition) => ({
    condition,
    weight: table[condition],
  }));
  return { score: conditions.reduce((s, c) => s + c.weight, 0), weights, conditions };
}
