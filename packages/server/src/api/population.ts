import type { Enrolment } from '@careweave/contract';
import { OperationOutcomeError, badRequest } from '@medplum/core';
import {
  CANDIDATE_FILTERS,
  enrolFromQueue,
  enrolmentCandidates,
  isTier,
  overrideRiskTier,
  populationSummary,
  REGISTRY_LIST,
  type CandidateParams,
} from '@careweave/care';
import type { Repository } from '@careweave/store';
import type { FastifyInstance } from 'fastify';
import { requireScope } from './care-http.js';

/** What the population routes need. */
export interface PopulationDeps {
  /** The Repository with care/access's write hooks (the one write path). */
  repo: Repository;
}

const body = (value: unknown): Record<string, unknown> => {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new OperationOutcomeError(badRequest('Body must be a JSON object'));
  }
  return value as Record<string, unknown>;
};
const optionalString = (b: Record<string, unknown>, key: string): string | undefined => {
  const v = b[key];
  if (v !== undefined && v !== null && typeof v !== 'string')
    throw new OperationOutcomeError(badRequest(`${key} must be a string`));
  return typeof v === 'string' ? v : undefined;
};

/**
 * The population view's API; handlers are thin, the rules live in care/risk:
 * - `GET /api/population/summary` → tier counts (enrolled / not) and the last stratification run
 * - `GET /api/population/candidates?tier=&condition=&organization=&minAge=&maxAge=&socialNeed=&sort=&cursor=&count=`
 *   → `{ items: [...], next? }`, people not yet enrolled, highest risk first, with explanations
 * - `GET /api/population/filters` → the allowed filter values
 * - `POST /api/population/enrol {patient, coordinator?, reason?}` → 201 `{episode, careTeam}` through the roster's
 *   enrolment (409 if already enrolled); the person leaves the queue at once
 * - `POST /api/population/override {patient, tier | null, reason}` → 201 RiskAssessment (the override)
 */
export function registerPopulationRoutes(app: FastifyInstance, deps: PopulationDeps): void {
  const auth = { config: { access: 'authenticated' } } as const;

  app.get('/api/population/summary', auth, async (request) =>
    populationSummary(deps.repo, request.careweave),
  );

  app.get<{ Querystring: CandidateParams }>('/api/population/candidates', auth, async (request) =>
    enrolmentCandidates(deps.repo, request.careweave, request.query),
  );

  app.get('/api/population/filters', auth, async () => ({
    ...CANDIDATE_FILTERS,
    registries: REGISTRY_LIST,
  }));

  app.post('/api/population/enrol', auth, async (request, reply) => {
    requireScope(request, 'EpisodeOfCare', 'c');
    const b = body(request.body);
    const patient = optionalString(b, 'patient');
    if (!patient)
      throw new OperationOutcomeError(
        badRequest(
          'Body must be JSON {"patient": "Patient/<id>", "coordinator"?: "Practitioner/<id>", "reason"?: "<why>"}',
        ),
      );
    const result = await enrolFromQueue(deps.repo, request.careweave, {
      patient,
      coordinator: optionalString(b, 'coordinator'),
      reason: optionalString(b, 'reason'),
    });
    const answer: Enrolment = result;
    return reply.status(201).send(answer);
  });

  app.post('/api/population/override', auth, async (request, reply) => {
    requireScope(request, 'RiskAssessment', 'c');
    const b = body(request.body);
    const patient = optionalString(b, 'patient');
    const tier = b['tier'];
    if (!patient || !(tier === null || isTier(tier))) {
      throw new OperationOutcomeError(
        badRequest(
          'Body must be JSON {"patient": "Patient/<id>", "tier": "very-high"|"high"|"rising"|"low"|null, "reason": "<why>"}',
        ),
      );
    }
    const assessment = await overrideRiskTier(deps.repo, request.careweave, {
      patient,
      tier,
      reason: optionalString(b, 'reason') ?? '',
    });
    return reply.status(201).send(assessment);
  });
}
