/**
 * Enrolment from the population view, until the care-plan issue's enrolment flow exists: an
 * active `EpisodeOfCare` of the integrated-care programme (the same shape the synthetic
 * population uses), with the care coordinator of record as `careManager`. Enrolling twice
 * answers 409; the person leaves the enrolment queue in the same transaction.
 */
import { OperationOutcomeError, badRequest, conflict } from '@medplum/core';
import type { EpisodeOfCare, Patient, Reference } from '@medplum/fhirtypes';
import { setRiskEnrolled, type Repository, type RequestContext } from '@careweave/store';
import { PROGRAMME_SYSTEM } from './codes.js';
import { assertPopulationAccess } from './population.js';

/** Who to enrol and with whom. */
export interface EnrolInput {
  /** `Patient/<id>` or the bare id. */
  patient: string;
  /** `Practitioner/<id>` (or PractitionerRole) of the care coordinator; default: the acting user when a practitioner. */
  careManager?: string | undefined;
  /** `Organization/<id>` that runs the programme (optional). */
  managingOrganization?: string | undefined;
}

const REF = /^(Practitioner|PractitionerRole|Organization)\/[A-Za-z0-9\-.]{1,64}$/;

/** Enrols a person in the integrated-care programme; returns the EpisodeOfCare. */
export async function enrolPatient(repo: Repository, ctx: RequestContext, input: EnrolInput): Promise<EpisodeOfCare> {
  assertPopulationAccess(ctx);
  const id = typeof input.patient === 'string' && input.patient.startsWith('Patient/') ? input.patient.slice('Patient/'.length) : input.patient;
  if (typeof id !== 'string' || !/^[A-Za-z0-9\-.]{1,64}$/.test(id)) {
    throw new OperationOutcomeError(badRequest('Body must name a patient: {"patient": "Patient/<id>"}'));
  }
  for (const [name, value] of [['careManager', input.careManager], ['managingOrganization', input.managingOrganization]] as const) {
    if (value !== undefined && (typeof value !== 'string' || !REF.test(value))) {
      throw new OperationOutcomeError(badRequest(`${name} must be a reference such as Practitioner/<id> or Organization/<id>`));
    }
  }
  if (input.careManager?.startsWith('Organization/') || (input.managingOrganization !== undefined && !input.managingOrganization.startsWith('Organization/'))) {
    throw new OperationOutcomeError(badRequest('careManager must be a Practitioner or PractitionerRole; managingOrganization an Organization'));
  }
  const patient = await repo.read<Patient>(ctx, 'Patient', id); // 404 when missing or not visible
  const careManager = input.careManager ?? (/^(Practitioner|PractitionerRole)\//.test(ctx.actor) ? ctx.actor : undefined);
  const episode: EpisodeOfCare = {
    resourceType: 'EpisodeOfCare',
    status: 'active',
    type: [{ coding: [{ system: PROGRAMME_SYSTEM, code: 'integrated-care', display: 'Integrated care programme' }], text: 'Integrated care programme' }],
    patient: { reference: `Patient/${patient.id}` },
    period: { start: new Date().toISOString().slice(0, 10) },
    ...(careManager ? { careManager: { reference: careManager } as Reference<never> } : {}),
    ...(input.managingOrganization ? { managingOrganization: { reference: input.managingOrganization } } : {}),
  };
  const criteria = `patient=Patient/${patient.id}&status=active&type=${PROGRAMME_SYSTEM}|integrated-care`;
  return repo.inTransaction(ctx, async (w, tx) => {
    const result = await repo.createIn(ctx, w, tx, episode, criteria);
    if (!result.created) {
      throw new OperationOutcomeError(conflict(`Patient/${patient.id} is already enrolled (EpisodeOfCare/${result.resource.id})`));
    }
    await setRiskEnrolled(tx, patient.id ?? id, true);
    return result.resource;
  });
}
