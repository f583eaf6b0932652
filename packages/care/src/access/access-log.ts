import type { AuditEvent, AuditEventEntity, Bundle } from '@medplum/fhirtypes';
import { MAX_COUNT, SYSTEM_CONTEXT, type Repository, type RequestContext } from '@careweave/store';
import { refuse } from './errors.js';
import type { Relationships } from './relationships.js';
import { isAccessContext } from './types.js';

/**
 * May this context read the patient's access log? The patient themself, or their care
 * coordinator: the care manager of one of their active episodes, or a care coordinator on their
 * care team (their scope admits the patient outside break-the-glass). The system may too.
 */
async function mayReadLog(
  ctx: RequestContext,
  patientId: string,
  rel: Relationships,
): Promise<boolean> {
  if (ctx.scope.kind === 'system') {
    return true;
  }
  if (!isAccessContext(ctx) || ctx.identity.kind !== 'user') {
    return false;
  }
  if (ctx.actor === `Patient/${patientId}`) {
    return true;
  }
  if (!ctx.actor.startsWith('Practitioner/')) {
    return false;
  }
  const managers = (await rel.activeEpisodes(patientId)).map((e) => e.careManager?.reference);
  if (managers.includes(ctx.actor)) {
    return true;
  }
  const roles = (await rel.practitionerRoles(ctx.actor)).map((r) => `PractitionerRole/${r.id}`);
  if (managers.some((m) => m !== undefined && roles.includes(m))) {
    return true;
  }
  return (
    ctx.identity.role === 'care-coordinator' &&
    ctx.scope.kind === 'grants' &&
    !ctx.breakGlassPatients.includes(patientId) &&
    ctx.scope.grants.some((g) => g.patientIds.includes(patientId))
  );
}

/**
 * What the patient sees of one access: when, what kind, who (name and organisations), why
 * (break-the-glass reason), outcome — without the accessor's IP address or account id, and
 * without entities about other patients (a search may have returned several people's data).
 */
function forPatient(event: AuditEvent, patientRef: string): AuditEvent {
  const patients = (event.entity ?? [])
    .filter((e) => e.role?.code === '1')
    .map((e) => e.what?.reference);
  const entity: AuditEventEntity[] = (event.entity ?? []).filter(
    (e) =>
      e.what?.reference === patientRef ||
      (e.role?.code === '4' && patients.length === 1 && patients[0] === patientRef),
  );
  return {
    resourceType: 'AuditEvent',
    id: event.id,
    type: event.type,
    ...(event.subtype ? { subtype: event.subtype } : {}),
    ...(event.action ? { action: event.action } : {}),
    recorded: event.recorded,
    ...(event.outcome ? { outcome: event.outcome } : {}),
    ...(event.purposeOfEvent ? { purposeOfEvent: event.purposeOfEvent } : {}),
    agent: event.agent.map(({ network: _n, altId: _a, ...agent }) => agent),
    source: event.source,
    entity,
  };
}

/**
 * The patient access log: who accessed the record, newest first, as a searchset Bundle
 * of AuditEvents trimmed for the patient (`forPatient`). Others get 403.
 */
export async function accessLog(
  repo: Repository,
  rel: Relationships,
  ctx: RequestContext,
  patientId: string,
  count = 100,
): Promise<Bundle<AuditEvent>> {
  // Refuse before looking the patient up, so the answer does not reveal whether the patient exists.
  if (!(await mayReadLog(ctx, patientId, rel))) {
    throw refuse('Only the patient and their care coordinator may read this access log');
  }
  await repo.read(SYSTEM_CONTEXT, 'Patient', patientId);
  const ref = `Patient/${patientId}`;
  const page = await repo.search(SYSTEM_CONTEXT, 'AuditEvent', [
    ['entity', ref],
    ['_sort', '-date'],
    ['_count', String(Math.min(Math.max(1, count), MAX_COUNT))],
  ]);
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    ...(page.total !== undefined ? { total: page.total } : {}),
    entry: page.resources.map((r) => ({ resource: forPatient(r as AuditEvent, ref) })),
  };
}
