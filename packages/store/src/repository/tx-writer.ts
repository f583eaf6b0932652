import {
  appendLinks,
  chainHash,
  lockChainHead,
  withPreviousHash,
  type ChainLink,
} from '../audit/chain.js';
import { validateResourceStrict } from '@careweave/fhir';
import type { AuditEvent, OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';
import { randomUUID } from 'node:crypto';
import type { RequestContext } from '../context.js';
import type { Queryable } from '../db/database.js';
import { rowVisible } from '../scope.js';
import { StoreErrors, isValidId, parseVersionTag } from './errors.js';
import type { ChangeEvent, WriteHooks } from './hooks.js';
import { buildRow, deletionRow, prepareResource, type PreparedResource } from './rows.js';
import {
  nextTimestamp,
  planWrite,
  preparedCandidate,
  resourceCandidate,
  type PlanEnv,
  type PlannedWrite,
  type WriteCandidate,
} from './write-plan.js';
import { lockRows, writeRows } from './write-rows.js';
import type { ResourceWriter } from './writer.js';

/** Derived writes may cause derived writes this deep, no deeper (a guard against rule loops). */
const MAX_DERIVE_DEPTH = 3;

export { nextTimestamp };

/** What every write in the process shares. */
export interface WriteEnv {
  hooks: WriteHooks;
  validate: boolean;
}

/** Throws a 400 OperationOutcome listing every problem with its FHIRPath location. */
export function assertValid(resource: unknown): void {
  const issues = validateResourceStrict(resource).filter(
    (i) => i.severity === 'error' || i.severity === 'fatal',
  );
  if (issues.length > 0) {
    throw StoreErrors.invalid(issues);
  }
}

export function assertId(id: string): void {
  if (!isValidId(id)) {
    throw StoreErrors.badRequest(
      `Invalid id ${JSON.stringify(id)}: FHIR ids are 1-64 characters of A-Z a-z 0-9 - .`,
    );
  }
}

/**
 * The write verbs bound to one open transaction. The REST API uses one per request; a transaction
 * Bundle runs all its entries through one, so they commit or roll back together. Changes are
 * collected in `events` and published by the caller after commit.
 */
export class TxWriter implements ResourceWriter {
  /** How deep in derived writes (WriteHooks.deriveWrites) this writer is. */
  private deriving = 0;

  /** What planning a write needs (`planWrite`): who acts, this transaction, the domain's hooks. */
  private readonly planEnv: PlanEnv;

  constructor(
    private readonly tx: Queryable,
    private readonly ctx: RequestContext,
    private readonly env: WriteEnv,
    readonly events: ChangeEvent[] = [],
    private readonly pendingAudit: AuditEvent[] = [],
  ) {
    this.planEnv = { ctx, tx, hooks: env.hooks };
  }

  /**
   * The same transaction written as another actor — for a domain consequence the acting user may
   * not write themselves (e.g. the care plan's goal that a community organisation's completed
   * referral updates, written by the system). Every rule and audit applies to that actor; its
   * change events join this writer's, so they are published after the one commit.
   */
  withContext(ctx: RequestContext): TxWriter {
    return new TxWriter(this.tx, ctx, this.env, this.events, this.pendingAudit);
  }

  /** Creates a resource with a new server-assigned id (or `id` when the caller owns ids, e.g. import). */
  async create<T extends Resource>(resource: T, id: string = randomUUID()): Promise<T> {
    assertId(id);
    const candidate = { ...resource, id } as T;
    const existing = await lockRows(this.tx, [{ resourceType: candidate.resourceType, id }]);
    if (existing.has(`${candidate.resourceType}/${id}`)) {
      throw StoreErrors.conflict(`${candidate.resourceType}/${id} already exists`);
    }
    return this.store(candidate, undefined, 1, 'POST');
  }

  /**
   * Updates (or, for an id never seen, creates) a resource. With `ifMatch`, a stale version answers
   * 412 and changes nothing.
   */
  async update<T extends Resource>(
    resource: T,
    ifMatch?: string,
  ): Promise<{ resource: T; created: boolean }> {
    const id = resource.id;
    if (!id) {
      throw StoreErrors.badRequest(
        'Resource id is required for update',
        `${resource.resourceType}.id`,
      );
    }
    assertId(id);
    const key = `${resource.resourceType}/${id}`;
    // A row lock cannot guard an id that does not exist yet; this serialises racing creates of one id.
    await this.tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [key]);
    const existing = (
      await lockRows(this.tx, [{ resourceType: resource.resourceType, id }], true)
    ).get(key);
    await this.assertVisible(resource.resourceType, id, existing !== undefined);
    if (ifMatch !== undefined) {
      const expected = parseVersionTag(ifMatch);
      if (!existing || existing.version_id !== expected) {
        throw StoreErrors.versionConflict(ifMatch, existing?.version_id ?? 0);
      }
    }
    const previous =
      existing && !existing.deleted && existing.content
        ? (JSON.parse(existing.content) as Resource)
        : undefined;
    const version = (existing?.version_id ?? 0) + 1;
    const stored = await this.store(resource, previous, version, 'PUT');
    return { resource: stored, created: !existing || existing.deleted };
  }

  /** Logically deletes a resource: a new version marks it deleted; history keeps every version. */
  async delete(resourceType: string, id: string, ifMatch?: string): Promise<void> {
    const key = `${resourceType}/${id}`;
    const existing = (await lockRows(this.tx, [{ resourceType, id }], true)).get(key);
    await this.assertVisible(resourceType, id, existing !== undefined);
    if (!existing) {
      throw StoreErrors.notFound(resourceType, id);
    }
    if (ifMatch !== undefined && existing.version_id !== parseVersionTag(ifMatch)) {
      throw StoreErrors.versionConflict(ifMatch, existing.version_id);
    }
    if (existing.deleted) {
      return; // deleting twice is not an error (FHIR R4 §3.1.0.7.1)
    }
    const previous = JSON.parse(existing.content ?? '{}') as Resource;
    await this.env.hooks.beforeDelete?.(this.ctx, previous, this.tx);
    const { rows } = await this.tx.query<{
      patient_id: string | null;
      org_id: string | null;
      security: string[];
    }>('SELECT patient_id, org_id, security FROM resource WHERE resource_type = $1 AND id = $2', [
      resourceType,
      id,
    ]);
    const version = existing.version_id + 1;
    const access = { orgId: rows[0]?.org_id ?? null, security: rows[0]?.security ?? [] };
    await writeRows(
      this.tx,
      [
        deletionRow(
          resourceType,
          id,
          version,
          nextTimestamp(),
          rows[0]?.patient_id ?? null,
          access,
        ),
      ],
      'DELETE',
    );
    this.events.push({ type: 'delete', resourceType, id, versionId: version });
    await this.afterWrite(this.events.length - 1);
  }

  /**
   * Writes many resources that carry their ids, in one round of multi-row statements: new ids are
   * created, existing ones get a new version, and with `skipUnchanged` a resource identical to its
   * current version (ignoring meta.versionId/lastUpdated) is left alone, so re-imports are no-ops.
   * Returns how many were written.
   */
  async upsertMany(
    resources: readonly Resource[],
    options: { skipUnchanged: boolean; method?: string },
  ): Promise<number> {
    const invalid: OperationOutcomeIssue[] = [];
    resources.forEach((resource, i) => {
      if (!resource.id) {
        invalid.push({
          severity: 'error',
          code: 'required',
          details: { text: `Entry ${i}: resource has no id` },
        });
        return;
      }
      assertId(resource.id);
      if (this.env.validate) {
        for (const issue of validateResourceStrict(resource)) {
          if (issue.severity === 'error' || issue.severity === 'fatal') {
            invalid.push({ ...issue, diagnostics: `${resource.resourceType}/${resource.id}` });
          }
        }
      }
    });
    if (invalid.length > 0) {
      throw StoreErrors.invalid(invalid);
    }
    return this.writeMany(
      resources.map((r) => resourceCandidate(r, r.id as string)),
      options,
    );
  }

  /**
   * What `upsertMany` does to one resource before any SQL — id check, validation (errors returned
   * in `issues`, not thrown), serialisation and search-value extraction — as plain data that can
   * cross `postMessage`, so import workers can spread it over cores. Throws for a bad id and for
   * content PostgreSQL cannot store, like `upsertMany`.
   */
  static prepare(resource: Resource, validate = true): PreparedResource {
    if (!resource.id) {
      throw StoreErrors.badRequest('Resource id is required', `${resource.resourceType}.id`);
    }
    assertId(resource.id);
    return prepareResource(resource, validate);
  }

  /**
   * `upsertMany` for resources made by `TxWriter.prepare`: same validation verdict, locking,
   * versioning, `skipUnchanged` and domain hooks (run here, on this thread; the resource is
   * re-serialised and re-indexed only when a hook changed it). Returns how many were written.
   */
  async upsertPrepared(
    items: readonly PreparedResource[],
    options: { skipUnchanged: boolean; method?: string },
  ): Promise<number> {
    if (this.env.validate) {
      const invalid = items.flatMap((p) => p.issues);
      if (invalid.length > 0) {
        throw StoreErrors.invalid(invalid);
      }
    }
    return this.writeMany(items.map(preparedCandidate), options);
  }

  /**
   * The bulk path of `upsertMany` and `upsertPrepared`: locks every row once, plans each resource
   * with `planWrite` (the single-resource path's planning too), writes the rows in multi-row
   * statements, then runs the after-write hooks over the batch.
   */
  private async writeMany(
    candidates: readonly WriteCandidate[],
    options: { skipUnchanged: boolean; method?: string },
  ): Promise<number> {
    const existing = await lockRows(
      this.tx,
      candidates.map((c) => ({ resourceType: c.resourceType, id: c.id })),
      true,
    );
    const firstEvent = this.events.length;
    const planned: PlannedWrite[] = [];
    const seen = new Set<string>();
    for (const candidate of candidates) {
      const key = `${candidate.resourceType}/${candidate.id}`;
      if (seen.has(key)) {
        throw StoreErrors.badRequest(`${key} appears more than once in one write`);
      }
      seen.add(key);
      const current = existing.get(key);
      const previous =
        current && !current.deleted && current.content
          ? (JSON.parse(current.content) as Resource)
          : undefined;
      const plan = await planWrite(
        this.planEnv,
        candidate,
        previous,
        (current?.version_id ?? 0) + 1,
        options.skipUnchanged,
      );
      if (!plan) continue;
      planned.push(plan);
      this.events.push(plan.event);
    }
    await writeRows(
      this.tx,
      planned.map((p) => p.row),
      options.method ?? ((r) => (r.versionId === 1 ? 'POST' : 'PUT')),
    );
    await this.afterWrite(firstEvent);
    return planned.length;
  }

  /** The single-resource path (create, update): validate, plan as the bulk path does, write. */
  private async store<T extends Resource>(
    resource: T,
    previous: Resource | undefined,
    version: number,
    method: string,
  ): Promise<T> {
    if (this.env.validate) {
      assertValid(resource);
    }
    const plan = await planWrite(
      this.planEnv,
      resourceCandidate(resource, resource.id as string),
      previous,
      version,
      false,
    );
    await writeRows(this.tx, [plan.row], method);
    this.events.push(plan.event);
    await this.afterWrite(this.events.length - 1);
    return plan.event.resource as T;
  }

  /**
   * Stores audit records as new resources in this transaction, without validation or hooks (they
   * are the hooks' own output), without change events and outside `resource_history`: they never
   * change, and a history feed that grew with every audited read would grow with its own polling.
   * Only AuditEvents may take this path. They are written when the transaction's work is done
   * (`flushAudit`, called by `Repository.inTransaction` just before the commit).
   */
  async appendAudit(records: readonly AuditEvent[]): Promise<void> {
    for (const record of records) {
      if (record.resourceType !== 'AuditEvent') {
        throw StoreErrors.badRequest('Only AuditEvents can be appended without the write hooks');
      }
    }
    this.pendingAudit.push(...records);
  }

  /**
   * Writes the transaction's audit records as links of the audit chain (audit/chain.ts): each
   * carries the hash of the one before it, so altering or removing one later is detected. The
   * chain has one head, so appending takes a lock every writer waits for until its commit; taken
   * here, at the end, it is held for one insert and the commit instead of for the whole
   * transaction (an HL7 message's matching, protocol tasks and Provenance ran under it before,
   * serialising every transaction that wrote anything).
   */
  async flushAudit(): Promise<void> {
    const records = this.pendingAudit.splice(0);
    if (records.length === 0) {
      return;
    }
    let previous = await lockChainHead(this.tx);
    const links: ChainLink[] = [];
    const rows = records.map((record) => {
      const id = record.id ?? randomUUID();
      assertId(id);
      const { row, stored } = buildRow(
        withPreviousHash({ ...record, id }, previous),
        1,
        nextTimestamp(),
      );
      const hash = chainHash(previous, stored);
      links.push({ auditId: id, previous, hash });
      previous = hash;
      return row;
    });
    await writeRows(this.tx, rows, 'POST', { history: false });
    await appendLinks(this.tx, links);
  }

  /** A row the actor's scope hides cannot be updated or deleted on any path (REST, bundles, conditional updates): 404 like a read. */
  private async assertVisible(resourceType: string, id: string, exists: boolean): Promise<void> {
    if (exists && (await rowVisible(this.tx, this.ctx.scope, resourceType, id)) === false) {
      throw StoreErrors.notFound(resourceType, id);
    }
  }

  /** Runs the `afterWrite` hook on the events from `first` on, and stores the audit records it returns. */
  private async afterWrite(first: number): Promise<void> {
    if (this.events.length <= first) {
      return;
    }
    const events = this.events.slice(first);
    const hook = this.env.hooks.afterWrite;
    if (hook) {
      await this.appendAudit(await hook(this.ctx, events, this.tx));
    }
    const derive = this.env.hooks.deriveWrites;
    if (derive && this.deriving < MAX_DERIVE_DEPTH) {
      this.deriving++;
      try {
        await derive(this.ctx, events, this, this.tx);
      } finally {
        this.deriving--;
      }
    }
  }
}
