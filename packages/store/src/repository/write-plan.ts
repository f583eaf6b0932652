import type { Resource } from '@medplum/fhirtypes';
import type { RequestContext } from '../context.js';
import type { Queryable } from '../db/database.js';
import type { ChangeEvent, WriteHooks } from './hooks.js';
import {
  buildRow,
  preparedResource,
  preparedRow,
  splitResource,
  type PreparedResource,
  type ResourceRow,
} from './rows.js';

let lastStamp = 0;
/** A strictly increasing timestamp, so versions written in one millisecond still order. */
export function nextTimestamp(): string {
  lastStamp = Math.max(Date.now(), lastStamp + 1);
  return new Date(lastStamp).toISOString();
}

/**
 * A resource about to be written, as the plan needs it: a plain resource (REST, bundles,
 * `upsertMany`) or one an import worker already serialised and indexed (`TxWriter.prepare`).
 */
export interface WriteCandidate {
  readonly resourceType: string;
  readonly id: string;
  /** The content as sent (before the domain's hooks). */
  content(): Resource;
  /** The row of `ruled` (the content after the hooks), or of the content as sent when `ruled` is undefined. */
  row(ruled: Resource | undefined, version: number, lastUpdated: string): PlannedRow;
}

/** A row to store and the resource it stores (computed when first asked for). */
export interface PlannedRow {
  row: ResourceRow;
  stored: () => Resource;
}

/** A plain resource as a candidate: its row is built (serialised, search values extracted) here. */
export function resourceCandidate(resource: Resource, id: string): WriteCandidate {
  return {
    resourceType: resource.resourceType,
    id,
    content: () => resource,
    row(ruled, version, lastUpdated) {
      const built = buildRow(ruled ?? resource, version, lastUpdated);
      return { row: built.row, stored: () => built.stored };
    },
  };
}

/**
 * A prepared resource as a candidate: its prepared row is used as it is unless a hook changed the
 * content, and only then is the resource serialised and indexed again.
 */
export function preparedCandidate(p: PreparedResource): WriteCandidate {
  let content: Resource | undefined;
  return {
    resourceType: p.resourceType,
    id: p.id,
    content: () => (content ??= preparedResource(p)),
    row(ruled, version, lastUpdated) {
      if (ruled && ruled.resourceType === p.resourceType && ruled.id === p.id) {
        const again = splitResource(ruled);
        if (again.body === p.body && again.meta === p.meta) ruled = undefined;
      }
      if (!ruled) return preparedRow(p, version, lastUpdated);
      const built = buildRow(ruled, version, lastUpdated);
      return { row: built.row, stored: () => built.stored };
    },
  };
}

/** What a plan needs from the writer: who acts, the transaction, the domain's hooks. */
export interface PlanEnv {
  ctx: RequestContext;
  tx: Queryable;
  hooks: WriteHooks;
}

/** One resource's planned write: its row and the change event it makes. */
export interface PlannedWrite {
  row: ResourceRow;
  event: ChangeEvent;
}

/**
 * Plans the write of one resource, the same way on every path (single-resource REST writes and
 * the bulk `upsertMany`/`upsertPrepared`): the domain's `beforeWrite` hook, the next version and
 * timestamp, the row with its search values, and the change event. With `skipUnchanged`, a
 * resource equal to its current version (ignoring meta.versionId/lastUpdated) — as sent, or
 * once the hooks have added their server-owned meta — is not written: answers undefined.
 * Validation is the caller's (one resource throws; a batch reports every problem at once).
 */
export async function planWrite(
  env: PlanEnv,
  candidate: WriteCandidate,
  previous: Resource | undefined,
  version: number,
  skipUnchanged: false,
): Promise<PlannedWrite>;
export async function planWrite(
  env: PlanEnv,
  candidate: WriteCandidate,
  previous: Resource | undefined,
  version: number,
  skipUnchanged: boolean,
): Promise<PlannedWrite | undefined>;
export async function planWrite(
  env: PlanEnv,
  candidate: WriteCandidate,
  previous: Resource | undefined,
  version: number,
  skipUnchanged: boolean,
): Promise<PlannedWrite | undefined> {
  if (skipUnchanged && previous && sameContent(previous, candidate.content())) {
    return undefined;
  }
  const hook = env.hooks.beforeWrite;
  const ruled = hook ? await hook(env.ctx, candidate.content(), previous, env.tx) : undefined;
  const planned = candidate.row(ruled, version, nextTimestamp());
  // Hooks add server-owned meta (owner, labels): compare what would be stored, so re-imports stay no-ops.
  if (skipUnchanged && previous && ruled && sameContent(previous, planned.stored())) {
    return undefined;
  }
  const event: ChangeEvent = {
    type: previous ? 'update' : 'create',
    resourceType: planned.row.resourceType,
    id: planned.row.id,
    versionId: version,
  };
  if (previous) Object.defineProperty(event, 'previous', { value: previous });
  let stored: Resource | undefined;
  Object.defineProperty(event, 'resource', {
    enumerable: true,
    get: () => (stored ??= planned.stored()),
  });
  return { row: planned.row, event };
}

/** Equal as FHIR content, ignoring the server-owned version and timestamp. */
export function sameContent(a: Resource, b: Resource): boolean {
  const strip = (r: Resource): unknown => ({
    ...r,
    meta: { ...r.meta, versionId: undefined, lastUpdated: undefined },
  });
  return canonicalJson(strip(a)) === canonicalJson(strip(b));
}

function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>)
            .filter(([, x]) => x !== undefined)
            .sort(([x], [y]) => (x < y ? -1 : 1)),
        )
      : v,
  );
}
