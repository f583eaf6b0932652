import { OperationOutcomeError, badRequest } from '@medplum/core';
import type {
  Parameters as FhirParameters,
  ParametersParameter,
  Questionnaire,
  QuestionnaireResponse,
} from '@medplum/fhirtypes';
import {
  AssessmentError,
  ScoreError,
  careError,
  instrumentOf,
  parseAnswerList,
  scoreFrequency,
  scoreResponse,
  summaryOf,
} from '@careweave/care';
import type { Repository } from '@careweave/store';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { requireScope } from '../api/care-http.js';
import { FHIR_JSON, queryOf } from './http.js';

/** The response to score: the body itself, or the `response` parameter of a Parameters body. */
function responseOf(request: FastifyRequest): QuestionnaireResponse | undefined {
  const body = request.body as FhirParameters | QuestionnaireResponse | undefined;
  if (body?.resourceType === 'QuestionnaireResponse') return body;
  if (body?.resourceType === 'Parameters') {
    const p = body.parameter?.find((x) => x.name === 'response');
    if (p?.resource?.resourceType === 'QuestionnaireResponse') return p.resource;
  }
  return undefined;
}

/** `answers=1,0,2,…` from the query or a Parameters body (valueString). */
function answersOf(request: FastifyRequest): string | undefined {
  const fromQuery = queryOf(request).find(([k]) => k === 'answers')?.[1];
  if (fromQuery) return fromQuery;
  const body = request.body as FhirParameters | undefined;
  if (body?.resourceType !== 'Parameters') return undefined;
  return body.parameter?.find((x) => x.name === 'answers')?.valueString;
}

function asParameters(summary: Record<string, unknown>): ParametersParameter[] {
  const out: ParametersParameter[] = [];
  for (const [name, value] of Object.entries(summary)) {
    if (typeof value === 'number') out.push({ name, valueInteger: value });
    else if (typeof value === 'boolean') out.push({ name, valueBoolean: value });
    else if (typeof value === 'string') out.push({ name, valueString: value });
    else if (Array.isArray(value))
      out.push(...value.map((v) => ({ name, valueString: String(v) })));
  }
  out.push({ name: 'summary', valueString: JSON.stringify(summary) });
  return out;
}

/**
 * `POST [base]/Questionnaire/{id}/$score` (Careweave operation): scores answers to an instrument
 * (PHQ-9, PHQ-2, GAD-7, AHC-HRSN — any Questionnaire coded with their LOINC panel) without storing
 * anything, with the same functions the write path and `careweave score` use. In: the
 * QuestionnaireResponse as the body, or a Parameters body with `response` (a
 * QuestionnaireResponse) or `answers` (`1,0,2,…`, item scores in order; also as a query
 * parameter). Out: Parameters `score`, `band` (words as published) and `safety` (PHQ-9 item 9 > 0)
 * or `positive` (PHQ-2; AHC-HRSN: the positive domains), and `summary` — the same one-line JSON
 * object `careweave score` prints. Impossible answers answer 422 naming the item.
 */
export function registerQuestionnaireScore(app: FastifyInstance, repo: Repository): void {
  app.post<{ Params: { id: string } }>(
    '/Questionnaire/:id/$score',
    { config: { access: 'authenticated', interaction: 'operation' } },
    async (request, reply) => {
      requireScope(request, 'Questionnaire', 'r');
      const questionnaire = await repo.read<Questionnaire>(
        request.careweave,
        'Questionnaire',
        request.params.id,
      );
      const instrument = instrumentOf(questionnaire);
      if (!instrument) {
        throw careError(
          AssessmentError.UNKNOWN_INSTRUMENT,
          'business-rule',
          `Questionnaire/${request.params.id} is not an instrument Careweave scores (PHQ-9, PHQ-2, GAD-7, AHC-HRSN)`,
        );
      }
      const response = responseOf(request);
      const answers = answersOf(request);
      let summary: Record<string, unknown>;
      try {
        if (response) {
          summary = summaryOf(scoreResponse(questionnaire, instrument, response));
        } else if (answers !== undefined && instrument.key !== 'ahc-hrsn') {
          summary = scoreFrequency(instrument.key, parseAnswerList(instrument.key, answers));
        } else {
          throw new OperationOutcomeError(
            badRequest(
              `$score needs a QuestionnaireResponse (the body, or the "response" parameter)${instrument.key === 'ahc-hrsn' ? '' : ' or "answers" (1,0,2,…)'}`,
            ),
          );
        }
      } catch (err) {
        if (!(err instanceof ScoreError)) throw err;
        throw careError(
          err.kind === 'too-few-answers'
            ? AssessmentError.TOO_FEW_ANSWERS
            : AssessmentError.IMPOSSIBLE_ANSWER,
          'business-rule',
          err.message,
          err.item !== undefined ? `item[${err.item - 1}]` : undefined,
        );
      }
      const out: FhirParameters = { resourceType: 'Parameters', parameter: asParameters(summary) };
      return reply.status(200).type(FHIR_JSON).send(out);
    },
  );
}
