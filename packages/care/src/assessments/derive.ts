/**
 * The Observations a completed response produces, linked to it by `derivedFrom`: the instrument's
 * total (PHQ-9 44261-6, PHQ-2 55758-7, GAD-7 70274-6, AHC-HRSN safety 95614-4), for PHQ-9 and PHQ-2
 * the depression-screening result the CMS2 eCQM reads (LOINC 73832-8 adult / 73831-0 adolescent,
 * SNOMED positive/negative finding), and for AHC-HRSN one Observation per positive domain.
 */
import type {
  Observation,
  Patient,
  QuestionnaireResponse,
  QuestionnaireResponseItemAnswer,
  Reference,
} from '@medplum/fhirtypes';
import {
  DEPRESSION_SCREENING,
  DERIVED_BY_URL,
  LOINC,
  LOINC_SYSTEM,
  surveyCategory,
} from './codes.js';
import { derivedId } from './derived-ids.js';
import { HRSN_ITEM } from './instruments.js';
import type { ScoredResponse } from './questionnaire.js';
import {
  PHQ2_CUT_POINT,
  PHQ9_POSITIVE,
  type Gad7Result,
  type HrsnDomain,
  type HrsnResult,
  type Phq2Result,
  type Phq9Result,
} from './score.js';

/** The item whose answer stands for a positive domain in its Observation (the first positive one). */
const DOMAIN_ITEMS: Readonly<Record<Exclude<HrsnDomain, 'interpersonal-safety'>, string[]>> = {
  'living-situation': [HRSN_ITEM.livingSituation, HRSN_ITEM.housingProblems],
  food: [HRSN_ITEM.foodWorry, HRSN_ITEM.foodDidNotLast],
  transportation: [HRSN_ITEM.transportation],
  utilities: [HRSN_ITEM.utilities],
};

/** AHC-HRSN answers that say "no need" (steady place, none of the above, never true, no). */
const NEGATIVE_ANSWERS: ReadonlySet<string> = new Set([
  'LA31993-1',
  'LA9-3',
  'LA28398-8',
  'LA32-8',
]);

/** Age in whole years at `when` (YYYY-MM-DD…). */
export function ageAt(birthDate: string | undefined, when: string): number | undefined {
  if (!birthDate || !/^\d{4}-\d{2}-\d{2}/.test(birthDate)) return undefined;
  const b = birthDate.slice(0, 10).split('-').map(Number);
  const w = when.slice(0, 10).split('-').map(Number);
  const [by = 0, bm = 0, bd = 0] = b;
  const [wy = 0, wm = 0, wd = 0] = w;
  return wy - by - (wm < bm || (wm === bm && wd < bd) ? 1 : 0);
}

const PERFORMER = /^(Practitioner|PractitionerRole|Organization|CareTeam|Patient|RelatedPerson)\//;

function base(
  qr: QuestionnaireResponse,
  suffix: string,
  code: { code: string; display: string },
  when: string,
  social: boolean,
  rule: string,
): Observation {
  const author = qr.author?.reference;
  return {
    resourceType: 'Observation',
    id: derivedId(qr.id as string, suffix),
    extension: [{ url: DERIVED_BY_URL, valueString: rule }],
    status: qr.status === 'amended' ? 'amended' : 'final',
    category: surveyCategory(social),
    code: { coding: [{ system: LOINC_SYSTEM, ...code }], text: code.display },
    subject: qr.subject as Reference<Patient>,
    ...(qr.encounter ? { encounter: qr.encounter } : {}),
    effectiveDateTime: when,
    ...(author && PERFORMER.test(author) ? { performer: [{ reference: author }] } : {}),
    derivedFrom: [{ reference: `QuestionnaireResponse/${qr.id}` }],
  };
}

function missingNote(missing: readonly number[]): Pick<Observation, 'note'> {
  return missing.length > 0
    ? {
        note: [
          {
            text: `Prorated from the answered items: item${missing.length > 1 ? 's' : ''} ${missing.join(', ')} unanswered.`,
          },
        ],
      }
    : {};
}

