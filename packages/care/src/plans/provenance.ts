import type { Provenance, Resource } from '@medplum/fhirtypes';
import type { RequestContext } from '@careweave/store';
import { actingName, actingOrganization, isSystem } from '../acting.js';
import { CHANGE_SYSTEM, type ChangeKind } from './codes.js';

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
export function provenanceFor(ctx: RequestContext, targets: readonly Resource[], patientId: string | undefined, attribution: Attribution): Provenance {
  const org = actingOrganization(ctx);
  const name = actingName(ctx);
  const author = isSystem(ctx) ? { display: 'Careweave system' } : { reference: ctx.actor, ...(name ? { display: name } : {}) };
  return {
    resourceType: 'Provenance',
    target: [...targets.map((t) => ({ reference: versionedReference(t) })), ...(patientId ? [{ reference: `Patient/${patientId}` }] : [])],
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
