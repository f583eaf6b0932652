import { AccessError } from '@careweave/contract';
import { careError } from '../shared/care-errors.js';
import type { Communication, Patient } from '@medplum/fhirtypes';
import {
  OWNING_ORGANIZATION_URL,
  SYSTEM_CONTEXT,
  readModelsIn,
  type Repository,
  type RequestContext,
} from '@careweave/store';
import { randomUUID } from 'node:crypto';
import { AUDIT, auditEvent, patientEntity, resourceEntity } from './audit-events.js';
import type { AuditTrail } from './audit.js';
import { refuse } from './errors.js';
import type { Relationships } from './relationships.js';
import { isAccessContext, type BreakGlassResult } from './types.js';

export interface BreakGlassDeps {
  repo: Repository;
  rel: Relationships;
  audit: AuditTrail;
  now: () => Date;
  durationMs: number;
}

const MAX_REASON = 1000;

/**
 * Break-the-glass: a practitioner opens a patient's record outside their rights, for a
 * stated reason, for a limited time. One transaction stores the grant, the AuditEvent that flags
 * it (purpose of use BTG, the reason in `purposeOfEvent.text`) and an urgent Communication to
 * the patient's care coordinator (the care manager of each active EpisodeOfCare; without one,
 * the Communication has no recipient and reaches the whole care team through the patient's
 * record). Reads under the grant are flagged BTG in the audit trail while it lasts.
 */
export async function breakGlass(
  deps: BreakGlassDeps,
  ctx: RequestContext,
  input: { patient: string; reason: string; ip?: string },
): Promise<BreakGlassResult> {
  if (
    !isAccessContext(ctx) ||
    ctx.identity.kind !== 'user' ||
    !ctx.actor.startsWith('Practitioner/') ||
    ctx.identity.role === 'community-organisation'
  ) {
    throw refuse('Only clinical staff can break the glass');
  }
  const reason = typeof input.reason === 'string' ? input.reason.trim() : '';
  if (reason.length === 0 || reason.length > MAX_REASON) {
    throw careError(
      AccessError.REASON_REQUIRED,
      'invalid',
      `A reason of 1 to ${MAX_REASON} characters is required`,
      'reason',
    );
  }
  const patientId = String(input.patient ?? '').replace(/^Patient\//, '');
  const patient = await deps.repo.read<Patient>(SYSTEM_CONTEXT, 'Patient', patientId);
  const episodes = await deps.rel.activeEpisodes(patientId);
  const now = deps.now();
  const expiresAt = new Date(now.getTime() + deps.durationMs).toISOString();
  const user = ctx.identity;
  const network = episodes
    .map((e) => e.managingOrganization?.reference)
    .find((r) => r?.startsWith('Organization/'));
  const notification: Communication = {
    resourceType: 'Communication',
    status: 'completed',
    category: [
      {
        coding: [
          {
            system: 'http://terminology.hl7.org/CodeSystem/communication-category',
            code: 'alert',
            display: 'Alert',
          },
        ],
      },
    ],
    priority: 'urgent',
    subject: { reference: `Patient/${patientId}` },
    reasonCode: [{ coding: [AUDIT.btg], text: reason }],
    sent: now.toISOString(),
    sender: { reference: user.fhirUser, display: user.displayName },
    recipient: episodes.map((e) => e.careManager).filter((m): m is NonNullable<typeof m> => !!m),
    payload: [
      {
        contentString: `${user.displayName} opened this record with break-the-glass until ${expiresAt}. Reason: ${reason}`,
      },
    ],
    // The coordinator's organisation owns the notice, so the coordinator sees it whatever the consent says.
    ...(network
      ? {
          meta: {
            extension: [{ url: OWNING_ORGANIZATION_URL, valueReference: { reference: network } }],
          },
        }
      : {}),
  };
  const event = auditEvent({
    type: AUDIT.patientRecord,
    subtype: { system: AUDIT.interaction, code: 'break-the-glass' },
    action: 'E',
    actor: { ...(await deps.audit.actor(ctx, input.ip ?? ctx.ip)), breakGlass: true },
    entities: [patientEntity(`Patient/${patient.id}`)],
    purpose: { coding: AUDIT.btg, text: reason },
    recorded: now.toISOString(),
  });
  const auditId = randomUUID();
  const sent = await deps.repo.inTransaction(SYSTEM_CONTEXT, async (w, tx) => {
    await readModelsIn(tx).accessGrants.insert({
      id: randomUUID(),
      kind: 'break-glass',
      actor: user.fhirUser,
      patientId,
      reason,
      grantedAt: now.toISOString(),
      expiresAt,
    });
    const stored = await w.create(notification);
    await w.appendAudit([
      {
        ...event,
        id: auditId,
        entity: [...(event.entity ?? []), resourceEntity(`Communication/${stored.id}`)],
      },
    ]);
    return stored;
  });
  return {
    patient: `Patient/${patientId}`,
    expiresAt,
    auditEvent: `AuditEvent/${auditId}`,
    notification: `Communication/${sent.id}`,
  };
}
