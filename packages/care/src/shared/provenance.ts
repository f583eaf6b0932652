import type { Provenance, Resource } from '@medplum/fhirtypes';
import type { RequestContext } from '@careweave/store';
import { actingName, actingOrganization, isSystem } from './acting.js';

const CAREWEAVE = 'https://careweave.org/fhir';

/** Careweave CodeSystem of attributed changes (`Provenance.activity`). */
export const CHANGE_SYSTEM = `${CAREWEAVE}/CodeSystem/care-change`;
export type ChangeKind =
  | 'enrol'
  | 'unenrol'
  | 'reassign'
  | 'care-team'
  | 'create-plan'
  | 'update-plan'
  | 'add-goal'
  | 'update-goal'
  | 'add-activity'
  | 'review-plan'
  | 'update-task'
  | 'medication-reconciliation';

/** What a domain change records about itself. */
export interface Attribution {
  kind: ChangeKind;
  /** Why, in the actor's words (Provenance.reason.text). */
  reason?: string;
  /** Extra agents, e.g. the team members and patient who agreed a plan review (type attester). */
  attesters?: readonly string[];
  now: Date;
}

const PARTICIPANT_TYPE = 'http://terminology.hl7.org/CodeSystem/provenance-participant-type';

/** `Type/id/_history/version` of a stored resource. */
export function versionedReference(resource: Resource): string {
  return `${resource.resourceType}/${resource.id}${resource.meta?.versionId ? `/_history/${resource.meta.versionId}` : ''}`;
}

/**
 * The Provenance of one domain change, written in the same transaction as the change: which
 * versions it produced (`target`, versioned), who (agent author + their organisation as
 * `onBehalfOf`), when (`recorded`), why (`reason.text`) and what kind of change (`activity`,
 * CHANGE_SYSTEM). The patient is listed as a target too, so the record sits in the patient's
 * compartment and is seen by exactly those who may see the patient.
 */
export function provenanceFor(
  ctx: RequestContext,
  targets: readonly Resource[],
  patientId: string | undefined,
  attribution: Attribution,
): Provenance {
  const org = actingOrganization(ctx);
  const name = actingName(ctx);
  const author = isSystem(ctx)
    ? { display: 'Careweave system' }
    : { reference: ctx.actor, ...(name ? { display: name } : {}) };
  return {
    resourceType: 'Provenance',
    target: [
      ...targets.map((t) => ({ reference: versionedReference(t) })),
      ...(patientId ? [{ reference: `Patient/${patientId}` }] : []),
    ],
    recorded: attribution.now.toISOString(),
    activity: { coding: [{ system: CHANGE_SYSTEM, code: attribution.kind }] },
    agent: [
      {
        type: { coding: [{ system: PARTICIPANT_TYPE, code: 'author', display: 'Author' }] },
        who: author,
        ...(org ? { onBehalfOf: { reference: org } } : {}),
      },
      ...(attribution.attesters ?? []).map((who) => ({
        type: { coding: [{ system: PARTICIPANT_TYPE, code: 'attester', display: 'Attester' }] },
        who: { reference: who },
      })),
    ],
    ...(attribution.reason ? { reason: [{ text: attribution.reason }] } : {}),
  };
}

/** Patient reference a written resource is about (itself, or its subject/patient/for/beneficiary), if any. */
export function patientOf(resource: Resource): string | undefined {
  if (resource.resourceType === 'Patient') {
    return resource.id ? `Patient/${resource.id}` : undefined;
  }
  const r = resource as Resource &
    Partial<Record<'subject' | 'patient' | 'for' | 'beneficiary', { reference?: string }>>;
  for (const field of [r.subject, r.patient, r.for, r.beneficiary]) {
    if (field?.reference?.startsWith('Patient/')) {
      return field.reference;
    }
  }
  return undefined;
}

/**
 * Completes a Provenance a client sent with a plain FHIR write (the `X-Provenance` header,
 * https://hl7.org/fhir/R4/http.html#provenance), so REST writes carry "why" like domain changes:
 * `target` becomes the version just written (plus its patient, for the compartment and access
 * scope), `recorded` defaults to now and, when the client named no agent, the actor is the author
 * with their organisation. A target naming another resource is the caller's mistake: `mismatch`.
 */
export function completeClientProvenance(
  ctx: RequestContext,
  supplied: Provenance,
  written: Resource,
  now: Date,
): Provenance | 'mismatch' {
  const plain = `${written.resourceType}/${written.id}`;
  for (const t of supplied.target ?? []) {
    const ref = t.reference?.replace(/\/_history\/[^/]+$/, '');
    if (ref !== undefined && ref !== plain && !ref.startsWith('urn:')) {
      return 'mismatch';
    }
  }
  const patient = patientOf(written);
  const base = provenanceFor(ctx, [written], patient?.slice('Patient/'.length), {
    kind: 'update-plan',
    now,
  });
  const { id: _clientId, meta: _clientMeta, ...rest } = supplied;
  return {
    ...rest,
    resourceType: 'Provenance',
    target: base.target,
    recorded: supplied.recorded ?? base.recorded,
    agent: supplied.agent && supplied.agent.length > 0 ? supplied.agent : base.agent,
  };
}
