import { OperationOutcomeError, badRequest } from '@medplum/core';
import type { WhoNeedsMeResponse } from '@careweave/contract';
import { whoNeedsMe } from '@careweave/care';
import type { Repository } from '@careweave/store';
import type { FastifyInstance } from 'fastify';
import { AUTHENTICATED, queryParam } from './care-http.js';

/**
 * "Who needs me today" (rules in care/today):
 * - `GET /api/who-needs-me[?coordinator=Practitioner/<id>][&limit=1..200]` → WhoNeedsMeResponse:
 *   the coordinator's caseload (default: the caller's) ranked by risk tier and recent events, each
 *   person with the reasons in words; people who opted out of automated recommendations are not
 *   ranked. Care staff and system clients (a system client names the coordinator, else 400);
 *   patients and caregivers 403.
 */
export function registerTodayRoutes(app: FastifyInstance, deps: { repo: Repository }): void {
  app.get('/api/who-needs-me', AUTHENTICATED, async (request): Promise<WhoNeedsMeResponse> => {
    const limitText = queryParam(request, 'limit');
    const limit = limitText === undefined ? 50 : Number(limitText);
    if (!Number.isInteger(limit) || limit < 1 || limit > 200) {
      throw new OperationOutcomeError(
        badRequest('limit must be an integer from 1 to 200', 'limit'),
      );
    }
    const coordinator = queryParam(request, 'coordinator');
    return whoNeedsMe(deps.repo, request.careweave, {
      limit,
      ...(coordinator ? { coordinator } : {}),
    });
  });
}
