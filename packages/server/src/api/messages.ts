import { getThread, listThreads, markRead, postMessage, unreadSummary } from '@careweave/care';
import { OperationOutcomeError, badRequest } from '@medplum/core';
import type { FastifyInstance } from 'fastify';
import {
  AUTHENTICATED,
  bareId,
  jsonBody,
  queryParam,
  requireScope,
  stringField,
  type CareApiDeps,
} from './care-http.js';

type IdParams = { Params: { id: string } };

/**
 * Patient-level team message threads (Communication), mentions and unread counts (shapes in
 * packages/care/src/tasks/README.md "Messages").
 */
export function registerMessageRoutes(app: FastifyInstance, deps: CareApiDeps): void {
  const { repo } = deps;

  app.get('/api/messages/threads', AUTHENTICATED, async (request) => {
    const patient = bareId(queryParam(request, 'patient'), 'Patient');
    if (!patient)
      throw new OperationOutcomeError(
        badRequest('patient is required: GET /api/messages/threads?patient=<id>'),
      );
    return { threads: await listThreads(repo, request.careweave, patient) };
  });

  app.post('/api/messages/threads', AUTHENTICATED, async (request, reply) => {
    requireScope(request, 'Communication', 'c');
    const body = jsonBody<object>(request);
    const topic = stringField(body, 'topic');
    const message = await postMessage(repo, request.careweave, {
      patientId: bareId(stringField(body, 'patient'), 'Patient') ?? '',
      ...(topic === undefined ? {} : { topic }),
      text: stringField(body, 'text') ?? '',
    });
    return reply.status(201).send({ thread: message.id, message });
  });

  app.get<IdParams>('/api/messages/threads/:id', AUTHENTICATED, async (request) =>
    getThread(repo, request.careweave, request.params.id),
  );

  app.post<IdParams>(
    '/api/messages/threads/:id/messages',
    AUTHENTICATED,
    async (request, reply) => {
      requireScope(request, 'Communication', 'c');
      const message = await postMessage(repo, request.careweave, {
        thread: request.params.id,
        text: stringField(jsonBody<object>(request), 'text') ?? '',
      });
      return reply.status(201).send({ thread: request.params.id, message });
    },
  );

  app.post<IdParams>('/api/messages/threads/:id/read', AUTHENTICATED, async (request, reply) => {
    await markRead(repo, request.careweave, request.params.id);
    return reply.status(204).send();
  });

  app.get('/api/messages/unread', AUTHENTICATED, async (request) =>
    unreadSummary(repo, request.careweave),
  );
}
