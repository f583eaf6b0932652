import { OperationOutcomeError, badRequest } from '@medplum/core';
import type { Parameters as FhirParameters } from '@medplum/fhirtypes';
import { applyTemplate } from '@careweave/care';
import type { Repository } from '@careweave/store';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { requireScope } from '../api/care-http.js';
import { FHIR_JSON, fhirBase, queryOf, setVersionHeaders } from './http.js';

/** A parameter of `$apply` from the query string or a Parameters body (valueString / valueReference / valueUri). */
function parameter(request: FastifyRequest, name: string): string | undefined {
  const fromQuery = queryOf(request).find(([k]) => k === name)?.[1];
  if (fromQuery) return fromQuery;
  const body = request.body as FhirParameters | undefined;
  if (body?.resourceType !== 'Parameters') return undefined;
  const p = body.parameter?.find((x) => x.name === name);
  return p?.valueString ?? p?.valueReference?.reference ?? p?.valueUri ?? undefined;
}

/**
 * `POST [base]/PlanDefinition/{id}/$apply?subject=Patient/{id}` (FHIR R4 PlanDefinition-apply,
 * https://hl7.org/fhir/R4/plandefinition-operation-apply.html): applies a care-plan template to
 * a patient and answers the CarePlan. Unlike a pure $apply, Careweave stores the result — the
 * CarePlan, its Goals and Tasks and a Provenance, in one transaction (care/plans/apply.ts) — so
 * the answer is 201 with the plan's Location. Parameters: `subject` (required, one Patient),
 * `reason` (Careweave extension, kept in the Provenance); others of the standard are ignored.
 * The token needs read on PlanDefinition and create on CarePlan, Goal and Task; the actor must be
 * on the patient's care team. Register inside the `/fhir/R4` prefix.
 */
export function registerPlanDefinitionApply(
  app: FastifyInstance,
  repo: Repository,
  publicBase?: string,
): void {
  app.post<{ Params: { id: string } }>(
    '/PlanDefinition/:id/$apply',
    { config: { access: 'authenticated', interaction: 'operation' } },
    async (request, reply) => {
      requireScope(request, 'PlanDefinition', 'r');
      for (const type of ['CarePlan', 'Goal', 'Task', 'Provenance'])
        requireScope(request, type, 'c');
      const subject = parameter(request, 'subject');
      if (!subject || !/^Patient\/[A-Za-z0-9\-.]{1,64}$/.test(subject)) {
        throw new OperationOutcomeError(
          badRequest('$apply needs subject=Patient/<id> (one patient)', 'subject'),
        );
      }
      const reason = parameter(request, 'reason');
      const applied = await applyTemplate(repo, request.careweave, {
        templateId: request.params.id,
        patientId: subject.slice('Patient/'.length),
        ...(reason ? { reason } : {}),
      });
      setVersionHeaders(reply, applied.plan);
      void reply.header(
        'Location',
        `${fhirBase(request, publicBase)}/CarePlan/${applied.plan.id}/_history/${applied.plan.meta?.versionId}`,
      );
      return reply.status(201).type(FHIR_JSON).send(applied.plan);
    },
  );
}
