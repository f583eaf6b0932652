import type { Task } from '@medplum/fhirtypes';
import {
  addTaskNote,
  createTask,
  reassignTasks,
  transitionTask,
  worklist,
  type TaskStatus,
  type WorklistParams,
} from '@careweave/care';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  AUTHENTICATED,
  bareId,
  ifMatchOf,
  queryParam,
  requireScope,
  sendWithVersion,
  type CareApiDeps,
} from './care-http.js';
import {
  readBulkTaskReassign,
  readNewTask,
  readTaskNote,
  readTaskReassign,
  readTaskTransition,
} from './request-bodies.js';

type IdParams = { Params: { id: string } };

/**
 * Tasks and the worklist (see packages/care/src/tasks/README.md for the request and response
 * shapes): GET /api/worklist, POST /api/tasks, GET /api/tasks/:id, POST /api/tasks/:id/status,
 * /hold, /resume, /complete, /cancel, /reassign, /notes, and POST /api/tasks/reassign (bulk).
 */
export function registerTaskRoutes(app: FastifyInstance, deps: CareApiDeps): void {
  const { repo } = deps;

  app.get('/api/worklist', AUTHENTICATED, async (request) => {
    const count = queryParam(request, 'count');
    const params: WorklistParams = {};
    for (const key of [
      'scope',
      'status',
      'patient',
      'type',
      'due',
      'organization',
      'careTeam',
      'cursor',
    ] as const) {
      const value = queryParam(request, key);
      if (value !== undefined) (params as Record<string, string>)[key] = value;
    }
    if (count !== undefined) params.count = Number.parseInt(count, 10) || 50;
    return worklist(repo, request.careweave, params);
  });

  app.post('/api/tasks', AUTHENTICATED, async (request, reply) => {
    requireScope(request, 'Task', 'c');
    const body = readNewTask(request.body);
    const task = await createTask(repo, request.careweave, {
      ...body,
      patientId: bareId(body.patient, 'Patient') ?? '',
    });
    return sendWithVersion(reply, 201, task, task);
  });

  app.get<IdParams>('/api/tasks/:id', AUTHENTICATED, async (request, reply) => {
    const task = await repo.read<Task>(request.careweave, 'Task', request.params.id);
    return sendWithVersion(reply, 200, task, task);
  });

  const transition =
    (to: TaskStatus | undefined) =>
    async (request: FastifyRequest<IdParams>, reply: FastifyReply) => {
      requireScope(request, 'Task', 'u');
      const body = readTaskTransition(request.body, to !== undefined);
      const target = to ?? body.status;
      const task = await transitionTask(
        repo,
        request.careweave,
        request.params.id,
        {
          to: target as TaskStatus,
          ...(body.reason ? { reason: body.reason } : {}),
          ...(body.outcome ? { outcome: body.outcome } : {}),
        },
        ifMatchOf(request),
      );
      return sendWithVersion(reply, 200, task, task);
    };
  app.post<IdParams>('/api/tasks/:id/status', AUTHENTICATED, transition(undefined));
  app.post<IdParams>('/api/tasks/:id/hold', AUTHENTICATED, transition('on-hold'));
  app.post<IdParams>('/api/tasks/:id/resume', AUTHENTICATED, transition('in-progress'));
  app.post<IdParams>('/api/tasks/:id/complete', AUTHENTICATED, transition('completed'));
  app.post<IdParams>('/api/tasks/:id/cancel', AUTHENTICATED, transition('cancelled'));

  app.post<IdParams>('/api/tasks/:id/reassign', AUTHENTICATED, async (request, reply) => {
    requireScope(request, 'Task', 'u');
    const body = readTaskReassign(request.body);
    const [task] = await reassignTasks(repo, request.careweave, [request.params.id], body.owner, {
      ...ifMatchOf(request),
      ...(body.reason ? { reason: body.reason } : {}),
    });
    const current = task ?? (await repo.read<Task>(request.careweave, 'Task', request.params.id));
    return sendWithVersion(reply, 200, current, current);
  });

  app.post<IdParams>('/api/tasks/:id/notes', AUTHENTICATED, async (request, reply) => {
    requireScope(request, 'Task', 'u');
    const task = await addTaskNote(
      repo,
      request.careweave,
      request.params.id,
      readTaskNote(request.body).text,
      ifMatchOf(request),
    );
    return sendWithVersion(reply, 200, task, task);
  });

  app.post('/api/tasks/reassign', AUTHENTICATED, async (request) => {
    requireScope(request, 'Task', 'u');
    const body = readBulkTaskReassign(request.body);
    const tasks = await reassignTasks(
      repo,
      request.careweave,
      body.tasks.map((t) => bareId(t, 'Task') ?? t),
      body.owner,
      body.reason ? { reason: body.reason } : {},
    );
    return { tasks };
  });
}
