/**
 * The shipped instruments, as data: items with their LOINC codes and answer lists with the
 * published scores. `questionnaire.ts` turns them into FHIR Questionnaires; `score.ts` scores them.
 *
 * Sources and licences (PRAPARE is owned by NACHC and is deliberately not shipped):
 * - PHQ-9 and PHQ-2: Kroenke K, Spitzer RL, Williams JBW. The PHQ-9: validity of a brief
 *   depression severity measure. J Gen Intern Med 2001;16:606-13; Kroenke K et al. The Patient
 *   Health Questionnaire-2. Med Care 2003;41:1284-92. Developed by Drs Spitzer, Williams, Kroenke
 *   and colleagues with an educational grant from Pfizer Inc.; "No permission required to
 *   reproduce, translate, display or distribute" (www.phqscreeners.com).
 * - GAD-7: Spitzer RL, Kroenke K, Williams JBW, Löwe B. A brief measure for assessing generalized
 *   anxiety disorder. Arch Intern Med 2006;166:1092-7. Same terms as the PHQ (phqscreeners.com).
 * - AHC HRSN Screening Tool core questions: Billioux A et al. Standardized Screening for
 *   Health-Related Social Needs in Clinical Settings: The Accountable Health Communities Screening
 *   Tool. NAM Perspectives 2017; a US Government (CMS) work, public domain. The interpersonal
 *   safety items are the HITS tool (Sherin KM et al. Fam Med 1998;30:508-12), reproduced in the
 *   AHC tool with permission.
 * - LOINC codes © Regenstrief Institute, used under the LOINC licence (free of charge).
 */
import { INSTRUMENT_KEYS, type InstrumentKey } from '@careweave/contract';
import { LOINC } from './codes.js';

export { INSTRUMENT_KEYS, type InstrumentKey };

/** One answer with its LOINC answer code (LA…) and its published score. */
export interface AnswerDef {
  code: string;
  display: string;
  score: number;
}

/** One question. */
export interface ItemDef {
  code: string;
  text: string;
  answers: readonly AnswerDef[];
  repeats?: boolean;
  /** The instrument's own rules say it must be answered (FHIR `required`). */
  required: boolean;
}

export interface Instrument {
  key: InstrumentKey;
  /** `Questionnaire.id` and the last segment of its canonical URL. */
  id: string;
  title: string;
  panel: { code: string; display: string };
  total: { code: string; display: string };
  /** The stem printed above the items. */
  stem: string;
  items: readonly ItemDef[];
  source: string;
  licence: string;
}

const a = (code: string, display: string, score: number): AnswerDef => ({ code, display, score });

/** PHQ / GAD frequency answers (LOINC answer list LL358-3), scored 0-3. */
export const FREQUENCY: readonly AnswerDef[] = [
  a('LA6568-5', 'Not at all', 0),
  a('LA6569-3', 'Several days', 1),
  a('LA6570-1', 'More than half the days', 2),
  a('LA6571-9', 'Nearly every day', 3),
];

const item = (code: string, text: string, answers: readonly AnswerDef[]): ItemDef => ({
  code,
  text,
  answers,
  required: true,
});

const PHQ9_ITEMS: readonly ItemDef[] = [
  item('44250-9', 'Little interest or pleasure in doing things', FREQUENCY),
  item('44255-8', 'Feeling down, depressed, or hopeless', FREQUENCY),
  item('44259-0', 'Trouble falling or staying asleep, or sleeping too much', FREQUENCY),
  item('44254-1', 'Feeling tired or having little energy', FREQUENCY),
  item('44251-7', 'Poor appetite or overeating', FREQUENCY),
  item(
    '44258-2',
    'Feeling bad about yourself - or that you are a failure or have let yourself or your family down',
    FREQUENCY,
  ),
  item(
    '44252-5',
    'Trouble concentrating on things, such as reading the newspaper or watching television',
    FREQUENCY,
  ),
  item(
    '44253-3',
    'Moving or speaking so slowly that other people could have noticed. Or the opposite - being so fidgety or restless that you have been moving around a lot more than usual',
    FREQUENCY,
  ),
  item(
    LOINC.PHQ9_ITEM9,
    'Thoughts that you would be better off dead, or of hurting yourself in some way',
    FREQUENCY,
  ),
];

