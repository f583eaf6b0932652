/**
 * Long-term conditions and social needs, recognised from Condition codes.
 *
 * ICD-10(-CM) blocks follow the chapter structure of ICD-10-CM (CMS/NCHS); SNOMED CT concepts are
 * those the synthetic population and typical EHR problem lists use, each paired with its ICD-10-CM
 * code in our data. The chronic-condition list is the one the multimorbidity literature counts
 * most often (Barnett K et al., Lancet 2012;380:37–43: hypertension, diabetes, heart failure,
 * COPD, asthma, CKD, depression, anxiety, dementia, alcohol and drug misuse, cancer).
 */
import { ICD10, ICD10_CM, SNOMED } from './codes.js';

/** A long-term condition group. */
export type ConditionGroup =
  | 'hypertension'
  | 'diabetes'
  | 'heart-failure'
  | 'copd'
  | 'asthma'
  | 'ckd'
  | 'depression'
  | 'anxiety'
  | 'dementia'
  | 'alcohol-use'
  | 'opioid-use'
  | 'cancer';

/** Physical (as opposed to mental and behavioural) conditions. */
export const PHYSICAL_GROUPS: ReadonlySet<ConditionGroup> = new Set([
  'hypertension',
  'diabetes',
  'heart-failure',
  'copd',
  'asthma',
  'ckd',
  'dementia',
  'cancer',
]);

/**
 * Groups whose records are sensitive (care/access labels them PSY or ETH: behavioural health and
 * substance use, 42 CFR Part 2). Risk results that any staff member may see never name them: they
 * stay out of explanations, the enrolment queue's index and its filters (the probability still
 * counts them; whoever may see the records sees them there).
 */
export const SENSITIVE_GROUPS: ReadonlySet<ConditionGroup> = new Set([
  'depression',
  'anxiety',
  'alcohol-use',
  'opioid-use',
]);

/** Social needs whose records are sensitive (interpersonal safety: care/access labels it SDV). */
export const SENSITIVE_NEEDS: ReadonlySet<SocialNeed> = new Set(['safety']);

/** Words for each group, as a clinician would say them. */
export const GROUP_LABEL: Readonly<Record<ConditionGroup, string>> = {
  hypertension: 'hypertension',
  diabetes: 'diabetes',
  'heart-failure': 'heart failure',
  copd: 'COPD',
  asthma: 'asthma',
  ckd: 'chronic kidney disease',
  depression: 'depression',
  anxiety: 'anxiety',
  dementia: 'dementia',
  'alcohol-use': 'alcohol use disorder',
  'opioid-use': 'opioid use disorder',
  cancer: 'cancer',
};

/** ICD-10 dotless prefixes per group. */
const ICD_PREFIXES: readonly [string, ConditionGroup][] = [
  ...['I10', 'I11', 'I12', 'I13', 'I15', 'I16'].map(
    (p) => [p, 'hypertension'] as [string, ConditionGroup],
  ),
  ...['E08', 'E09', 'E10', 'E11', 'E13'].map((p) => [p, 'diabetes'] as [string, ConditionGroup]),
  ['I50', 'heart-failure'],
  ['I110', 'heart-failure'],
  ['I130', 'heart-failure'],
  ['I132', 'heart-failure'],
  ...['J41', 'J42', 'J43', 'J44'].map((p) => [p, 'copd'] as [string, ConditionGroup]),
  ['J45', 'asthma'],
  ['N18', 'ckd'],
  ['F32', 'depression'],
  ['F33', 'depression'],
  ['F41', 'anxiety'],
  ...['F01', 'F02', 'F03', 'G30'].map((p) => [p, 'dementia'] as [string, ConditionGroup]),
  ['F10', 'alcohol-use'],
  ['F11', 'opioid-use'],
];

