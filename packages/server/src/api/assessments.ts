import type {
  AcceptSuggestionRequest,
  DismissSuggestionRequest,
  DismissedSuggestion,
  InstrumentList,
  SuggestionList,
} from '@careweave/contract';
import {
  INSTRUMENTS,
  INSTRUMENT_KEYS,
  acceptSuggestion,
  assessmentSummary,
  dismissSuggestion,
  listSuggestions,
} from '@careweave/care';
import { OperationOutcomeError, badRequest } from '@medplum/core';
import type { FastifyInstance } from 'fastify';
import {
  AUTHENTICATED,
  bareId,
  jsonBody,
  queryParam,
  requireScope,
  type CareApiDeps,
} from './care-http.js';

type IdParams = { Params: { id: string } };

function patientParam(value: string | undefined): string {
  const id = bareId(value, 'Patient');
  if (!id || !/^[A-Za-z0-9\-.]{1,64}$/.test(id)) {
    throw new OperationOutcomeError(badRequest('patient=<id> is required', 'patient'));
  }
  return id;
}

/**
 * Assessments (care/assessments/README.md): the instruments, a patient's assessment summary, and
 * the suggestions the rules make (accept onto the care plan, or dismiss with a reason). Filling
 * an instrument is a plain FHIR write of a QuestionnaireResponse (`POST /fhir/R4/QuestionnaireResponse`),
 * so every rule runs on it whichever door it comes through.
 */
export function registerAssessmentRoutes(app: FastifyInstance, deps: CareApiDeps): void {
  const { repo } = deps;

  app.get('/api/assessments/instruments', AUTHENTICATED, async (): Promise<InstrumentList> => ({
    instruments: INSTRUMENT_KEYS.map((key) => ({
      key,
      id: INSTRUMENTS[key].id,
      title: INSTRUMENTS[key].title,
      questionnaire: `Questionnaire/${INSTRUMENTS[key].id}`,
      items: INSTRUMENTS[key].items.length,
    })),
  }));

  app.get('/api/assessments/summary', AUTHENTICATED, async (request) =>
    assessmentSummary(repo, request.careweave, patientParam(queryParam(request, 'patient'))),
  );

  app.get(
    '/api/assessments/suggestions',
    AUTHENTICATED,
    async (request): Promise<SuggestionList> => ({
      suggestions: await listSuggestions(
        repo,
        request.careweave,
        patientParam(queryParam(request, 'patient')),
      ),
    }),
  );

  app.post<IdParams>('/api/assessments/suggestions/:id/accept', AUTHENTICATED, async (request) => {
    for (const type of ['CarePlan', 'Goal', 'Task', 'ServiceRequest'])
      requireScope(request, type, type === 'CarePlan' || type === 'Goal' ? 'u' : 'c');
    const body = (
      request.body && typeof request.body === 'object' ? request.body : {}
    ) as AcceptSuggestionRequest;
    return acceptSuggestion(repo, request.careweave, request.params.id, {
      ...(typeof body.service === 'string' ? { service: body.service } : {}),
      ...(typeof body.reason === 'string' ? { reason: body.reason } : {}),
    });
  });

  app.post<IdParams>('/api/assessments/suggestions/:id/dismiss', AUTHENTICATED, async (request) => {
    requireScope(request, 'Task', 'u');
    const body = jsonBody<{ [K in keyof DismissSuggestionRequest]?: unknown }>(request);
    const task = await dismissSuggestion(
      repo,
      request.careweave,
      request.params.id,
      typeof body.reason === 'string' ? body.reason : '',
    );
    const answer: DismissedSuggestion = { task };
    return answer;
  });
}
