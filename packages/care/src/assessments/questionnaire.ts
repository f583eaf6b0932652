import type {
  Coding,
  Questionnaire,
  QuestionnaireItem,
  QuestionnaireItemAnswerOption,
  QuestionnaireResponse,
  QuestionnaireResponseItem,
  QuestionnaireResponseItemAnswer,
  ValueSet,
} from '@medplum/fhirtypes';
import {
  ITEM_WEIGHT_URL,
  LOINC_SYSTEM,
  ORDINAL_VALUE_URL,
  QUESTIONNAIRE_URL_BASE,
} from './codes.js';
import {
  INSTRUMENTS,
  INSTRUMENT_KEYS,
  instrumentByPanel,
  type Instrument,
  type ItemDef,
} from './instruments.js';
import {
  ScoreError,
  scoreGad7,
  scoreHrsn,
  scorePhq2,
  scorePhq9,
  type Gad7Result,
  type HrsnResult,
  type Phq2Result,
  type Phq9Result,
} from './score.js';

/** The canonical URL of a shipped instrument. */
export function instrumentUrl(instrument: Instrument): string {
  return `${QUESTIONNAIRE_URL_BASE}/${instrument.id}`;
}

function loinc(code: string, display?: string): Coding {
  return display ? { system: LOINC_SYSTEM, code, display } : { system: LOINC_SYSTEM, code };
}

function choiceItem(def: ItemDef, index: number): QuestionnaireItem {
  return {
    linkId: def.code,
    code: [loinc(def.code, def.text)],
    prefix: `${index + 1}.`,
    text: def.text,
    type: 'choice',
    required: def.required,
    ...(def.repeats ? { repeats: true } : {}),
    answerOption: def.answers.map((ans): QuestionnaireItemAnswerOption => ({
      valueCoding: loinc(ans.code, ans.display),
      extension: [{ url: ORDINAL_VALUE_URL, valueDecimal: ans.score }],
    })),
  };
}

/** The FHIR Questionnaire of a shipped instrument (ids and URLs stable, so responses can find it). */
export function instrumentQuestionnaire(instrument: Instrument): Questionnaire {
  return {
    resourceType: 'Questionnaire',
    id: instrument.id,
    url: instrumentUrl(instrument),
    version: '1.0.0',
    name: instrument.title.replace(/[^A-Za-z0-9]/g, ''),
    title: instrument.title,
    status: 'active',
    subjectType: ['Patient'],
    publisher: 'Careweave',
    description: `Source: ${instrument.source}.`,
    copyright: instrument.licence,
    code: [loinc(instrument.panel.code, instrument.panel.display)],
    item: [
      { linkId: 'instructions', type: 'display', text: instrument.stem },
      ...instrument.items.map(choiceItem),
      {
        linkId: instrument.total.code,
        code: [loinc(instrument.total.code, instrument.total.display)],
        text: instrument.total.display,
        type: 'integer',
        readOnly: true,
      },
    ],
  };
}

/** Every shipped instrument as a Questionnaire (PHQ-9, PHQ-2, GAD-7, AHC-HRSN). */
export function shippedQuestionnaires(): Questionnaire[] {
  return INSTRUMENT_KEYS.map((k) => instrumentQuestionnaire(INSTRUMENTS[k]));
}

/** The shipped instrument a canonical reference (`url` or `url|version`) names, if any. */
export function shippedInstrumentFor(canonical: string | undefined): Instrument | undefined {
  const url = canonical?.split('|')[0];
  return Object.values(INSTRUMENTS).find(
    (i) => instrumentUrl(i) === url || `Questionnaire/${i.id}` === url,
  );
}

/** Which instrument a Questionnaire is: by its code or LOINC identifier (any publisher's form). */
export function instrumentOf(questionnaire: Questionnaire): Instrument | undefined {
  for (const c of questionnaire.code ?? []) {
    if (c.system === LOINC_SYSTEM || c.system === undefined) {
      const found = instrumentByPanel(c.code);
      if (found) return found;
    }
  }
  for (const id of questionnaire.identifier ?? []) {
    if (id.system === LOINC_SYSTEM) {
      const found = instrumentByPanel(id.value);
      if (found) return found;
    }
  }
  return shippedInstrumentFor(questionnaire.url);
}