/** Everything a scored response derives; `patient` gives the age for the adult/adolescent screening code. */
export function derivedObservations(
  qr: QuestionnaireResponse,
  scored: ScoredResponse,
  answers: ReadonlyMap<string, readonly QuestionnaireResponseItemAnswer[]>,
  patient: Patient | undefined,
  now: Date,
): Observation[] {
  const when = qr.authored ?? now.toISOString();
  const { instrument } = scored;
  const out: Observation[] = [];
  const total = (value: number, interpretation?: string, social = false): Observation => ({
    ...base(qr, 'score', instrument.total, when, social, `${instrument.title} total`),
    valueInteger: value,
    ...(interpretation ? { interpretation: [{ text: interpretation }] } : {}),
  });
  switch (instrument.key) {
    case 'phq9':
    case 'phq2': {
      const r = scored.result as Phq9Result | Phq2Result;
      const positive = 'band' in r ? r.score >= PHQ9_POSITIVE : r.score >= PHQ2_CUT_POINT;
      out.push({
        ...total(r.score, 'band' in r ? r.band : r.positive ? 'positive' : 'negative'),
        ...missingNote(r.missing),
      });
      const age = ageAt(patient?.birthDate, when);
      // CMS2 screens people aged 12 and over: 12-17 adolescent (73831-0), 18 and over adult (73832-8).
      if (age !== undefined && age >= 12) {
        const adult = age >= 18;
        out.push({
          ...base(
            qr,
            'depression-screening',
            adult
              ? {
                  code: LOINC.ADULT_DEPRESSION_SCREENING,
                  display: 'Adult depression screening assessment',
                }
              : {
                  code: LOINC.ADOLESCENT_DEPRESSION_SCREENING,
                  display: 'Adolescent depression screening assessment',
                },
            when,
            false,
            `${instrument.title} ${positive ? `≥ ${'band' in r ? PHQ9_POSITIVE : PHQ2_CUT_POINT}` : `< ${'band' in r ? PHQ9_POSITIVE : PHQ2_CUT_POINT}`}: depression screening ${positive ? 'positive' : 'negative'}`,
          ),
          valueCodeableConcept: {
            coding: [positive ? DEPRESSION_SCREENING.positive : DEPRESSION_SCREENING.negative],
            text: positive ? 'Depression screening positive' : 'Depression screening negative',
          },
        });
      }
      break;
    }
    case 'gad7': {
      const r = scored.result as Gad7Result;
      out.push({ ...total(r.score, r.band), ...missingNote(r.missing) });
      break;
    }
    case 'ahc-hrsn': {
      const r = scored.result as HrsnResult;
      if (r.safetyScore !== undefined) {
        out.push(
          total(
            r.safetyScore,
            r.domains['interpersonal-safety'] === 'positive' ? 'positive' : 'negative',
            true,
          ),
        );
      }
      for (const domain of r.positive) {
        if (domain === 'interpersonal-safety') continue; // its Observation is the safety total
        const positiveAnswer = (c: string): QuestionnaireResponseItemAnswer | undefined =>
          (answers.get(c) ?? []).find(
            (a) => a.valueCoding?.code && !NEGATIVE_ANSWERS.has(a.valueCoding.code),
          );
        const code = DOMAIN_ITEMS[domain].find((c) => positiveAnswer(c) !== undefined);
        const answer = code ? positiveAnswer(code) : undefined;
        const item = instrument.items.find((i) => i.code === code);
        if (!code || !item || !answer?.valueCoding) continue;
        out.push({
          ...base(
            qr,
            domain,
            { code, display: item.text },
            when,
            true,
            `AHC-HRSN ${domain} positive`,
          ),
          valueCodeableConcept: {
            coding: [answer.valueCoding],
            ...(answer.valueCoding.display ? { text: answer.valueCoding.display } : {}),
          },
        });
      }
      break;
    }
  }
  return out;
}
