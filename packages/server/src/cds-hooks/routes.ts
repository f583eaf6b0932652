/**
 * CDS Hooks 2.0 at the server root (https://cds-hooks.hl7.org/2.0/):
 * - `GET /cds-services` → discovery (public, as the specification has it)
 * - `POST /cds-services/{id}` → cards for `patient-view` / `order-sign`
 * - `POST /cds-services/{id}/feedback` → accepted / overridden (with a reason)
 * and `GET /api/decision-support/rates` (acceptance per rule, for programme managers).
 * The rules live in care/decision-support; these handlers only authenticate and translate.
 */
import { OperationOutcomeError } from '@medplum/core';
import {
  acceptanceRates,
  callService,
  discoveryEntry,
  DECISION_SERVICES,
  recordFeedback,
  requireService,
} from '@careweave/care';
import type { CdsDiscoveryResponse } from '@careweave/contract';
import type { Database, Repository } from '@careweave/store';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AuthConfig } from '../auth/config.js';
import { bearerToken, sendUnauthorized } from '../auth/guard.js';
import { InvalidTokenError } from '../auth/tokens.js';
import { originOf } from '../auth/oauth-common.js';
import { outcome } from '../errors.js';
import { AUTHENTICATED } from '../api/care-http.js';
import { callerContext, verifyCaller, type VerifiedCaller } from './caller.js';

/** What the CDS Hooks routes need. */
export interface CdsHooksDeps {
  db: Database;
  repo: Repository;
  auth: AuthConfig;
  publicBaseUrl?: string;
}

/** Prefetch and draft orders can be large; still far below the FHIR API's limit. */
const CDS_BODY_LIMIT = 8 * 1024 * 1024;

const callers = new WeakMap<FastifyRequest, VerifiedCaller>();

function forbidden(text: string): OperationOutcomeError {
  return new OperationOutcomeError({ ...outcome('forbidden', text), id: 'forbidden' });
}

/** The `context.userId` of a hook request body, if any (the EHR's user). */
function userIdOf(body: unknown): string | undefined {
  const context = (body as { context?: { userId?: unknown } } | null)?.context;
  return typeof context?.userId === 'string' ? context.userId : undefined;
}

export function registerCdsHooksRoutes(app: FastifyInstance, deps: CdsHooksDeps): void {
  /** Before the body is read: a verified token, or 401 (an anonymous caller cannot make us parse 8 MB). */
  async function authenticate(
    request: FastifyRequest<{ Params: { id: string } }>,
    reply: FastifyReply,
  ): Promise<FastifyReply | undefined> {
    const token = bearerToken(request);
    if (!token) {
      return sendUnauthorized(
        reply,
        'Authentication required: a Careweave access token or a registered CDS client JWT',
        false,
      );
    }
    const path = request.url.split('?', 1)[0] ?? request.url;
    // aud is the service's URL (the feedback endpoint is the service's too).
    const serviceUrl = `${originOf(request, deps.publicBaseUrl)}${path.replace(/\/feedback$/, '')}`;
    try {
      callers.set(request, await verifyCaller(deps.db, deps.auth, token, serviceUrl));
    } catch (err) {
      if (err instanceof InvalidTokenError) return sendUnauthorized(reply, err.message, true);
      throw err;
    }
    return undefined;
  }

  async function contextOf(request: FastifyRequest, userId: string | undefined) {
    const caller = callers.get(request);
    if (!caller) throw forbidden('Not authenticated');
    const ctx = await callerContext(deps.db, deps.auth, caller, userId);
    if (!ctx) {
      throw forbidden(
        caller.kind === 'client'
          ? 'context.userId names no staff account of this Careweave'
          : 'CDS services answer members of the care team',
      );
    }
    return ctx;
  }

  async function shownTo(serviceId: string, body: unknown): Promise<string | undefined> {
    const first = (body as { feedback?: { card?: unknown }[] } | null)?.feedback?.[0]?.card;
    if (typeof first !== 'string') return undefined;
    return (await deps.repo.readModels.cdsHooks.getCard(serviceId, first))?.issuedTo;
  }

  const hookRoute = {
    config: { access: 'public' as const },
    bodyLimit: CDS_BODY_LIMIT,
    onRequest: authenticate,
  };

  app.get('/cds-services', { config: { access: 'public' } }, async () => {
    const body: CdsDiscoveryResponse = { services: DECISION_SERVICES.map(discoveryEntry) };
    return body;
  });

  app.post<{ Params: { id: string } }>('/cds-services/:id', hookRoute, async (request) => {
    requireService(request.params.id); // 404 before anything else
    const ctx = await contextOf(request, userIdOf(request.body));
    return callService(deps.repo, ctx, request.params.id, request.body);
  });

  app.post<{ Params: { id: string } }>(
    '/cds-services/:id/feedback',
    hookRoute,
    async (request, reply) => {
      requireService(request.params.id);
      // Feedback carries no context: an EHR's feedback is its user's, the one the card was shown to.
      const ctx = await contextOf(request, await shownTo(request.params.id, request.body));
      await recordFeedback(deps.repo, ctx, request.params.id, request.body);
      return reply.code(200).send({});
    },
  );

  app.get('/api/decision-support/rates', AUTHENTICATED, async (request) => {
    const identity = request.identity;
    if (
      identity?.kind !== 'user' ||
      !['programme-manager', 'administrator'].includes(identity.role)
    ) {
      throw forbidden('Acceptance rates are for programme managers and administrators');
    }
    return acceptanceRates(deps.repo);
  });
}
