import { OperationOutcomeError, badRequest } from '@medplum/core';
import type { AccessService } from '@careweave/care';
import type { FastifyInstance } from 'fastify';
import { FHIR_BASE, FHIR_JSON } from '../fhir/http.js';
import { registerAuditHook } from './audit-hook.js';

/**
 * The access-control doors of the server: the audit hook on every FHIR answer, break-the-glass
 * (`POST /api/break-glass {patient, reason}` → 201 with the grant's expiry) and the patient
 * access log (`GET /fhir/R4/Patient/{id}/$access-log` → Bundle of AuditEvents). Handlers are
 * thin: the rules live in care/access.
 */
export function registerAccessRoutes(app: FastifyInstance, access: AccessService): void {
  registerAuditHook(app, access);

  app.post('/api/break-glass', { config: { access: 'authenticated' } }, async (request, reply) => {
    const body = request.body as { patient?: unknown; reason?: unknown } | undefined;
    if (
      !body ||
      typeof body !== 'object' ||
      typeof body.patient !== 'string' ||
      typeof body.reason !== 'string'
    ) {
      throw new OperationOutcomeError(
        badRequest('Body must be JSON {"patient": "Patient/<id>", "reason": "<why>"}'),
      );
    }
    const result = await access.breakGlass(request.careweave, {
      patient: body.patient,
      reason: body.reason,
      ip: request.ip,
    });
    return reply.status(201).send(result);
  });

  app.get<{ Params: { id: string }; Querystring: { _count?: string } }>(
    `${FHIR_BASE}/Patient/:id/$access-log`,
    { config: { access: 'authenticated', interaction: 'operation' } },
    async (request, reply) => {
      const count = request.query._count === undefined ? undefined : Number(request.query._count);
      if (count !== undefined && (!Number.isInteger(count) || count < 1)) {
        throw new OperationOutcomeError(badRequest('_count must be a positive integer'));
      }
      const bundle = await access.accessLog(
        request.careweave,
        request.params.id,
        count === undefined ? {} : { count },
      );
      return reply.type(FHIR_JSON).send(bundle);
    },
  );
}
