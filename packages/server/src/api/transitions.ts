import {
  medicationReconciliation,
  recordMedicationReconciliation,
  transitionSummary,
} from '@careweave/care';
import type { ReconciliationInput } from '@careweave/contract';
import type { FastifyInstance } from 'fastify';
import {
  AUTHENTICATED,
  jsonBody,
  queryParam,
  requireScope,
  type CareApiDeps,
} from './care-http.js';

type PatientParams = { Params: { patientId: string } };

/**
 * Transitions of care (packages/care/src/transitions/README.md): GET
 * /api/transitions/patients/:patientId (stays and their tasks), GET and POST
 * /api/transitions/patients/:patientId/medication-reconciliation.
 */
export function registerTransitionRoutes(app: FastifyInstance, deps: CareApiDeps): void {
  const { repo } = deps;

  app.get<PatientParams>('/api/transitions/patients/:patientId', AUTHENTICATED, async (request) =>
    transitionSummary(repo, request.careweave, request.params.patientId),
  );

  app.get<PatientParams>(
    '/api/transitions/patients/:patientId/medication-reconciliation',
    AUTHENTICATED,
    async (request) =>
      medicationReconciliation(
        repo,
        request.careweave,
        request.params.patientId,
        queryParam(request, 'encounter'),
      ),
  );

  app.post<PatientParams>(
    '/api/transitions/patients/:patientId/medication-reconciliation',
    AUTHENTICATED,
    async (request) => {
      requireScope(request, 'MedicationStatement', 'u');
      requireScope(request, 'List', 'c');
      return recordMedicationReconciliation(
        repo,
        request.careweave,
        request.params.patientId,
        jsonBody<ReconciliationInput>(request),
      );
    },
  );
}
