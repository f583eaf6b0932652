/**
 * "Enrol" from the enrolment queue: the roster's enrolment (care/roster/enrol.ts — an active
 * integrated-care EpisodeOfCare with the coordinator as care manager, and the patient's care
 * team), with the reason defaulting to the risk that put the person in the queue. The queue checks
 * enrolment live, so the person leaves it as soon as this commits; the index row is updated too.
 * Whom one may enrol from the queue is whom the queue shows: the person must be visible under the
 * caller's outreach scope (care/access/outreach.ts; for most roles simply their scope), and the
 * enrolment's writes run under it, so a coordinator can add themself to an existing care team of
 * someone they found in the queue. After the commit they manage the episode, and the ordinary
 * rules open the record to them.
 */
import type { CareTeam, EpisodeOfCare } from '@medplum/fhirtypes';
import { type Repository, type RequestContext } from '@careweave/store';
import { outreachScope } from '../access/outreach.js';
import { invalidInput } from '../shared/care-errors.js';
import { enrol } from '../roster/enrol.js';
import { assertPopulationAccess } from './population.js';
import { TIER_LABEL, isTier } from './tiers.js';

/** Who to enrol, with whom and why. */
export interface EnrolInput {
  /** `Patient/<id>` or the bare id. */
  patient: string;
  /** `Practitioner/<id>` of the care coordinator; default: the acting practitioner. */
  coordinator?: string | undefined;
  /** Default: "Identified by risk stratification: <tier> risk (<p>% …)". */
  reason?: string | undefined;
}

/** Enrols a person from the queue; returns the EpisodeOfCare and care team. */
export async function enrolFromQueue(
  repo: Repository,
  ctx: RequestContext,
  input: EnrolInput,
): Promise<{ episode: EpisodeOfCare; careTeam: CareTeam }> {
  assertPopulationAccess(ctx);
  const id =
    typeof input.patient === 'string' && input.patient.startsWith('Patient/')
      ? input.patient.slice('Patient/'.length)
      : input.patient;
  if (typeof id !== 'string' || !/^[A-Za-z0-9\-.]{1,64}$/.test(id)) {
    throw invalidInput('Body must name a patient: {"patient": "Patient/<id>"}', 'patient');
  }
  const coordinator =
    input.coordinator ??
    (/^(Practitioner|PractitionerRole)\//.test(ctx.actor) ? ctx.actor : undefined);
  if (!coordinator) {
    throw invalidInput(
      'Name the care coordinator: {"coordinator": "Practitioner/<id>"}',
      'coordinator',
    );
  }
  let reason = input.reason?.trim();
  if (!reason) {
    const risk = (await repo.readModels.riskIndex.current([id])).get(id);
    const tier = risk?.overrideTier ?? risk?.tier;
    reason =
      risk && isTier(tier)
        ? `Identified by risk stratification: ${TIER_LABEL[tier].toLowerCase()} risk (${Math.round(risk.probability * 100)}% probability of an emergency admission in 12 months)`
        : 'Identified by risk stratification';
  }
  const queueCtx: RequestContext = { ...ctx, scope: await outreachScope(ctx) };
  await repo.read(queueCtx, 'Patient', id); // 404 unless the queue could show this person
  const result = await enrol(repo, queueCtx, { patientId: id, coordinator, reason });
  await repo.readModels.riskIndex.setEnrolled(id, true);
  return result;
}
