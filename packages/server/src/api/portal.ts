import {
  addPriority,
  assignQuestionnaire,
  changeMyConsent,
  commentOnGoal,
  markActivityDone,
  myAccessLog,
  myConsent,
  myPlan,
  myQuestionnaires,
  myReferrals,
  myTeam,
  myThread,
  myThreads,
  portalSubject,
  sendMyMessage,
  submitQuestionnaire,
} from '@careweave/care';
import type { ConsentUpdate, PortalHome, QuestionnaireAssignment } from '@careweave/contract';
import type { QuestionnaireResponse } from '@medplum/fhirtypes';
import type { FastifyInstance } from 'fastify';
import {
  AUTHENTICATED,
  bareId,
  ifMatchOf,
  jsonBody,
  requireScope,
  sendWithVersion,
  type CareApiDeps,
} from './care-http.js';
import {
  readActivityDone,
  readComment,
  readPortalMessage,
  readPriority,
  readQuestionnaireAssignment,
} from './portal-bodies.js';

type IdParams = { Params: { id: string } };

/**
 * The person's own portal (`/api/me/…`, care/portal/README.md): a patient, or a family caregiver
 * with a proxy grant, reads and changes the patient's record. Handlers are thin; whose record it
 * is, what a caregiver may open and what only the person may change are decided in care/portal.
 */
export function registerPortalRoutes(app: FastifyInstance, deps: CareApiDeps): void {
  const { repo } = deps;

  app.get('/api/me', AUTHENTICATED, async (request): Promise<PortalHome> => {
    const { viewer, person, sections } = await portalSubject(repo, request.careweave);
    return { viewer, person, sections };
  });

  app.get('/api/me/plan', AUTHENTICATED, async (request) => myPlan(repo, request.careweave));

  app.post('/api/me/priorities', AUTHENTICATED, async (request, reply) => {
    requireScope(request, 'Goal', 'c');
    const plan = await addPriority(repo, request.careweave, readPriority(request.body));
    return reply.status(201).send(plan);
  });

  app.post<IdParams>('/api/me/goals/:id/comments', AUTHENTICATED, async (request, reply) => {
    requireScope(request, 'Goal', 'u');
    const plan = await commentOnGoal(
      repo,
      request.careweave,
      request.params.id,
      readComment(request.body),
    );
    return reply.status(201).send(plan);
  });

  app.post<IdParams>('/api/me/activities/:id/done', AUTHENTICATED, async (request) => {
    requireScope(request, 'Task', 'u');
    return markActivityDone(
      repo,
      request.careweave,
      request.params.id,
      readActivityDone(request.body),
    );
  });

  app.get('/api/me/team', AUTHENTICATED, async (request) => myTeam(repo, request.careweave));

  app.get('/api/me/messages', AUTHENTICATED, async (request) => myThreads(repo, request.careweave));

  app.post('/api/me/messages', AUTHENTICATED, async (request, reply) => {
    requireScope(request, 'Communication', 'c');
    const sent = await sendMyMessage(
      repo,
      request.careweave,
      readPortalMessage(request.body, false),
    );
    return reply.status(201).send(sent);
  });

  app.get<IdParams>('/api/me/messages/:id', AUTHENTICATED, async (request) =>
    myThread(repo, request.careweave, request.params.id),
  );

  app.post<IdParams>('/api/me/messages/:id', AUTHENTICATED, async (request, reply) => {
    requireScope(request, 'Communication', 'c');
    const sent = await sendMyMessage(repo, request.careweave, {
      ...readPortalMessage(request.body, true),
      thread: request.params.id,
    });
    return reply.status(201).send(sent);
  });

  app.get('/api/me/questionnaires', AUTHENTICATED, async (request) =>
    myQuestionnaires(repo, request.careweave),
  );

  app.post<IdParams>('/api/me/questionnaires/:id', AUTHENTICATED, async (request, reply) => {
    requireScope(request, 'QuestionnaireResponse', 'c');
    const body = jsonBody<QuestionnaireResponse>(request);
    return reply
      .status(201)
      .send(await submitQuestionnaire(repo, request.careweave, request.params.id, body));
  });

  app.get('/api/me/referrals', AUTHENTICATED, async (request) =>
    myReferrals(repo, request.careweave),
  );

  app.get('/api/me/consent', AUTHENTICATED, async (request, reply) => {
    const consent = await myConsent(repo, request.careweave);
    return sendWithVersion(reply, 200, consent.consent, consent);
  });

  app.put('/api/me/consent', AUTHENTICATED, async (request, reply) => {
    requireScope(request, 'Consent', 'u');
    const consent = await changeMyConsent(
      repo,
      request.careweave,
      jsonBody<ConsentUpdate>(request),
      ifMatchOf(request),
    );
    return sendWithVersion(reply, 200, consent.consent, consent);
  });

  app.get('/api/me/access-log', AUTHENTICATED, async (request) =>
    myAccessLog(repo, request.careweave),
  );

  // The team's side: ask a person to fill in a questionnaire from their portal.
  app.post('/api/assessments/assignments', AUTHENTICATED, async (request, reply) => {
    requireScope(request, 'Task', 'c');
    const { patient, ...assignment } = readQuestionnaireAssignment(request.body);
    const task = await assignQuestionnaire(repo, request.careweave, {
      ...assignment,
      patientId: bareId(patient, 'Patient') ?? '',
    });
    const created: QuestionnaireAssignment = { task };
    return reply.status(201).send(created);
  });
}
