import { getThread, listThreads, markRead, postMessage, unreadSummary } from '@careweave/care';
import { OperationOutcomeError, badRequest } from '@medplum/core';
import type { FastifyInstance } from 'fastify';
import { AUTHENTICATED, bareId, queryParam, requireScope, type CareApiDeps } from './care-http.js';
import { readNewMessage, readNewThread } from './request-bodies.js';

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
    const { patient, topic, text } = readNewThread(request.body);
    const message = await postMessage(repo, request.careweave, {
      patientId: bareId(patient, 'Patient') ?? '',
      ...(topic === undefined ? {} : { topic }),
      text,
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
        text: readNewMessage(request.body).text,
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
