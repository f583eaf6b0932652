/**
 * The three standard instruments as FHIR Questionnaires, with LOINC codes for the panels, items and
 * answers (LOINC answer lists LL358-3 for PHQ-9/GAD-7 frequencies; the AHC-HRSN answer lists from
 * LOINC panel 96777-8). Written once per data set with fixed ids so that apps can find them.
 *
 * Sources: PHQ-9 and GAD-7 (Spitzer, Kroenke, Williams; public domain, Pfizer); AHC HRSN Screening
 * Tool core questions (CMS Accountable Health Communities Model, Billioux et al. 2017).
 */
import type { Coding, Questionnaire, QuestionnaireItem } from '@medplum/fhirtypes';
import { SYSTEM } from './codes.js';

/** An answer with its LOINC answer code and its score. */
export interface Answer {
  code: string;
  display: string;
  score: number;
}

function a(code: string, display: string, score: number): Answer {
  return { code, display, score };
}

/** PHQ-9 / GAD-7 frequency answers (LOINC LL358-3). */
export const FREQUENCY_ANSWERS: readonly Answer[] = [
  a('LA6568-5', 'Not at all', 0),
  a('LA6569-3', 'Several days', 1),
  a('LA6570-1', 'More than half the days', 2),
  a('LA6571-9', 'Nearly every day', 3),
];

/** LOINC codes of the instruments and their scores. */
export const INSTRUMENT = {
  phq9: {
    panel: '44249-1',
    panelDisplay: 'PHQ-9 quick depression assessment panel',
    total: '44261-6',
    totalDisplay: 'Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]',
  },
  gad7: {
    panel: '69737-5',
    panelDisplay: 'Generalized anxiety disorder 7 item (GAD-7)',
    total: '70274-6',
    totalDisplay: 'Generalized anxiety disorder 7 item (GAD-7) total score [Reported.PHQ]',
  },
  hrsn: {
    panel: '96777-8',
    panelDisplay:
      'Accountable health communities (AHC) health-related social needs screening (HRSN) tool',
    total: '95614-4',
    totalDisplay: 'Total safety score',
  },
} as const;

/** PHQ-9 items (LOINC code, text). */
export const PHQ9_ITEMS: readonly (readonly [string, string])[] = [
  ['44250-9', 'Little interest or pleasure in doing things'],
  ['44255-8', 'Feeling down, depressed, or hopeless'],
  ['44259-0', 'Trouble falling or staying asleep, or sleeping too much'],
  ['44254-1', 'Feeling tired or having little energy'],
  ['44251-7', 'Poor appetite or overeating'],
  [
    '44258-2',
    'Feeling bad about yourself - or that you are a failure or have let yourself or your family down',
  ],
  [
    '44252-5',
    'Trouble concentrating on things, such as reading the newspaper or watching television',
  ],
  [
    '44253-3',
    'Moving or speaking so slowly that other people could have noticed. Or the opposite - being so fidgety or restless that you have been moving around a lot more than usual',
  ],
  ['44260-8', 'Thoughts that you would be better off dead, or of hurting yourself in some way'],
];

/** GAD-7 items (LOINC code, text). */
export const GAD7_ITEMS: readonly (readonly [string, string])[] = [
  ['69725-0', 'Feeling nervous, anxious, or on edge'],
  ['68509-9', 'Not being able to stop or control worrying'],
  ['69733-4', 'Worrying too much about different things'],
  ['69734-2', 'Trouble relaxing'],
  ['69735-9', 'Being so restless that it is hard to sit still'],
  ['69689-8', 'Becoming easily annoyed or irritable'],
  ['69736-7', 'Feeling afraid, as if something awful might happen'],
];

/** AHC-HRSN answer codes. */
export const HRSN_ANSWERS = {
  steadyPlace: a('LA31993-1', 'I have a steady place to live', 0),
  worriedLosing: a(
    'LA31994-9',
    'I have a place to live today, but I am worried about losing it in the future',
    1,
  ),
  noSteadyPlace: a(
    'LA31995-6',
    'I do not have a steady place to live (I am temporarily staying with others, in a hotel, in a shelter, living outside on the street, on a beach, in a car, abandoned building, bus or train station, or in a park)',
    2,
  ),
  pests: a('LA31996-4', 'Pests such as bugs, ants, or mice', 1),
  mold: a('LA28580-1', 'Mold', 1),
  leadPaint: a('LA31997-2', 'Lead paint or pipes', 1),
  lackOfHeat: a('LA31998-0', 'Lack of heat', 1),
  ovenNotWorking: a('LA31999-8', 'Oven or stove not working', 1),
  smokeDetectors: a('LA32000-4', 'Smoke detectors missing or not working', 1),
  waterLeaks: a('LA32001-2', 'Water leaks', 1),
  noneOfTheAbove: a('LA9-3', 'None of the above', 0),
  oftenTrue: a('LA28397-0', 'Often true', 2),
  sometimesTrue: a('LA6729-3', 'Sometimes true', 1),
  neverTrue: a('LA28398-8', 'Never true', 0),
  yes: a('LA33-6', 'Yes', 1),
  no: a('LA32-8', 'No', 0),
  alreadyShutOff: a('LA32002-0', 'Already shut off', 2),
} as const;

/** Safety (HITS) frequency answers, scored 1–5; a total above 10 is a positive screen. */
export const SAFETY_ANSWERS: readonly Answer[] = [
  a('LA6270-8', 'Never', 1),
  a('LA10066-1', 'Rarely', 2),
  a('LA10082-8', 'Sometimes', 3),
  a('LA16644-9', 'Fairly often', 4),
  a('LA6482-9', 'Frequently', 5),
];

