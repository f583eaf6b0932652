import type { AuditEvent, Organization, Resource } from '@medplum/fhirtypes';
import {
  SYSTEM_CONTEXT,
  type ChangeEvent,
  type Queryable,
  type Repository,
  type RequestContext,
  type TxWriter,
} from '@careweave/store';
import { adminAuditEvent, type AdminEvent } from './admin-audit.js';
import {
  AUDIT,
  auditEvent,
  outcomeOf,
  patientEntity,
  patientRefs,
  queryEntity,
  resourceEntity,
  type AuditActor,
} from './audit-events.js';
import type { Identity } from './identity.js';
import { isAccessContext, type AccessEvent, type AuditLog, type LoginEvent } from './types.js';

/** More changes than this in one write call (an import batch) are audited as one summary event. */
const BULK_EVENTS = 20;

const SUBTYPE: Readonly<Record<AccessEvent['action'], string>> = {
  read: 'read',
  vread: 'vread',
  search: 'search-type',
  history: 'history-instance',
  operation: 'operation',
  export: 'operation',
  create: 'create',
  update: 'update',
  patch: 'patch',
  delete: 'delete',
  transaction: 'transaction',
};
const ACTION: Readonly<Record<AccessEvent['action'], AuditEvent['action']>> = {
  read: 'R',
  vread: 'R',
  search: 'E',
  history: 'R',
  operation: 'E',
  export: 'R',
  create: 'C',
  update: 'U',
  patch: 'U',
  delete: 'D',
  transaction: 'E',
};

/** Organisation display names for audit records, read once each with the system context. */
export class OrganisationNames {
  private readonly names = new Map<string, string | undefined>();
  constructor(private readonly repo: Repository) {}

  /** `q`: the connection to read on (a write hook's transaction; see Relationships.searchAll). */
  async of(ids: readonly string[], q?: Queryable): Promise<{ id: string; display?: string }[]> {
    const missing = ids.filter((id) => !this.names.has(id));
    if (missing.length > 0) {
      const query: [string, string][] = [
        ['_id', missing.join(',')],
        ['_total', 'none'],
      ];
      const found = q
        ? await this.repo.searchIn(SYSTEM_CONTEXT, q, 'Organization', query)
        : await this.repo.search(SYSTEM_CONTEXT, 'Organization', query);
      missing.forEach((id) =>
        this.names.set(id, (found.resources as Organization[]).find((o) => o.id === id)?.name),
      );
    }
    return ids.map((id) => {
      const display = this.names.get(id);
      return display ? { id, display } : { id };
    });
  }

  forget(): void {
    this.names.clear();
  }
}

/**
 * Writes audit records. Reads, searches, logins and exports are recorded here (each in its own
 * small transaction, through `TxWriter.appendAudit`, so they run no write hooks); FHIR writes are
 * audited by the write hooks inside the write's own transaction (`auditWrites`).
 */