type Answer = QuestionnaireResponseItemAnswer;

/** How one question of a (possibly foreign) Questionnaire scores: answer code → score. */
interface ItemScoring {
  def: ItemDef;
  index: number;
  scores: Map<string, number>;
}

function weightOf(
  extensions: readonly { url?: string; valueDecimal?: number; valueInteger?: number }[] = [],
): number | undefined {
  const ext = extensions.find((e) => e.url === ORDINAL_VALUE_URL || e.url === ITEM_WEIGHT_URL);
  return ext?.valueDecimal ?? ext?.valueInteger;
}

function containedValueSet(q: Questionnaire, ref: string | undefined): ValueSet | undefined {
  if (!ref) return undefined;
  return (q.contained ?? []).find(
    (r): r is ValueSet =>
      r.resourceType === 'ValueSet' && (`#${r.id}` === ref || r.url === ref.split('|')[0]),
  );
}

/**
 * The scoring of each instrument question in a Questionnaire, by linkId: the answer scores the form
 * itself declares (ordinalValue / itemWeight on the option or its coding, or in a contained
 * ValueSet's expansion), falling back to the published scores of the LOINC answer codes.
 */
function itemScorings(q: Questionnaire, instrument: Instrument): Map<string, ItemScoring> {
  const byCode = new Map(instrument.items.map((d, i) => [d.code, { def: d, index: i }]));
  const out = new Map<string, ItemScoring>();
  const walk = (items: readonly QuestionnaireItem[] | undefined): void => {
    for (const item of items ?? []) {
      const code = (item.code ?? []).find(
        (c) => (c.system === LOINC_SYSTEM || c.system === undefined) && byCode.has(c.code ?? ''),
      )?.code;
      const known = code ? byCode.get(code) : undefined;
      if (known && item.type !== 'display' && item.type !== 'group') {
        const scores = new Map<string, number>();
        for (const ans of known.def.answers) scores.set(ans.code, ans.score);
        for (const opt of item.answerOption ?? []) {
          const w = weightOf(opt.extension) ?? weightOf(opt.valueCoding?.extension);
          if (opt.valueCoding?.code && w !== undefined) scores.set(opt.valueCoding.code, w);
        }
        for (const c of containedValueSet(q, item.answerValueSet)?.expansion?.contains ?? []) {
          const w = weightOf(c.extension);
          if (c.code && w !== undefined) scores.set(c.code, w);
        }
        out.set(item.linkId, { ...known, scores });
      }
      walk(item.item);
    }
  };
  walk(q.item);
  return out;
}

function scoreOfAnswer(scoring: ItemScoring, answer: Answer, instrument: Instrument): number {
  const label = `${instrument.title} item ${scoring.index + 1} (${scoring.def.text})`;
  if (answer.valueCoding) {
    const w = weightOf(answer.valueCoding.extension);
    const score = scoring.scores.get(answer.valueCoding.code ?? '') ?? w;
    if (score === undefined) {
      throw new ScoreError(
        `${label}: ${JSON.stringify(answer.valueCoding.code ?? answer.valueCoding.display)} is not one of its answers`,
        'impossible-answer',
        scoring.index + 1,
      );
    }
    return score;
  }
  const n = answer.valueInteger ?? answer.valueDecimal;
  if (n !== undefined) {
    const allowed = new Set(scoring.def.answers.map((a) => a.score));
    if (!allowed.has(n)) {
      throw new ScoreError(
        `${label}: ${n} is out of range (${[...allowed].join(', ')})`,
        'impossible-answer',
        scoring.index + 1,
      );
    }
    return n;
  }
  throw new ScoreError(
    `${label}: the answer must be one of its coded answers or its score`,
    'impossible-answer',
    scoring.index + 1,
  );
}

