import { OperationOutcomeError, badRequest } from '@medplum/core';
import type { PaymentContract, PaymentMember, PaymentReport } from '@careweave/contract';
import {
  EXAMPLE_CONTRACT,
  parsePaymentContract,
  parsePeriod,
  paymentReport,
} from '@careweave/care';
import type { Repository } from '@careweave/store';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ADMIN_SCOPE } from '../auth/scopes.js';
import { outcome } from '../errors.js';
import { AUTHENTICATED, jsonBody, queryParam, stringField } from './care-http.js';

/** What the payment routes need. */
export interface PaymentDeps {
  repo: Repository;
}

/** Staff roles that see the network's payment figures (the web app shows the page to the same). */
export const PAYMENT_ROLES: readonly string[] = ['programme-manager', 'administrator'];

function requirePaymentRole(request: FastifyRequest): void {
  const identity = request.identity;
  const allowed =
    identity?.kind === 'system'
      ? identity.scopes.includes(ADMIN_SCOPE)
      : identity != null && PAYMENT_ROLES.includes(identity.role);
  if (!allowed) {
    throw new OperationOutcomeError({
      ...outcome('forbidden', 'Only programme managers and administrators see payment figures'),
      id: 'forbidden',
    });
  }
}

interface Asked {
  contract: PaymentContract;
  period?: { start: string; end: string };
  organization?: string;
}

/** A GET asks with the example contract and query parameters. */
function askedByQuery(request: FastifyRequest): Asked {
  const period = queryParam(request, 'period');
  const organization = queryParam(request, 'organization');
  return {
    contract: EXAMPLE_CONTRACT,
    ...(period ? { period: parsePeriod(period) } : {}),
    ...(organization ? { organization } : {}),
  };
}

/** A POST asks with `{contract?, period?, organization?}`. */
function askedByBody(request: FastifyRequest): Asked {
  const body = jsonBody<Record<string, unknown>>(request);
  const period = stringField(body, 'period');
  const organization = stringField(body, 'organization');
  return {
    contract:
      body['contract'] === undefined ? EXAMPLE_CONTRACT : parsePaymentContract(body['contract']),
    ...(period ? { period: parsePeriod(period) } : {}),
    ...(organization ? { organization } : {}),
  };
}

/**
 * Value-based payment (the rules live in care/payment, the SQL in store/payment), for programme
 * managers and administrators, over the claims they may see:
 * - `GET /api/payment/report[?period=YYYY-MM..YYYY-MM]` → PaymentReport under the example contract
 * - `POST /api/payment/report {contract?, period?}` → PaymentReport under the posted contract
 * - `GET /api/payment/members?organization=Organization/…[&period]`, `POST /api/payment/members
 *   {organization, contract?, period?}` → PaymentMember[]: the organisation's attributed members
 */
export function registerPaymentRoutes(app: FastifyInstance, deps: PaymentDeps): void {
  const report = async (request: FastifyRequest, asked: Asked): Promise<PaymentReport> =>
    (await paymentReport(deps.repo, request.careweave, asked.contract, asked.period)).report;
  const members = async (request: FastifyRequest, asked: Asked): Promise<PaymentMember[]> => {
    if (!asked.organization) {
      throw new OperationOutcomeError(badRequest('organization is required', 'organization'));
    }
    const result = await paymentReport(deps.repo, request.careweave, asked.contract, asked.period);
    return result.members.get(asked.organization) ?? [];
  };

  app.get('/api/payment/report', AUTHENTICATED, async (request) => {
    requirePaymentRole(request);
    return report(request, askedByQuery(request));
  });
  app.post('/api/payment/report', AUTHENTICATED, async (request) => {
    requirePaymentRole(request);
    return report(request, askedByBody(request));
  });
  app.get('/api/payment/members', AUTHENTICATED, async (request) => {
    requirePaymentRole(request);
    return members(request, askedByQuery(request));
  });
  app.post('/api/payment/members', AUTHENTICATED, async (request) => {
    requirePaymentRole(request);
    return members(request, askedByBody(request));
  });
}