export class AuditTrail implements AuditLog {
  constructor(
    private readonly repo: Repository,
    private readonly orgs: OrganisationNames,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Who acted in a context: the user and their organisations, or the system. */
  async actor(
    ctx: RequestContext | Identity,
    ip: string | undefined = undefined,
    patients: readonly string[] = [],
    q?: Queryable,
  ): Promise<AuditActor> {
    const identity = 'kind' in ctx ? ctx : isAccessContext(ctx) ? ctx.identity : undefined;
    const breakGlass =
      !('kind' in ctx) &&
      isAccessContext(ctx) &&
      patients.some((p) => ctx.breakGlassPatients.includes(p.replace(/^Patient\//, '')));
    ip ??= !('kind' in ctx) && isAccessContext(ctx) ? ctx.ip : undefined;
    if (!identity || identity.kind === 'system') {
      return {
        organizations: [],
        ...(identity ? { display: `system client ${identity.clientId}` } : {}),
        ...(ip ? { ip } : {}),
      };
    }
    return {
      reference: identity.fhirUser,
      display: identity.displayName,
      accountId: identity.accountId,
      organizations: await this.orgs.of(identity.organizationIds, q),
      ...(ip ? { ip } : {}),
      ...(breakGlass ? { breakGlass } : {}),
    };
  }

  async append(records: readonly AuditEvent[]): Promise<void> {
    await this.repo.inTransaction(SYSTEM_CONTEXT, (w) => w.appendAudit(records));
  }

  async recordAccess(event: AccessEvent): Promise<void> {
    const patients = [...new Set(event.patients ?? [])];
    const entities = [
      ...(event.id && event.resourceType
        ? [resourceEntity(`${event.resourceType}/${event.id}`)]
        : []),
      ...(event.query !== undefined && !event.id
        ? [queryEntity(event.resourceType, event.query)]
        : []),
      ...patients.map(patientEntity),
    ];
    const actor = await this.actor(event.ctx, event.ip, patients);
    await this.append([
      auditEvent({
        recorded: this.now().toISOString(),
        type: event.action === 'export' ? AUDIT.export : AUDIT.rest,
        subtype: { system: AUDIT.interaction, code: SUBTYPE[event.action] },
        action: ACTION[event.action],
        actor,
        entities,
        outcome: outcomeOf(event.status),
        ...(event.status >= 400 ? { outcomeDesc: `HTTP ${event.status}` } : {}),
        ...(actor.breakGlass ? { purpose: { coding: AUDIT.btg } } : {}),
      }),
    ]);
  }

  async recordLogin(event: LoginEvent): Promise<void> {
    const actor: AuditActor = event.identity
      ? await this.actor(event.identity, event.ip)
      : {
          display: event.email,
          organizations: [],
          ...(event.accountId ? { accountId: event.accountId } : {}),
          ...(event.ip ? { ip: event.ip } : {}),
        };
    await this.append([
      auditEvent({
        recorded: this.now().toISOString(),
        type: AUDIT.login,
        subtype: event.action === 'logout' ? AUDIT.logoutSubtype : AUDIT.loginSubtype,
        action: 'E',
        actor: { ...actor, display: actor.display ?? event.email },
        entities: [],
        outcome: event.outcome === 'success' ? '0' : '4',
        ...(event.reason
          ? { outcomeDesc: event.reason }
          : event.outcome === 'failure'
            ? { outcomeDesc: 'login failed' }
            : {}),
      }),
    ]);
  }

  async recordAdmin(event: AdminEvent, inTx?: { writer: TxWriter; tx: Queryable }): Promise<void> {
    const record = adminAuditEvent(
      event,
      await this.actor(event.ctx, event.ip, [], inTx?.tx),
      this.now().toISOString(),
    );
    await (inTx ? inTx.writer.appendAudit([record]) : this.append([record]));
  }

  /**
   * AuditEvents for writes, built inside the write's transaction (the `afterWrite` hook): one per
   * changed resource, or one summary for a bulk call (an import batch). AuditEvents themselves
   * are not audited again. `deleted` holds the last version of deleted resources (for their patient).
   */
  async auditWrites(
    ctx: RequestContext,
    events: readonly ChangeEvent[],
    deleted: ReadonlyMap<string, Resource>,
    tx: Queryable,
  ): Promise<AuditEvent[]> {
    const changes = events.filter((e) => e.resourceType !== 'AuditEvent');
    if (changes.length === 0) {
      return [];
    }
    if (changes.length > BULK_EVENTS) {
      const byType = new Map<string, number>();
      changes.forEach((e) => byType.set(e.resourceType, (byType.get(e.resourceType) ?? 0) + 1));
      const summary = [...byType].map(([t, n]) => `${t} ${n}`).join(', ');
      return [
        auditEvent({
          recorded: this.now().toISOString(),
          type: AUDIT.rest,
          subtype: { system: AUDIT.interaction, code: 'batch' },
          action: 'U',
          actor: await this.actor(ctx, undefined, [], tx),
          entities: [],
          outcomeDesc: `bulk write of ${changes.length} resources (${summary})`,
        }),
      ];
    }
    const out: AuditEvent[] = [];
    for (const e of changes) {
      const key = `${e.resourceType}/${e.id}`;
      const patients = patientRefs(e.type === 'delete' ? deleted.get(key) : e.resource);
      const actor = await this.actor(ctx, undefined, patients, tx);
      out.push(
        auditEvent({
          recorded: this.now().toISOString(),
          type: AUDIT.rest,
          subtype: { system: AUDIT.interaction, code: e.type },
          action: e.type === 'create' ? 'C' : e.type === 'update' ? 'U' : 'D',
          actor,
          entities: [
            resourceEntity(`${key}/_history/${e.versionId}`),
            ...patients.map(patientEntity),
          ],
          ...(actor.breakGlass ? { purpose: { coding: AUDIT.btg } } : {}),
        }),
      );
    }
    return out;
  }
}
