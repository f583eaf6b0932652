import type { Goal } from '@medplum/fhirtypes';
import {
  addActivity,
  addGoal,
  applyTemplate,
  createPlan,
  getPlanView,
  goalHistory,
  listPlans,
  listTemplates,
  planChanges,
  planReviews,
  reviewPlan,
  updateGoal,
  updatePlan,
  type ActivityInput,
  type GoalInput,
  type GoalUpdate,
  type PlanUpdate,
  type ReviewInput,
} from '@careweave/care';
import { OperationOutcomeError, badRequest } from '@medplum/core';
import type { FastifyInstance } from 'fastify';
import {
  AUTHENTICATED,
  bareId,
  ifMatchOf,
  jsonBody,
  queryParam,
  requireScope,
  sendWithVersion,
  type CareApiDeps,
} from './care-http.js';

type IdParams = { Params: { id: string } };
type GoalParams = { Params: { id: string; goalId: string } };
type WithReason<T> = T & { reason?: string };

const reasonOf = (body: { reason?: unknown }): { reason?: string } =>
  typeof body.reason === 'string' && body.reason.trim() ? { reason: body.reason.trim() } : {};

/**
 * The shared care plan API (shapes in packages/care/src/plans/README.md): templates, a
 * patient's plans, the plan view by domain, plan/goal/activity changes with If-Match, template
 * merge, review, changes since the last review, goal history.
 */
export function registerPlanRoutes(app: FastifyInstance, deps: CareApiDeps): void {
  const { repo } = deps;
  const view = async (ctx: Parameters<typeof getPlanView>[1], id: string) =>
    getPlanView(repo, ctx, id);

  app.get('/api/plan-templates', AUTHENTICATED, async (request) => ({
    templates: await listTemplates(repo, request.careweave),
  }));

  app.get('/api/plans', AUTHENTICATED, async (request) => {
    const patient = bareId(queryParam(request, 'patient'), 'Patient');
    if (!patient)
      throw new OperationOutcomeError(
        badRequest('patient is required: GET /api/plans?patient=<id>'),
      );
    const plans = await listPlans(repo, request.careweave, patient);
    return {
      plans: plans.map((p) => ({
        id: p.id,
        title: p.title,
        status: p.status,
        version: p.meta?.versionId,
        lastUpdated: p.meta?.lastUpdated,
        period: p.period,
      })),
    };
  });

  app.post('/api/plans', AUTHENTICATED, async (request, reply) => {
    requireScope(request, 'CarePlan', 'c');
    const body =
      jsonBody<
        WithReason<{ patient: string; template?: string; title?: string; description?: string }>
      >(request);
    const patientId = bareId(body.patient, 'Patient') ?? '';
    const plan = body.template
      ? (
          await applyTemplate(repo, request.careweave, {
            templateId: bareId(body.template, 'PlanDefinition') ?? '',
            patientId,
            ...reasonOf(body),
          })
        ).plan
      : await createPlan(repo, request.careweave, {
          patientId,
          title: body.title ?? '',
          ...(body.description ? { description: body.description } : {}),
          ...reasonOf(body),
        });
    const result = await view(request.careweave, plan.id as string);
    return sendWithVersion(reply.header('Location', `/api/plans/${plan.id}`), 201, result, result);
  });

  app.get<IdParams>('/api/plans/:id', AUTHENTICATED, async (request, reply) => {
    const result = await view(request.careweave, request.params.id);
    return sendWithVersion(reply, 200, result, result);
  });

  app.patch<IdParams>('/api/plans/:id', AUTHENTICATED, async (request, reply) => {
    requireScope(request, 'CarePlan', 'u');
    const body = jsonBody<WithReason<PlanUpdate>>(request);
    await updatePlan(repo, request.careweave, request.params.id, body, {
      ...ifMatchOf(request),
      ...reasonOf(body),
    });
    const result = await view(request.careweave, request.params.id);
    return sendWithVersion(reply, 200, result, result);
  });

  app.post<IdParams>('/api/plans/:id/goals', AUTHENTICATED, async (request, reply) => {
    requireScope(request, 'Goal', 'c');
    const body = jsonBody<WithReason<GoalInput>>(request);
    const { goal } = await addGoal(repo, request.careweave, request.params.id, body, {
      ...ifMatchOf(request),
      ...reasonOf(body),
    });
    const result = await view(request.careweave, request.params.id);
    return sendWithVersion(reply, 201, result, {
      ...result,
      created: { reference: `Goal/${goal.id}` },
    });
  });

  app.patch<GoalParams>('/api/plans/:id/goals/:goalId', AUTHENTICATED, async (request, reply) => {
    requireScope(request, 'Goal', 'u');
    const body = jsonBody<WithReason<GoalUpdate>>(request);
    const goal: Goal = await updateGoal(
      repo,
      request.careweave,
      request.params.id,
      request.params.goalId,
      body,
      { ...ifMatchOf(request), ...reasonOf(body) },
    );
    return sendWithVersion(reply, 200, goal, goal);
  });

  app.get<GoalParams>('/api/plans/:id/goals/:goalId/history', AUTHENTICATED, async (request) => ({
    history: await goalHistory(repo, request.careweave, request.params.goalId),
  }));

  app.post<IdParams>('/api/plans/:id/activities', AUTHENTICATED, async (request, reply) => {
    requireScope(request, 'CarePlan', 'u');
    const body = jsonBody<WithReason<ActivityInput>>(request);
    requireScope(request, body.kind === 'service-request' ? 'ServiceRequest' : 'Task', 'c');
    const { activity } = await addActivity(repo, request.careweave, request.params.id, body, {
      ...ifMatchOf(request),
      ...reasonOf(body),
    });
    const result = await view(request.careweave, request.params.id);
    return sendWithVersion(reply, 201, result, {
      ...result,
      created: { reference: `${activity.resourceType}/${activity.id}` },
    });
  });

  app.post<IdParams>('/api/plans/:id/templates', AUTHENTICATED, async (request, reply) => {
    requireScope(request, 'CarePlan', 'u');
    const body = jsonBody<WithReason<{ template: string }>>(request);
    const current = await repo.read(request.careweave, 'CarePlan', request.params.id);
    const patientId =
      bareId((current as { subject?: { reference?: string } }).subject?.reference, 'Patient') ?? '';
    await applyTemplate(repo, request.careweave, {
      templateId: bareId(body.template, 'PlanDefinition') ?? '',
      patientId,
      into: request.params.id,
      ...ifMatchOf(request),
      ...reasonOf(body),
    });
    const result = await view(request.careweave, request.params.id);
    return sendWithVersion(reply, 200, result, result);
  });

  app.post<IdParams>('/api/plans/:id/review', AUTHENTICATED, async (request, reply) => {
    requireScope(request, 'CarePlan', 'u');
    await reviewPlan(
      repo,
      request.careweave,
      request.params.id,
      jsonBody<ReviewInput>(request),
      ifMatchOf(request),
    );
    const result = await view(request.careweave, request.params.id);
    return sendWithVersion(reply, 200, result, result);
  });

  app.get<IdParams>('/api/plans/:id/reviews', AUTHENTICATED, async (request) => ({
    reviews: await planReviews(repo, request.careweave, request.params.id),
  }));

  app.get<IdParams>('/api/plans/:id/changes', AUTHENTICATED, async (request) => {
    const since = queryParam(request, 'since');
    return planChanges(
      repo,
      request.careweave,
      request.params.id,
      since && since !== 'review' ? { since } : {},
    );
  });
}
