import { OperationOutcomeError, badRequest } from '@medplum/core';
import { EVALUATION_OUTCOMES, type EvaluationOutcome, type ModelCard } from '@careweave/contract';
import {
  assertEvaluationAccess,
  evaluateFromRepository,
  modelCardFromRepository,
} from '@careweave/care';
import type { Repository } from '@careweave/store';
import type { FastifyInstance } from 'fastify';
import { AUTHENTICATED, queryParam } from './care-http.js';

/** What the evaluation route needs. */
export interface EvaluationDeps {
  repo: Repository;
}

/**
 * The programme evaluation (rules in care/evaluation):
 * - `GET /api/evaluation[?outcome=admissions|ed|cost]` → ProgrammeEvaluation: the enrolled
 *   against a matched comparison group, difference-in-differences 12 months before and after
 *   enrolment with 95% intervals, balance table and event study. Programme managers,
 *   administrators and system clients (403 otherwise); 422 when the data are too few.
 * - `GET /api/risk/model-card` → ModelCard: the admission model's card (ONC HTI-1 source
 *   attributes, performance overall and by subgroup, fairness audit; care/risk/model-card.ts).
 *   Same callers; 422 when no admissions or ED visits are recorded.
 */
export function registerEvaluationRoutes(app: FastifyInstance, deps: EvaluationDeps): void {
  app.get('/api/evaluation', AUTHENTICATED, async (request) => {
    assertEvaluationAccess(request.identity);
    const outcome = queryParam(request, 'outcome') ?? 'admissions';
    if (!(EVALUATION_OUTCOMES as readonly string[]).includes(outcome)) {
      throw new OperationOutcomeError(
        badRequest(`outcome must be one of ${EVALUATION_OUTCOMES.join(', ')}`, 'outcome'),
      );
    }
    return evaluateFromRepository(deps.repo, { outcome: outcome as EvaluationOutcome });
  });
  app.get('/api/risk/model-card', AUTHENTICATED, async (request): Promise<ModelCard> => {
    assertEvaluationAccess(request.identity);
    return modelCardFromRepository(deps.repo);
  });
}
