import { OperationOutcomeError, badRequest } from '@medplum/core';
import { createAdtFeed, messageDetail, messageRow, reviewView } from '@careweave/care';
import {
  HL7_MESSAGE_STATUSES,
  MATCH_REVIEW_STATUSES,
  type Hl7MessagePage,
  type Hl7MessageStatus,
  type Hl7ReplayResult,
  type MatchDecision,
  type MatchReviewList,
  type MatchReviewStatus,
} from '@careweave/contract';
import type { Repository } from '@careweave/store';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { requireAdministrator } from '../admin/guard.js';
import { jsonBody, queryParam } from '../api/care-http.js';
import { outcome } from '../errors.js';

/** Every route here: a bearer token, and 403 unless its holder administers Careweave. */
const ADMIN = {
  config: { access: 'authenticated' as const },
  preHandler: async (request: FastifyRequest): Promise<void> => requireAdministrator(request),
};

function bad(text: string): OperationOutcomeError {
  return new OperationOutcomeError(badRequest(text));
}

function notFound(text: string): OperationOutcomeError {
  return new OperationOutcomeError({ ...outcome('not-found', text), id: 'not-found' });
}

function instant(request: FastifyRequest, name: string): Date | undefined {
  const value = queryParam(request, name);
  if (value === undefined) return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw bad(`${name} must be a date or date-time`);
  return date;
}

function oneOf<T extends string>(
  request: FastifyRequest,
  name: string,
  allowed: readonly T[],
): T | undefined {
  const value = queryParam(request, name);
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw bad(`${name} must be one of ${allowed.join(', ')}`);
  }
  return value as T;
}

/**
 * The HL7 v2 feed's administration under `/api/hl7`: the message log (filters, keyset paging),
 * replay of a failed message, and the patient-matching review queue. Administrators only.
 */
export function registerHl7Routes(app: FastifyInstance, deps: { repo: Repository }): void {
  const feed = createAdtFeed(deps.repo, { log: app.log });
  const { hl7Messages, matchReviews } = deps.repo.readModels;

  app.get('/api/hl7/messages', ADMIN, async (request): Promise<Hl7MessagePage> => {
    const limit = queryParam(request, 'limit');
    if (limit !== undefined && !/^\d{1,4}$/.test(limit)) throw bad('limit must be a number');
    const before = queryParam(request, 'before');
    if (before !== undefined && !/^\d{1,18}$/.test(before))
      throw bad('before must be a message id');
    const patient = queryParam(request, 'patient');
    const page = await hl7Messages.list({
      status: oneOf<Hl7MessageStatus>(request, 'status', HL7_MESSAGE_STATUSES),
      event: queryParam(request, 'event'),
      sender: queryParam(request, 'sender'),
      controlId: queryParam(request, 'controlId'),
      patientId: patient?.replace(/^Patient\//, ''),
      from: instant(request, 'from'),
      to: instant(request, 'to'),
      before,
      limit: limit === undefined ? undefined : Number(limit),
    });
    return {
      messages: page.messages.map(messageRow),
      ...(page.next ? { next: page.next } : {}),
    };
  });

  app.get<{ Params: { id: string } }>('/api/hl7/messages/:id', ADMIN, async (request) => {
    const message = await hl7Messages.get(request.params.id);
    if (!message) throw notFound(`No HL7 message ${request.params.id}`);
    return messageDetail(message);
  });

  app.post<{ Params: { id: string } }>(
    '/api/hl7/messages/:id/replay',
    ADMIN,
    async (request): Promise<Hl7ReplayResult> => ({
      message: messageRow(await feed.replay(request.params.id)),
    }),
  );

  app.get('/api/hl7/matches', ADMIN, async (request): Promise<MatchReviewList> => {
    const status =
      queryParam(request, 'status') === 'all'
        ? 'all'
        : (oneOf<MatchReviewStatus>(request, 'status', MATCH_REVIEW_STATUSES) ?? 'open');
    const reviews = await matchReviews.list(status);
    const messages = await Promise.all(reviews.map((r) => hl7Messages.get(r.messageId)));
    return { reviews: reviews.map((r, i) => reviewView(r, messages[i])) };
  });

  app.post<{ Params: { id: string } }>(
    '/api/hl7/matches/:id/resolve',
    ADMIN,
    async (request): Promise<Hl7ReplayResult> => {
      const body = jsonBody<Record<string, unknown>>(request);
      let decision: MatchDecision;
      if (body['action'] === 'register') decision = { action: 'register' };
      else if (body['action'] === 'link' && typeof body['patient'] === 'string') {
        if (!/^(Patient\/)?[A-Za-z0-9\-.]{1,64}$/.test(body['patient'])) {
          throw bad('patient must be a Patient reference');
        }
        decision = { action: 'link', patient: body['patient'] };
      } else {
        throw bad('action must be "link" (with patient) or "register"');
      }
      const message = await feed.resolve(request.params.id, decision, request.careweave.actor);
      return { message: messageRow(message) };
    },
  );
}
