import type { Resource } from '@medplum/fhirtypes';
import { extractIndexValues, getPatientCompartmentParams } from '@careweave/fhir';
import type {
  AccessScope,
  ChangeEvent,
  Queryable,
  RequestContext,
  WriteHooks,
} from '@careweave/store';
import type { AuditTrail } from './audit.js';
import { DIRECTORY_TYPES, directoryVerdict, type DirectoryWriter } from './directory-rule.js';
import { refuse } from './errors.js';
import { isAccessContext } from './types.js';
import { ENROLLING_ROLES } from '@careweave/contract';
import { applySensitivityLabels } from './labels.js';
import { RELATIONSHIP_TYPES, derivedOwner, ownerOf, withOwner } from './ownership.js';

/** Changes to these types change who may see what: cached scopes are dropped when they commit. */
export const SCOPE_TRIGGERS: ReadonlySet<string> = new Set([
  'CareTeam',
  'EpisodeOfCare',
  'Consent',
  'PractitionerRole',
  'RelatedPerson',
]);

export interface WriteHookDeps {
  audit: AuditTrail;
  /** Organisation of a Practitioner/PractitionerRole reference (for ownership of system writes). */
  orgOfPerson(tx: Queryable): Promise<(reference: string) => string | undefined>;
  /** Called after a commit that touched any SCOPE_TRIGGERS type (and, for PractitionerRole, the directory). */
  onRelationshipsChanged(types: ReadonlySet<string>): void;
}

/** The patient whose compartment holds the resource, as the store will record it. */
function patientOf(resource: Resource): string | undefined {
  return extractIndexValues(resource).patientIds[0];
}

/** Is a referral addressed to the inbox (ServiceRequest.performer / Task.owner)? */
function inInbox(resource: Resource | undefined, refs: readonly string[]): boolean {
  if (resource?.resourceType === 'ServiceRequest') {
    return (resource.performer ?? []).some((p) => refs.includes(`performer|${p.reference}`));
  }
  if (resource?.resourceType === 'Task') {
    return refs.includes(`owner|${resource.owner?.reference}`);
  }
  return false;
}

/** Roles that enrol people: they may create a Patient, CareTeam or EpisodeOfCare for someone not yet theirs. */
export { ENROLLING_ROLES };

/**
 * Users write only into records they may see: the patient of the new version (and of the
 * previous one) must be admitted by one of their grants; community staff may only update the
 * referrals in their inbox; data of no patient may be written by staff only (community staff: the
 * directory entries directory-rule.ts lets them keep). Enrolment is the
 * exception: any staff member may register a new Patient, and an enrolling role may create the
 * CareTeam or EpisodeOfCare that makes a patient theirs (audited like every write). (Updates and
 * deletes of rows the user cannot see already answer 404 in the store.)
 */
export function assertMayWrite(
  scope: AccessScope,
  actor: string,
  role: string | undefined,
  next: Resource | undefined,
  previous: Resource | undefined,
): void {
  if (scope.kind === 'system') {
    return;
  }
  // A delete is judged as a write of the last version that leaves nothing behind.
  const written = (next ?? previous) as Resource;
  if (scope.kind === 'patients') {
    // A bare patient-list scope (e.g. server/auth's anonymous context) writes only into its patients.
    const owners = [patientOf(written), previous ? patientOf(previous) : undefined].filter(
      (p): p is string => p !== undefined,
    );
    if (owners.length === 0 || owners.some((p) => !scope.patientIds.includes(p))) {
      throw refuse('This context may not write this resource');
    }
    return;
  }
  const staff = actor.startsWith('Practitioner/') && !scope.inbox;
  if (
    next &&
    !previous &&
    staff &&
    (next.resourceType === 'Patient' ||
      (ENROLLING_ROLES.includes(role ?? '') &&
        ['CareTeam', 'EpisodeOfCare'].includes(next.resourceType)))
  ) {
    return;
  }
  if (scope.excludeTypes?.includes(written.resourceType)) {
    throw refuse(`${written.resourceType} cannot be written through this API`);
  }
  // Community staff update the referrals in their inbox (accept, decline, report the outcome); they never delete them.
  if (
    next &&
    scope.inbox &&
    previous &&
    inInbox(previous, scope.inbox.refs) &&
    next.resourceType === previous.resourceType
  ) {
    return;
  }
  const patients = [next ? patientOf(next) : undefined, previous ? patientOf(previous) : undefined];
  // What a consent shows a community organisation it may read, not write.
  if (scope.inbox && patients.some((p) => p !== undefined)) {
    throw refuse('Community organisations write only the referrals in their inbox');
  }
  if (patients.every((p) => p === undefined)) {
    // Community staff keep their organisation's directory entries; directory-rule.ts says which.
    const communityDirectory =
      actor.startsWith('Practitioner/') && DIRECTORY_TYPES.has(written.resourceType);
    if (!staff && !communityDirectory) {
      throw refuse(
        `Only care staff may write ${written.resourceType} resources that belong to no patient`,
      );
    }
    return;
  }
  for (const patient of patients) {
    const admitted =
      patient === undefined ||
      scope.grants.some(
        (g) =>
          g.patientIds.includes(patient) &&
          (!g.resourceTypes || g.resourceTypes.includes(written.resourceType)),
      );
    if (!admitted) {
      throw refuse(`You may not write to this patient's record`);
    }
  }
}

