import type {
  Coding,
  Questionnaire,
  QuestionnaireItem,
  QuestionnaireResponse,
  QuestionnaireResponseItem,
} from '@medplum/fhirtypes';

/*
 * The questionnaire renderer's logic, driven by the Questionnaire resource itself: which items
 * to show, their answer options with their scores (ordinalValue), which are required, the running
 * score, and the QuestionnaireResponse to save. The server scores the saved response with the
 * published rules; the running score here is a guide while filling in.
 */

const ORDINAL = 'http://hl7.org/fhir/StructureDefinition/ordinalValue';

export interface FormOption {
  key: string;
  coding: Coding;
  label: string;
  score?: number;
}

export interface FormItem {
  linkId: string;
  number?: string;
  text: string;
  type: 'choice' | 'display' | 'integer' | 'other';
  required: boolean;
  repeats: boolean;
  readOnly: boolean;
  options: FormOption[];
}

/** Answers by linkId: the chosen option keys. */
export type Answers = Readonly<Record<string, readonly string[]>>;

function flatten(items: readonly QuestionnaireItem[] | undefined): QuestionnaireItem[] {
  return (items ?? []).flatMap((i) => (i.type === 'group' ? flatten(i.item) : [i]));
}

export function formItems(q: Questionnaire): FormItem[] {
  return flatten(q.item).map((item) => ({
    linkId: item.linkId,
    ...(item.prefix ? { number: item.prefix } : {}),
    text: item.text ?? '',
    type:
      item.type === 'choice' || item.type === 'display' || item.type === 'integer'
        ? item.type
        : 'other',
    required: item.required === true,
    repeats: item.repeats === true,
    readOnly: item.readOnly === true,
    options: (item.answerOption ?? []).flatMap((o, i): FormOption[] => {
      if (!o.valueCoding) return [];
      const score = o.extension?.find((e) => e.url === ORDINAL)?.valueDecimal;
      return [
        {
          key: o.valueCoding.code ?? String(i),
          coding: o.valueCoding,
          label: o.valueCoding.display ?? o.valueCoding.code ?? '',
          ...(score !== undefined ? { score } : {}),
        },
      ];
    }),
  }));
}

/** The items a person answers (choice questions). */
export function questions(items: readonly FormItem[]): FormItem[] {
  return items.filter((i) => i.type === 'choice' && !i.readOnly);
}

/** Required questions still unanswered. */
export function unanswered(items: readonly FormItem[], answers: Answers): FormItem[] {
  return questions(items).filter((i) => i.required && (answers[i.linkId] ?? []).length === 0);
}

/** The sum of the chosen options' scores so far, and how many questions are answered. */
export function runningScore(
  items: readonly FormItem[],
  answers: Answers,
): { score: number; answered: number; total: number } {
  let score = 0;
  let answered = 0;
  const qs = questions(items);
  for (const item of qs) {
    const chosen = answers[item.linkId] ?? [];
    if (chosen.length > 0) answered++;
    for (const key of chosen) score += item.options.find((o) => o.key === key)?.score ?? 0;
  }
  return { score, answered, total: qs.length };
}

/** The answers a saved response holds. */
export function answersFrom(items: readonly FormItem[], qr: QuestionnaireResponse): Answers {
  const out: Record<string, string[]> = {};
  const walk = (list: readonly QuestionnaireResponseItem[] | undefined): void => {
    for (const it of list ?? []) {
      const item = items.find((i) => i.linkId === it.linkId);
      if (item) {
        out[it.linkId] = (it.answer ?? [])
          .map((a) => item.options.find((o) => o.coding.code === a.valueCoding?.code)?.key)
          .filter((k): k is string => k !== undefined);
      }
      walk(it.item);
    }
  };
  walk(qr.item);
  return out;
}

/** The response to save: `in-progress` for a draft, `completed` when submitted. */
export function buildResponse(
  q: Questionnaire,
  items: readonly FormItem[],
  answers: Answers,
  input: {
    patientId: string;
    author?: string;
    status: 'in-progress' | 'completed';
    id?: string;
    now?: Date;
  },
): QuestionnaireResponse {
  return {
    resourceType: 'QuestionnaireResponse',
    ...(input.id ? { id: input.id } : {}),
    questionnaire: q.url ?? `Questionnaire/${q.id}`,
    status: input.status,
    subject: { reference: `Patient/${input.patientId}` },
    authored: (input.now ?? new Date()).toISOString(),
    ...(input.author ? { author: { reference: input.author } } : {}),
    item: questions(items).flatMap((item): QuestionnaireResponseItem[] => {
      const chosen = answers[item.linkId] ?? [];
      if (chosen.length === 0) return [];
      return [
        {
          linkId: item.linkId,
          text: item.text,
          answer: chosen.flatMap((key) => {
            const o = item.options.find((x) => x.key === key);
            return o ? [{ valueCoding: o.coding }] : [];
          }),
        },
      ];
    }),
  };
}
