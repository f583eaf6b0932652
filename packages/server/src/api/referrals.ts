import {
  actOnReferral,
  createReferral,
  isReferralAction,
  listReferrals,
  readReferralTask,
  referralMetrics,
  runReferralReminders,
  summariseReferral,
} from '@careweave/care';
import type {
  NewReferral,
  ReferralActionInput,
  ReferralInboxTab,
  ReferralReminderRun,
} from '@careweave/contract';
import { OperationOutcomeError, badRequest } from '@medplum/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  AUTHENTICATED,
  ifMatchOf,
  jsonBody,
  queryParam,
  requireScope,
  sendWithVersion,
  type CareApiDeps,
} from './care-http.js';
import { reminderConfigFromEnv } from '../jobs/referral-reminders.js';

type IdParams = { Params: { id: string } };

/** 403 for a patient or caregiver (and the extra roles named), whose portal is `/api/me`. */
function refusePersonalRoles(
  request: FastifyRequest,
  text: string,
  alsoRefused: readonly string[] = [],
): void {
  const role = request.identity?.kind === 'user' ? request.identity.role : undefined;
  if (role === 'patient' || role === 'caregiver' || (role && alsoRefused.includes(role))) {
    throw new OperationOutcomeError({ ...badRequest(text), id: 'forbidden' });
  }
}
type ActionParams = { Params: { id: string; action: string } };

/** Options of the referral routes: the reminders' clock and settings (tests inject them). */
export interface ReferralRouteOptions {
  runReminders?: () => Promise<ReferralReminderRun>;
}

/**
 * Closed-loop referrals (packages/care/src/referrals/README.md): the receiving organisation's
 * inbox, the requesting side's lists, creating a referral, the actions on it, metrics and the
 * reminders run on demand.
 */
export function registerReferralRoutes(
  app: FastifyInstance,
  deps: CareApiDeps,
  options: ReferralRouteOptions = {},
): void {
  const { repo } = deps;
  const tab = (value: string | undefined): ReferralInboxTab | undefined =>
    value as ReferralInboxTab | undefined;

  app.get('/api/referrals/inbox', AUTHENTICATED, async (request) =>
    listReferrals(repo, request.careweave, {
      view: 'inbox',
      ...(queryParam(request, 'tab') ? { tab: tab(queryParam(request, 'tab')) } : {}),
    }),
  );

  app.get('/api/referrals', AUTHENTICATED, async (request) => {
    const patient = queryParam(request, 'patient');
    const requester = queryParam(request, 'requester');
    const t = queryParam(request, 'tab');
    return listReferrals(repo, request.careweave, {
      view: 'sent',
      ...(patient ? { patient } : {}),
      ...(requester && requester !== 'me' ? { requester } : {}),
      ...(t ? { tab: tab(t) } : {}),
    });
  });

  app.get('/api/referrals/metrics', AUTHENTICATED, async (request) => {
    // Programme figures are for the people who run the network, not for one person's portal.
    refusePersonalRoles(request, 'Referral metrics are for staff');
    const since = queryParam(request, 'since');
    return referralMetrics(repo, request.careweave, since ? { since } : {});
  });

  app.post('/api/referrals/reminders/run', AUTHENTICATED, async (request) => {
    requireScope(request, 'Task', 'c');
    refusePersonalRoles(request, 'Only care staff run the referral reminders', [
      'community-organisation',
    ]);
    return options.runReminders
      ? options.runReminders()
      : runReferralReminders(repo, new Date(), reminderConfigFromEnv());
  });

  app.post('/api/referrals', AUTHENTICATED, async (request, reply) => {
    requireScope(request, 'ServiceRequest', 'c');
    const created = await createReferral(repo, request.careweave, jsonBody<NewReferral>(request));
    const referral = summariseReferral(created.task, created.serviceRequest, undefined, new Date());
    return sendWithVersion(reply, 201, created.task, { ...created, referral });
  });

  app.get<IdParams>('/api/referrals/:id', AUTHENTICATED, async (request, reply) => {
    const task = await readReferralTask(repo, request.careweave, request.params.id);
    const list = await listReferrals(repo, request.careweave, {
      view: 'sent',
      patient: task.for?.reference ?? '',
    }).catch(() => undefined);
    const found = list?.items.find((r) => r.id === task.id);
    return sendWithVersion(
      reply,
      200,
      task,
      found ?? summariseReferral(task, undefined, undefined, new Date()),
    );
  });

  app.post<ActionParams>('/api/referrals/:id/:action', AUTHENTICATED, async (request, reply) => {
    requireScope(request, 'Task', 'u');
    const { id, action } = request.params;
    if (!isReferralAction(action)) {
      throw new OperationOutcomeError(
        badRequest(
          `Unknown referral action ${action}: accept, decline, start, hold, resume, complete, fail, cancel, update`,
        ),
      );
    }
    const body = (
      request.body && typeof request.body === 'object' ? request.body : {}
    ) as ReferralActionInput;
    const task = await actOnReferral(repo, request.careweave, id, action, body, ifMatchOf(request));
    return sendWithVersion(
      reply,
      200,
      task,
      summariseReferral(task, undefined, undefined, new Date()),
    );
  });
}
