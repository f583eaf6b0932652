import type { AuditEvent, Resource } from '@medplum/fhirtypes';
import type { RequestContext } from '../context.js';
import type { Queryable } from '../db/database.js';
import type { ResourceWriter } from './writer.js';

/** One committed change, handed to listeners after the transaction commits (the change feed). */
export interface ChangeEvent {
  type: 'create' | 'update' | 'delete';
  resourceType: string;
  id: string;
  versionId: number;
  resource?: Resource;
  /**
   * The version this change replaced (updates and deletes), for rules that react to what changed
   * (a status that became `finished`, an owner that was set). Not enumerable: events stay small
   * when logged or serialised.
   */
  readonly previous?: Resource;
}

/**
 * How the domain (`care`) takes part in the one write path without `store` importing it:
 * the caller injects hooks when it builds the Repository (arrows point downwards only).
 */
export interface WriteHooks {
  /**
   * Domain rules run inside the write's transaction after validation and before storage, on every
   * path (FHIR REST, `/api`, import, HL7 v2, jobs). Return the resource to store (e.g. with labels
   * added) or throw an `OperationOutcomeError` to reject the write.
   */
  beforeWrite?: (
    ctx: RequestContext,
    next: Resource,
    previous: Resource | undefined,
    tx: Queryable,
  ) => Promise<Resource> | Resource;
  /** Runs before a deletion; throw to refuse it. */
  beforeDelete?: (ctx: RequestContext, previous: Resource, tx: Queryable) => Promise<void> | void;
  /**
   * Runs inside the write's transaction right after its rows are stored (once per single write,
   * once per bulk `upsertMany`/`upsertPrepared` call). The AuditEvents it returns are stored in
   * that same transaction, without running hooks again, so a write and its audit record commit or
   * roll back together (the access-control brief's "Audit").
   */
  afterWrite?: (
    ctx: RequestContext,
    events: readonly ChangeEvent[],
    tx: Queryable,
  ) => Promise<readonly AuditEvent[]> | readonly AuditEvent[];
  /**
   * Writes that follow from a write, made inside its transaction through the same writer — so they
   * are validated, pass `beforeWrite`, are audited, and commit or roll back with the write that
   * caused them (e.g. the scores and safety task of a completed QuestionnaireResponse, on every
   * path: REST, bundles, import). Runs after `afterWrite` with that write's events; the derived
   * writes' own events come back here too, up to a small depth, so a rule must ignore its output.
   */
  deriveWrites?: (
    ctx: RequestContext,
    events: readonly ChangeEvent[],
    writer: ResourceWriter,
    tx: Queryable,
  ) => Promise<void>;
  /** Called once the transaction has committed. */
  afterCommit?: (ctx: RequestContext, events: readonly ChangeEvent[]) => void;
}
