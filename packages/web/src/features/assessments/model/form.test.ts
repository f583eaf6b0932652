import type { Questionnaire } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { buildResponse, formItems, runningScore, unanswered } from './form';

const ORDINAL = 'http://hl7.org/fhir/StructureDefinition/ordinalValue';
const option = (code: string, display: string, score: number) => ({
  valueCoding: { system: 'http://loinc.org', code, display },
  extension: [{ url: ORDINAL, valueDecimal: score }],
});
const PHQ2: Questionnaire = {
  resourceType: 'Questionnaire',
  id: 'phq-2',
  url: 'https://careweave.org/fhir/Questionnaire/phq-2',
  status: 'active',
  item: [
    { linkId: 'instructions', type: 'display', text: 'Over the last 2 weeks…' },
    ...['44250-9', '44255-8'].map((linkId) => ({
      linkId,
      type: 'choice' as const,
      required: true,
      text: linkId,
      answerOption: [
        option('LA6568-5', 'Not at all', 0),
        option('LA6571-9', 'Nearly every day', 3),
      ],
    })),
    { linkId: '55758-7', type: 'integer', readOnly: true, text: 'Total' },
  ],
};

describe('the questionnaire renderer model', () => {
  it('reads questions, options and scores from the Questionnaire; validates; scores as you go', () => {
    const items = formItems(PHQ2);
    expect(unanswered(items, {}).map((i) => i.linkId)).toEqual(['44250-9', '44255-8']);
    const answers = { '44250-9': ['LA6571-9'] };
    expect(runningScore(items, answers)).toEqual({ score: 3, answered: 1, total: 2 });
    expect(unanswered(items, answers).map((i) => i.linkId)).toEqual(['44255-8']);
    const qr = buildResponse(PHQ2, items, answers, { patientId: 'p1', status: 'in-progress' });
    expect(qr).toMatchObject({
      status: 'in-progress',
      questionnaire: 'https://careweave.org/fhir/Questionnaire/phq-2',
      subject: { reference: 'Patient/p1' },
      item: [{ linkId: '44250-9', answer: [{ valueCoding: { code: 'LA6571-9' } }] }],
    });
  });
});
