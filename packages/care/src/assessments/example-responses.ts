import type { QuestionnaireResponse } from '@medplum/fhirtypes';
import { FREQUENCY, HITS, INSTRUMENTS, type InstrumentKey } from './instruments.js';
import { instrumentUrl } from './questionnaire.js';

/**
 * A completed response to a shipped frequency instrument (PHQ-9, PHQ-2, GAD-7) with the given item
 * scores, as any client would send it (coded LOINC answers) — for tests and the demo.
 */
export function frequencyResponse(
  key: Exclude<InstrumentKey, 'ahc-hrsn'>,
  patientId: string,
  scores: readonly number[],
  extra: Partial<QuestionnaireResponse> = {},
): QuestionnaireResponse {
  const instrument = INSTRUMENTS[key];
  return {
    resourceType: 'QuestionnaireResponse',
    questionnaire: instrumentUrl(instrument),
    status: 'completed',
    subject: { reference: `Patient/${patientId}` },
    authored: new Date().toISOString(),
    item: instrument.items.flatMap((item, i) => {
      const s = scores[i];
      const answer = FREQUENCY.find((a) => a.score === s);
      return answer
        ? [
            {
              linkId: item.code,
              text: item.text,
              answer: [
                {
                  valueCoding: {
                    system: 'http://loinc.org',
                    code: answer.code,
                    display: answer.display,
                  },
                },
              ],
            },
          ]
        : [];
    }),
    ...extra,
  };
}

/** An AHC-HRSN response: answers by item code (LOINC answer codes); HITS items by score 1-5. */
export function hrsnResponse(
  patientId: string,
  answers: Readonly<Record<string, string | string[] | number>>,
  extra: Partial<QuestionnaireResponse> = {},
): QuestionnaireResponse {
  const instrument = INSTRUMENTS['ahc-hrsn'];
  return {
    resourceType: 'QuestionnaireResponse',
    questionnaire: instrumentUrl(instrument),
    status: 'completed',
    subject: { reference: `Patient/${patientId}` },
    authored: new Date().toISOString(),
    item: instrument.items.flatMap((item) => {
      const given = answers[item.code];
      if (given === undefined) return [];
      const codes =
        typeof given === 'number'
          ? [HITS.find((h) => h.score === given)?.code ?? '']
          : Array.isArray(given)
            ? given
            : [given];
      return [
        {
          linkId: item.code,
          answer: codes.map((code) => ({ valueCoding: { system: 'http://loinc.org', code } })),
        },
      ];
    }),
    ...extra,
  };
}