/** AHC-HRSN core question codes. */
export const HRSN_ITEMS = {
  livingSituation: ['71802-3', 'What is your living situation today?'],
  housingProblems: [
    '96778-6',
    'Think about the place you live. Do you have problems with any of the following?',
  ],
  foodWorry: [
    '88122-7',
    'Within the past 12 months, you worried that your food would run out before you got money to buy more.',
  ],
  foodDidNotLast: [
    '88123-5',
    "Within the past 12 months, the food you bought just didn't last and you didn't have money to get more.",
  ],
  transport: [
    '93030-5',
    'In the past 12 months, has lack of reliable transportation kept you from medical appointments, meetings, work or from getting things needed for daily living?',
  ],
  utilities: [
    '96779-4',
    'In the past 12 months has the electric, gas, oil, or water company threatened to shut off services in your home?',
  ],
  hurt: ['95618-5', 'How often does anyone, including family and friends, physically hurt you?'],
  insult: [
    '95617-7',
    'How often does anyone, including family and friends, insult or talk down to you?',
  ],
  threaten: [
    '95616-9',
    'How often does anyone, including family and friends, threaten you with harm?',
  ],
  scream: [
    '95615-1',
    'How often does anyone, including family and friends, scream or curse at you?',
  ],
} as const;

/** Fixed ids and canonical URLs of the instruments. */
export const QUESTIONNAIRES = {
  phq9: { id: 'phq-9', url: `${SYSTEM.CAREWEAVE}/Questionnaire/phq-9` },
  gad7: { id: 'gad-7', url: `${SYSTEM.CAREWEAVE}/Questionnaire/gad-7` },
  hrsn: { id: 'ahc-hrsn', url: `${SYSTEM.CAREWEAVE}/Questionnaire/ahc-hrsn` },
} as const;

/** A LOINC coding. */
export function loinc(code: string, display?: string): Coding {
  return display === undefined
    ? { system: SYSTEM.LOINC, code }
    : { system: SYSTEM.LOINC, code, display };
}

function choice(
  code: string,
  text: string,
  answers: readonly Answer[],
  repeats = false,
): QuestionnaireItem {
  return {
    linkId: code,
    code: [loinc(code, text)],
    text,
    type: 'choice',
    required: true,
    ...(repeats ? { repeats: true } : {}),
    answerOption: answers.map((ans) => ({
      valueCoding: loinc(ans.code, ans.display),
      extension: [{ url: SYSTEM.ORDINAL_VALUE, valueDecimal: ans.score }],
    })),
  };
}

function total(code: string, text: string): QuestionnaireItem {
  return { linkId: code, code: [loinc(code, text)], text, type: 'integer', readOnly: true };
}

function questionnaire(
  key: keyof typeof QUESTIONNAIRES,
  title: string,
  panel: string,
  panelDisplay: string,
  item: QuestionnaireItem[],
): Questionnaire {
  return {
    resourceType: 'Questionnaire',
    id: QUESTIONNAIRES[key].id,
    url: QUESTIONNAIRES[key].url,
    name: title.replace(/[^A-Za-z0-9]/g, ''),
    title,
    status: 'active',
    subjectType: ['Patient'],
    code: [loinc(panel, panelDisplay)],
    item,
  };
}

/** The PHQ-9, GAD-7 and AHC-HRSN Questionnaires. */
export function questionnaireResources(): Questionnaire[] {
  const h = HRSN_ITEMS;
  const A = HRSN_ANSWERS;
  const food = [A.oftenTrue, A.sometimesTrue, A.neverTrue];
  return [
    questionnaire('phq9', 'PHQ-9', INSTRUMENT.phq9.panel, INSTRUMENT.phq9.panelDisplay, [
      ...PHQ9_ITEMS.map(([code, text]) => choice(code, text, FREQUENCY_ANSWERS)),
      total(INSTRUMENT.phq9.total, INSTRUMENT.phq9.totalDisplay),
    ]),
    questionnaire('gad7', 'GAD-7', INSTRUMENT.gad7.panel, INSTRUMENT.gad7.panelDisplay, [
      ...GAD7_ITEMS.map(([code, text]) => choice(code, text, FREQUENCY_ANSWERS)),
      total(INSTRUMENT.gad7.total, INSTRUMENT.gad7.totalDisplay),
    ]),
    questionnaire(
      'hrsn',
      'AHC HRSN Screening Tool',
      INSTRUMENT.hrsn.panel,
      INSTRUMENT.hrsn.panelDisplay,
      [
        choice(h.livingSituation[0], h.livingSituation[1], [
          A.steadyPlace,
          A.worriedLosing,
          A.noSteadyPlace,
        ]),
        choice(
          h.housingProblems[0],
          h.housingProblems[1],
          [
            A.pests,
            A.mold,
            A.leadPaint,
            A.lackOfHeat,
            A.ovenNotWorking,
            A.smokeDetectors,
            A.waterLeaks,
            A.noneOfTheAbove,
          ],
          true,
        ),
        choice(h.foodWorry[0], h.foodWorry[1], food),
        choice(h.foodDidNotLast[0], h.foodDidNotLast[1], food),
        choice(h.transport[0], h.transport[1], [A.yes, A.no]),
        choice(h.utilities[0], h.utilities[1], [A.yes, A.no, A.alreadyShutOff]),
        choice(h.hurt[0], h.hurt[1], SAFETY_ANSWERS),
        choice(h.insult[0], h.insult[1], SAFETY_ANSWERS),
        choice(h.threaten[0], h.threaten[1], SAFETY_ANSWERS),
        choice(h.scream[0], h.scream[1], SAFETY_ANSWERS),
        total(INSTRUMENT.hrsn.total, 'Total safety score'),
      ],
    ),
  ];
}