/** Who writes, for the directory rule: role and organisations come from a user's Identity. */
function directoryWriter(ctx: RequestContext): DirectoryWriter {
  const user = isAccessContext(ctx) && ctx.identity.kind === 'user' ? ctx.identity : undefined;
  return {
    scope: ctx.scope,
    actor: ctx.actor,
    role: user?.role,
    organizationIds: user?.organizationIds ?? [],
  };
}

/** The owner a write records: see README "Ownership". */
async function ownerFor(
  ctx: RequestContext,
  next: Resource,
  previous: Resource | undefined,
  deps: WriteHookDeps,
  tx: Queryable,
): Promise<string | null> {
  if (ctx.scope.kind === 'system') {
    return ownerOf(next) ?? ownerOf(previous) ?? derivedOwner(next, await deps.orgOfPerson(tx));
  }
  if (previous) {
    return ownerOf(previous); // ownership is fixed when a resource is created
  }
  if (isAccessContext(ctx) && ctx.identity.kind === 'user') {
    return ctx.actor.startsWith('Practitioner/') ? (ctx.identity.organizationIds[0] ?? null) : null;
  }
  return derivedOwner(next, await deps.orgOfPerson(tx));
}

/**
 * The access rules of the one write path (DESIGN.md §4), run for REST, bundles, imports and
 * jobs alike: AuditEvents are append-only; users write only where they may; every resource gets
 * its owning organisation and its automatic sensitivity labels; every write leaves an AuditEvent
 * in its own transaction; relationship changes drop cached scopes.
 */
export function createWriteHooks(deps: WriteHookDeps): WriteHooks {
  // The last version of resources being deleted, per transaction, so their audit record can name the patient.
  const deleting = new WeakMap<Queryable, Map<string, Resource>>();
  return {
    async beforeWrite(ctx, next, previous, tx) {
      if (next.resourceType === 'AuditEvent') {
        if (previous) {
          throw refuse('AuditEvents cannot be changed');
        }
        if (ctx.scope.kind !== 'system') {
          throw refuse('AuditEvents are written by the system only');
        }
        return next;
      }
      const writer = directoryWriter(ctx);
      assertMayWrite(ctx.scope, ctx.actor, writer.role, next, previous);
      if (DIRECTORY_TYPES.has(next.resourceType)) {
        // The recorded owner is fixed at creation: a user cannot set or change it (the system, importing, may).
        const kept = withOwner(
          next,
          ctx.scope.kind === 'system' ? (ownerOf(next) ?? ownerOf(previous)) : ownerOf(previous),
        );
        const verdict = await directoryVerdict(tx, writer, kept, previous);
        if (!verdict.allowed) {
          throw refuse(verdict.reason);
        }
        return verdict.recordOwner ? withOwner(kept, verdict.recordOwner) : kept;
      }
      // Relationship resources and other data of no patient have no owner and no automatic labels.
      if (
        RELATIONSHIP_TYPES.has(next.resourceType) ||
        getPatientCompartmentParams(next.resourceType).length === 0
      ) {
        return withOwner(next, null);
      }
      return applySensitivityLabels(withOwner(next, await ownerFor(ctx, next, previous, deps, tx)));
    },
    // A delete goes through the same rules as an update: deleting is writing the record away.
    async beforeDelete(ctx, previous, tx) {
      if (previous.resourceType === 'AuditEvent') {
        throw refuse('AuditEvents cannot be deleted');
      }
      const writer = directoryWriter(ctx);
      assertMayWrite(ctx.scope, ctx.actor, writer.role, undefined, previous);
      if (DIRECTORY_TYPES.has(previous.resourceType)) {
        const verdict = await directoryVerdict(tx, writer, undefined, previous);
        if (!verdict.allowed) {
          throw refuse(verdict.reason);
        }
      }
      const map = deleting.get(tx) ?? new Map<string, Resource>();
      map.set(`${previous.resourceType}/${previous.id}`, previous);
      deleting.set(tx, map);
    },
    afterWrite(ctx, events, tx) {
      return deps.audit.auditWrites(ctx, events, deleting.get(tx) ?? new Map(), tx);
    },
    afterCommit(_ctx, events: readonly ChangeEvent[]) {
      const types = new Set(
        events
          .map((e) => e.resourceType)
          .filter((t) => SCOPE_TRIGGERS.has(t) || t === 'Organization'),
      );
      if (types.size > 0) {
        deps.onRelationshipsChanged(types);
      }
    },
  };
}