/** Per instrument item code, the answers given (absent = unanswered). */
export function answersOf(
  questionnaire: Questionnaire,
  instrument: Instrument,
  response: QuestionnaireResponse,
): Map<string, Answer[]> {
  return collect(questionnaire, instrument, response).answers;
}

/** Per instrument item code, the scores of the answers given (absent = unanswered). */
export function itemScoresOf(
  questionnaire: Questionnaire,
  instrument: Instrument,
  response: QuestionnaireResponse,
): Map<string, number[]> {
  return collect(questionnaire, instrument, response).scores;
}

function collect(
  questionnaire: Questionnaire,
  instrument: Instrument,
  response: QuestionnaireResponse,
): { scores: Map<string, number[]>; answers: Map<string, Answer[]> } {
  const scorings = itemScorings(questionnaire, instrument);
  const scores = new Map<string, number[]>();
  const given = new Map<string, Answer[]>();
  const walk = (items: readonly QuestionnaireResponseItem[] | undefined): void => {
    for (const item of items ?? []) {
      const scoring = scorings.get(item.linkId);
      if (scoring && (item.answer ?? []).length > 0) {
        const answers = item.answer ?? [];
        if (answers.length > 1 && !scoring.def.repeats) {
          throw new ScoreError(
            `${instrument.title} item ${scoring.index + 1} (${scoring.def.text}) takes one answer; got ${answers.length}`,
            'impossible-answer',
            scoring.index + 1,
          );
        }
        const code = scoring.def.code;
        scores.set(code, [
          ...(scores.get(code) ?? []),
          ...answers.map((a) => scoreOfAnswer(scoring, a, instrument)),
        ]);
        given.set(code, [...(given.get(code) ?? []), ...answers]);
      }
      walk(item.item);
      for (const a of item.answer ?? []) walk(a.item);
    }
  };
  walk(response.item);
  return { scores, answers: given };
}

/** A scored response: which instrument, and its result. */
export type ScoredResponse =
  | { instrument: Instrument & { key: 'phq9' }; result: Phq9Result }
  | { instrument: Instrument & { key: 'phq2' }; result: Phq2Result }
  | { instrument: Instrument & { key: 'gad7' }; result: Gad7Result }
  | { instrument: Instrument & { key: 'ahc-hrsn' }; result: HrsnResult };

/** Scores a response to an instrument's Questionnaire; throws ScoreError for impossible answers. */
export function scoreResponse(
  questionnaire: Questionnaire,
  instrument: Instrument,
  response: QuestionnaireResponse,
): ScoredResponse {
  const scores = itemScoresOf(questionnaire, instrument, response);
  const ordered = instrument.items.map((d) => scores.get(d.code)?.[0]);
  switch (instrument.key) {
    case 'phq9':
      return { instrument: instrument as Instrument & { key: 'phq9' }, result: scorePhq9(ordered) };
    case 'phq2':
      return { instrument: instrument as Instrument & { key: 'phq2' }, result: scorePhq2(ordered) };
    case 'gad7':
      return { instrument: instrument as Instrument & { key: 'gad7' }, result: scoreGad7(ordered) };
    case 'ahc-hrsn':
      return {
        instrument: instrument as Instrument & { key: 'ahc-hrsn' },
        result: scoreHrsn(scores),
      };
  }
}

/** The one-line summary of a scored response (`score`, `band`, `safety` / `positive`; HRSN: `positive` domains). */
export function summaryOf(scored: ScoredResponse): Record<string, unknown> {
  switch (scored.instrument.key) {
    case 'phq9': {
      const r = scored.result as Phq9Result;
      return { score: r.score, band: r.band, safety: r.safety };
    }
    case 'gad7': {
      const r = scored.result as Gad7Result;
      return { score: r.score, band: r.band };
    }
    case 'phq2': {
      const r = scored.result as Phq2Result;
      return { score: r.score, positive: r.positive };
    }
    case 'ahc-hrsn': {
      const r = scored.result as HrsnResult;
      return {
        positive: r.positive,
        domains: r.domains,
        ...(r.safetyScore !== undefined ? { safetyScore: r.safetyScore } : {}),
      };
    }
  }
}