/** SNOMED CT concepts per group (the common problem-list concepts). */
const SNOMED_GROUPS: Readonly<Record<string, ConditionGroup>> = {
  '38341003': 'hypertension',
  '59621000': 'hypertension',
  '44054006': 'diabetes',
  '73211009': 'diabetes',
  '127013003': 'diabetes',
  '368581000119106': 'diabetes',
  '422034002': 'diabetes',
  '84114007': 'heart-failure',
  '42343007': 'heart-failure',
  '13645005': 'copd',
  '195967001': 'asthma',
  '709044004': 'ckd',
  '433144002': 'ckd',
  '431857002': 'ckd',
  '370143000': 'depression',
  '35489007': 'depression',
  '21897009': 'anxiety',
  '52448006': 'dementia',
  '26929004': 'dementia',
  '7200002': 'alcohol-use',
  '75544000': 'opioid-use',
  '254837009': 'cancer',
  '399068003': 'cancer',
  '363358000': 'cancer',
  '363406005': 'cancer',
};

/** The groups a set of `system|code` codings belongs to (usually one). */
export function conditionGroups(codes: readonly string[]): Set<ConditionGroup> {
  const out = new Set<ConditionGroup>();
  for (const sc of codes) {
    const bar = sc.lastIndexOf('|');
    const system = sc.slice(0, bar);
    const code = sc.slice(bar + 1);
    if (system === ICD10_CM || system === ICD10) {
      const c = code.toUpperCase().replace('.', '');
      const hit = ICD_PREFIXES.find(([p]) => c.startsWith(p));
      if (hit) out.add(hit[1]);
      if (/^C\d\d/.test(c) && !c.startsWith('C44')) out.add('cancer');
    } else if (system === SNOMED) {
      const g = SNOMED_GROUPS[code];
      if (g) out.add(g);
    }
  }
  return out;
}

/** ICD-10(-CM) codes (dotted as written) of a set of `system|code` codings. */
export function icd10Codes(codes: readonly string[]): string[] {
  return codes
    .filter((sc) => sc.startsWith(`${ICD10_CM}|`) || sc.startsWith(`${ICD10}|`))
    .map((sc) => sc.slice(sc.lastIndexOf('|') + 1));
}

/** CKD stage 4 or 5 (N18.4, N18.5, N18.6; SNOMED 431857002, 433146000, 46177005). */
export function isAdvancedCkd(codes: readonly string[]): boolean {
  return codes.some((sc) => {
    const code = sc
      .slice(sc.lastIndexOf('|') + 1)
      .toUpperCase()
      .replace('.', '');
    return (
      ['N184', 'N185', 'N186'].some((p) => code.startsWith(p)) ||
      ['431857002', '433146000', '46177005'].includes(code)
    );
  });
}

/** A social need, as the AHC-HRSN screening domains name them. */
export type SocialNeed = 'food' | 'housing' | 'transport' | 'utilities' | 'safety';

/** Words for each social need. */
export const SOCIAL_NEED_LABEL: Readonly<Record<SocialNeed, string>> = {
  food: 'food insecurity',
  housing: 'housing instability',
  transport: 'transport insecurity',
  utilities: 'utility insecurity',
  safety: 'interpersonal safety concern',
};

/**
 * The social need a Condition's codes record: ICD-10-CM Z59.4x food, Z59.0x/Z59.1/Z59.81x housing,
 * Z59.82 transportation, Z59.12/Z58.81 utilities, Z91.41x/T74/T76 safety (and the SNOMED CT
 * findings of the Gravity Project value sets used by the synthetic population).
 */
export function socialNeedOf(codes: readonly string[]): SocialNeed | undefined {
  for (const sc of codes) {
    const code = sc
      .slice(sc.lastIndexOf('|') + 1)
      .toUpperCase()
      .replace('.', '');
    if (code.startsWith('Z594') || code === '733423003') return 'food';
    if (code.startsWith('Z5982') || code === '713458007') return 'transport';
    if (code.startsWith('Z5912') || code.startsWith('Z5881')) return 'utilities';
    if (
      code.startsWith('Z590') ||
      code.startsWith('Z591') ||
      code.startsWith('Z5981') ||
      ['32911000', '1156191002'].includes(code)
    )
      return 'housing';
    if (
      code.startsWith('Z9141') ||
      code.startsWith('T74') ||
      code.startsWith('T76') ||
      code === '706893006'
    )
      return 'safety';
  }
  return undefined;
}