const GAD7_ITEMS: readonly ItemDef[] = [
  item('69725-0', 'Feeling nervous, anxious, or on edge', FREQUENCY),
  item('68509-9', 'Not being able to stop or control worrying', FREQUENCY),
  item('69733-4', 'Worrying too much about different things', FREQUENCY),
  item('69734-2', 'Trouble relaxing', FREQUENCY),
  item('69735-9', 'Being so restless that it is hard to sit still', FREQUENCY),
  item('69689-8', 'Becoming easily annoyed or irritable', FREQUENCY),
  item('69736-7', 'Feeling afraid, as if something awful might happen', FREQUENCY),
];

/** AHC-HRSN answers (LOINC answer lists of panel 96777-8). Scores mark a positive answer (see score.ts). */
const HRSN = {
  steady: a('LA31993-1', 'I have a steady place to live', 0),
  worried: a(
    'LA31994-9',
    'I have a place to live today, but I am worried about losing it in the future',
    1,
  ),
  noSteady: a(
    'LA31995-6',
    'I do not have a steady place to live (I am temporarily staying with others, in a hotel, in a shelter, living outside on the street, on a beach, in a car, abandoned building, bus or train station, or in a park)',
    1,
  ),
  often: a('LA28397-0', 'Often true', 1),
  sometimes: a('LA6729-3', 'Sometimes true', 1),
  never: a('LA28398-8', 'Never true', 0),
  yes: a('LA33-6', 'Yes', 1),
  no: a('LA32-8', 'No', 0),
  shutOff: a('LA32002-0', 'Already shut off', 1),
} as const;

/** HITS frequency answers, scored 1-5 (Sherin 1998). */
export const HITS: readonly AnswerDef[] = [
  a('LA6270-8', 'Never', 1),
  a('LA10066-1', 'Rarely', 2),
  a('LA10082-8', 'Sometimes', 3),
  a('LA16644-9', 'Fairly often', 4),
  a('LA6482-9', 'Frequently', 5),
];

/** AHC-HRSN item codes by their role in scoring. */
export const HRSN_ITEM = {
  livingSituation: '71802-3',
  housingProblems: '96778-6',
  foodWorry: '88122-7',
  foodDidNotLast: '88123-5',
  transportation: '93030-5',
  utilities: '96779-4',
  hurt: '95618-5',
  insult: '95617-7',
  threaten: '95616-9',
  scream: '95615-1',
} as const;

const HRSN_ITEMS: readonly ItemDef[] = [
  item(HRSN_ITEM.livingSituation, 'What is your living situation today?', [
    HRSN.steady,
    HRSN.worried,
    HRSN.noSteady,
  ]),
  {
    ...item(
      HRSN_ITEM.housingProblems,
      'Think about the place you live. Do you have problems with any of the following?',
      [
        a('LA31996-4', 'Pests such as bugs, ants, or mice', 1),
        a('LA28580-1', 'Mold', 1),
        a('LA31997-2', 'Lead paint or pipes', 1),
        a('LA31998-0', 'Lack of heat', 1),
        a('LA31999-8', 'Oven or stove not working', 1),
        a('LA32000-4', 'Smoke detectors missing or not working', 1),
        a('LA32001-2', 'Water leaks', 1),
        a('LA9-3', 'None of the above', 0),
      ],
    ),
    repeats: true,
  },
  item(
    HRSN_ITEM.foodWorry,
    'Within the past 12 months, you worried that your food would run out before you got money to buy more.',
    [HRSN.often, HRSN.sometimes, HRSN.never],
  ),
  item(
    HRSN_ITEM.foodDidNotLast,
    "Within the past 12 months, the food you bought just didn't last and you didn't have money to get more.",
    [HRSN.often, HRSN.sometimes, HRSN.never],
  ),
  item(
    HRSN_ITEM.transportation,
    'In the past 12 months, has lack of reliable transportation kept you from medical appointments, meetings, work or from getting things needed for daily living?',
    [HRSN.yes, HRSN.no],
  ),
  item(
    HRSN_ITEM.utilities,
    'In the past 12 months has the electric, gas, oil, or water company threatened to shut off services in your home?',
    [HRSN.yes, HRSN.no, HRSN.shutOff],
  ),
  item(
    HRSN_ITEM.hurt,
    'How often does anyone, including family and friends, physically hurt you?',
    HITS,
  ),
  item(
    HRSN_ITEM.insult,
    'How often does anyone, including family and friends, insult or talk down to you?',
    HITS,
  ),
  item(
    HRSN_ITEM.threaten,
    'How often does anyone, including family and friends, threaten you with harm?',
    HITS,
  ),
  item(
    HRSN_ITEM.scream,
    'How often does anyone, including family and friends, scream or curse at you?',
    HITS,
  ),
];

