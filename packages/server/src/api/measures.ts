import { OperationOutcomeError, badRequest } from '@medplum/core';
import {
  AGE_BANDS,
  isSqlMeasureId,
  MEASURE_STRATA,
  type AgeBand,
  type MeasurePerson,
  type MeasureStratum,
} from '@careweave/contract';
import { sqlMeasurePeople, sqlMeasureResults, type MeasureFilters } from '@careweave/care';
import type { Repository } from '@careweave/store';
import type { FastifyRequest } from 'fastify';
import type { FastifyInstance } from 'fastify';
import { periodOf } from '../fhir/evaluate-measure.js';
import { AUTHENTICATED, queryParam, requireScope } from './care-http.js';

/** What the measure routes need. */
export interface MeasureDeps {
  repo: Repository;
}

function filtersOf(request: FastifyRequest): MeasureFilters {
  const f: MeasureFilters = {};
  const ageBand = queryParam(request, 'ageBand');
  if (ageBand !== undefined) {
    if (!(AGE_BANDS as readonly string[]).includes(ageBand)) {
      throw new OperationOutcomeError(
        badRequest(`ageBand must be one of ${AGE_BANDS.join(', ')}`, 'ageBand'),
      );
    }
    f.ageBand = ageBand as AgeBand;
  }
  for (const key of [
    'programme',
    'tier',
    'condition',
    'organization',
    'team',
    'coordinator',
  ] as const) {
    const v = queryParam(request, key);
    if (v !== undefined) f[key] = v;
  }
  return f;
}

/**
 * The dashboards' API (the rules live in care/measures, the SQL in store/measures):
 * - `GET /api/measures/results?periodStart&periodEnd[&programme&tier&condition&ageBand&organization&team&coordinator]`
 *   → MeasureResults: every SQL measure, overall and per organisation / team / coordinator / month,
 *   with 95% confidence intervals, over the people the caller may see
 * - `GET /api/measures/{id}/people?periodStart&periodEnd[&stratum&key&outcome&filters…]` → MeasurePerson[]:
 *   the people behind a measure or one group (drill-down)
 */
export function registerMeasureRoutes(app: FastifyInstance, deps: MeasureDeps): void {
  app.get('/api/measures/results', AUTHENTICATED, async (request) => {
    requireScope(request, 'Measure', 'r');
    const period = periodOf((name) => queryParam(request, name));
    return sqlMeasureResults(deps.repo, request.careweave, period, filtersOf(request));
  });

  app.get<{ Params: { id: string } }>(
    '/api/measures/:id/people',
    AUTHENTICATED,
    async (request) => {
      requireScope(request, 'Measure', 'r');
      const id = request.params.id;
      if (!isSqlMeasureId(id)) {
        throw new OperationOutcomeError(badRequest(`Unknown measure ${id}`, 'id'));
      }
      const period = periodOf((name) => queryParam(request, name));
      const stratum = queryParam(request, 'stratum');
      if (stratum !== undefined && !(MEASURE_STRATA as readonly string[]).includes(stratum)) {
        throw new OperationOutcomeError(
          badRequest(`stratum must be one of ${MEASURE_STRATA.join(', ')}`, 'stratum'),
        );
      }
      const outcome = queryParam(request, 'outcome');
      if (outcome !== undefined && !['numerator', 'missed', 'excluded'].includes(outcome)) {
        throw new OperationOutcomeError(
          badRequest('outcome must be numerator, missed or excluded', 'outcome'),
        );
      }
      const key = queryParam(request, 'key');
      return sqlMeasurePeople(deps.repo, request.careweave, id, period, filtersOf(request), {
        ...(stratum ? { stratum: stratum as MeasureStratum } : {}),
        ...(key !== undefined ? { key } : {}),
        ...(outcome ? { outcome: outcome as MeasurePerson['outcome'] } : {}),
      });
    },
  );
}
