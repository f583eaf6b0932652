import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type {
  Questionnaire,
  QuestionnaireItem,
  QuestionnaireResponse,
  QuestionnaireResponseItem,
} from '@medplum/fhirtypes';
import { validateResourceStrict } from '@careweave/fhir';
import { describe, expect, it } from 'vitest';
import { FREQUENCY, INSTRUMENTS } from './instruments.js';
import {
  instrumentOf,
  instrumentQuestionnaire,
  scoreResponse,
  shippedQuestionnaires,
  summaryOf,
} from './questionnaire.js';

const DATA = resolve(
  fileURLToPath(new URL('../../../../../shared/data/questionnaires', import.meta.url)),
);

/** A completed response answering each question whose LOINC code is in `answers` with the option scored so. */
function respond(q: Questionnaire, answers: Record<string, number>): QuestionnaireResponse {
  const walk = (items: readonly QuestionnaireItem[] | undefined): QuestionnaireResponseItem[] =>
    (items ?? []).flatMap((item): QuestionnaireResponseItem[] => {
      const code = item.code?.[0]?.code ?? '';
      if (item.type === 'group') return [{ linkId: item.linkId, item: walk(item.item) }];
      const score = answers[code];
      if (score === undefined || item.type !== 'choice') return [];
      const answer = FREQUENCY.find((a) => a.score === score);
      return [
        {
          linkId: item.linkId,
          answer: [{ valueCoding: { system: 'http://loinc.org', code: answer?.code } }],
        },
      ];
    });
  return {
    resourceType: 'QuestionnaireResponse',
    status: 'completed',
    item: walk(q.item),
  };
}

const PHQ9_CODES = INSTRUMENTS.phq9.items.map((i) => i.code);

describe('shipped instruments', () => {
  it('are valid FHIR Questionnaires with LOINC codes, citing source and licence', () => {
    for (const q of shippedQuestionnaires()) {
      const errors = validateResourceStrict(q).filter((i) => i.severity === 'error');
      expect(errors, q.id).toEqual([]);
      expect(q.copyright).toBeTruthy();
      expect(q.description).toMatch(/Source: /);
      expect(instrumentOf(q)?.id).toBe(q.id);
    }
    expect(shippedQuestionnaires().map((q) => q.code?.[0]?.code)).toEqual([
      '44249-1',
      '55757-9',
      '69737-5',
      '96777-8',
    ]);
    expect(JSON.stringify(shippedQuestionnaires())).not.toMatch(/PRAPARE/i);
  });

  it('score a response to themselves exactly like the answer list', () => {
    const q = instrumentQuestionnaire(INSTRUMENTS.phq9);
    const answers = Object.fromEntries(
      PHQ9_CODES.map((c, i) => [c, [2, 2, 3, 2, 1, 2, 2, 1, 1][i] ?? 0]),
    );
    expect(summaryOf(scoreResponse(q, INSTRUMENTS.phq9, respond(q, answers)))).toEqual({
      score: 16,
      band: 'moderately severe',
      safety: true,
    });
  });

  it('refuse an answer that is not one of the item’s answers, naming the item', () => {
    const q = instrumentQuestionnaire(INSTRUMENTS.gad7);
    const qr: QuestionnaireResponse = {
      resourceType: 'QuestionnaireResponse',
      status: 'completed',
      item: [{ linkId: '69734-2', answer: [{ valueInteger: 5 }] }],
    };
    expect(() => scoreResponse(q, INSTRUMENTS.gad7, qr)).toThrow(
      /GAD-7 item 4 \(Trouble relaxing\): 5 is out of range/,
    );
  });
});

describe.skipIf(!existsSync(DATA))(
  'the PHQ-9 definitions in shared/data/questionnaires load and score',
  () => {
    it.each(['lforms-phq9-R4.json', 'lforms-argonaut-phq9-ish-R4.json'])('%s', (file) => {
      const q = JSON.parse(readFileSync(resolve(DATA, file), 'utf8')) as Questionnaire;
      const instrument = instrumentOf(q);
      expect(instrument?.key).toBe('phq9');
      for (const [answers, expected] of [
        [[0, 0, 0, 0, 0, 0, 0, 0, 0], { score: 0, band: 'minimal', safety: false }],
        [[1, 1, 1, 1, 1, 1, 1, 1, 1], { score: 9, band: 'mild', safety: true }],
        [[3, 3, 3, 3, 3, 3, 3, 3, 0], { score: 24, band: 'severe', safety: false }],
      ] as const) {
        const qr = respond(q, Object.fromEntries(PHQ9_CODES.map((c, i) => [c, answers[i] ?? 0])));
        expect(summaryOf(scoreResponse(q, INSTRUMENTS.phq9, qr))).toEqual(expected);
      }
    });
  },
);
if (!existsSync(DATA)) console.log(`skipped: ${DATA} is absent (external PHQ-9 definitions)`);