const PHQ_SOURCE =
  'Kroenke K, Spitzer RL, Williams JBW. J Gen Intern Med 2001;16:606-13 (PHQ-9); Med Care 2003;41:1284-92 (PHQ-2)';
const PHQ_LICENCE =
  'Developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues, with an educational grant from Pfizer Inc. No permission required to reproduce, translate, display or distribute.';

export const INSTRUMENTS: Readonly<Record<InstrumentKey, Instrument>> = {
  phq9: {
    key: 'phq9',
    id: 'phq-9',
    title: 'PHQ-9',
    panel: { code: LOINC.PHQ9_PANEL, display: 'PHQ-9 quick depression assessment panel' },
    total: {
      code: LOINC.PHQ9_TOTAL,
      display: 'Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]',
    },
    stem: 'Over the last 2 weeks, how often have you been bothered by any of the following problems?',
    items: PHQ9_ITEMS,
    source: PHQ_SOURCE,
    licence: PHQ_LICENCE,
  },
  phq2: {
    key: 'phq2',
    id: 'phq-2',
    title: 'PHQ-2',
    panel: {
      code: LOINC.PHQ2_PANEL,
      display: 'Patient Health Questionnaire 2 item (PHQ-2) [Reported]',
    },
    total: {
      code: LOINC.PHQ2_TOTAL,
      display: 'Patient Health Questionnaire 2 item (PHQ-2) total score [Reported]',
    },
    stem: 'Over the last 2 weeks, how often have you been bothered by any of the following problems?',
    items: PHQ9_ITEMS.slice(0, 2),
    source: PHQ_SOURCE,
    licence: PHQ_LICENCE,
  },
  gad7: {
    key: 'gad7',
    id: 'gad-7',
    title: 'GAD-7',
    panel: { code: LOINC.GAD7_PANEL, display: 'Generalized anxiety disorder 7 item (GAD-7)' },
    total: {
      code: LOINC.GAD7_TOTAL,
      display: 'Generalized anxiety disorder 7 item (GAD-7) total score [Reported.PHQ]',
    },
    stem: 'Over the last 2 weeks, how often have you been bothered by the following problems?',
    items: GAD7_ITEMS,
    source: 'Spitzer RL, Kroenke K, Williams JBW, Löwe B. Arch Intern Med 2006;166:1092-7',
    licence: PHQ_LICENCE,
  },
  'ahc-hrsn': {
    key: 'ahc-hrsn',
    id: 'ahc-hrsn',
    title: 'AHC HRSN Screening Tool',
    panel: {
      code: LOINC.HRSN_PANEL,
      display:
        'Accountable health communities (AHC) health-related social needs screening (HRSN) tool',
    },
    total: { code: LOINC.HRSN_SAFETY_TOTAL, display: 'Total safety score' },
    stem: 'Core questions of the Accountable Health Communities Health-Related Social Needs Screening Tool.',
    items: HRSN_ITEMS,
    source:
      'Billioux A, Verlander K, Anthony S, Alley D. Standardized Screening for Health-Related Social Needs in Clinical Settings: The Accountable Health Communities Screening Tool. NAM Perspectives 2017 (CMS)',
    licence:
      'A work of the US Government (CMS Accountable Health Communities Model), public domain; interpersonal safety items from HITS (Sherin 1998) as reproduced in the AHC tool.',
  },
};

/** The instrument whose panel code is `code` (44249-1 → phq9 …). */
export function instrumentByPanel(code: string | undefined): Instrument | undefined {
  return Object.values(INSTRUMENTS).find((i) => i.panel.code === code);
}

export function isInstrumentKey(value: unknown): value is InstrumentKey {
  return typeof value === 'string' && (INSTRUMENT_KEYS as readonly string[]).includes(value);
}
