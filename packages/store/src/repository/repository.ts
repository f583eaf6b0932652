import type { Resource } from '@medplum/fhirtypes';
import { applyPatch, type Operation } from 'rfc6902';
import { SYSTEM_CONTEXT, type RequestContext } from '../context.js';
import type { Database, Queryable } from '../db/database.js';
import { scopeSql } from '../scope.js';
import { SqlParams } from '../sql-params.js';
import { everything, parseEverything } from '../search/everything.js';
import { executeSearch, type SearchResult } from '../search/execute.js';
import { parseSearch, type ParseOptions } from '../search/parse.js';
import { StoreErrors, isValidId, parseVersionTag } from './errors.js';
import { listHistory, type HistoryPage, type HistoryQuery } from './history.js';
import type { WriteHooks } from './hooks.js';
import { readCurrent, readVersion } from './read.js';
import { TxWriter, type WriteEnv } from './tx-writer.js';
import { readModelsOn, type ReadModels } from '../read-models/index.js';

export interface RepositoryOptions {
  hooks?: WriteHooks;
  /** Validate every write against the R4 StructureDefinitions (default true). */
  validate?: boolean;
}

/** The result of a write: the stored resource, and whether it was newly created. */
export interface WriteResult<T extends Resource = Resource> {
  resource: T;
  created: boolean;
}

/** Turns `a=1&b=2` (with or without a leading `?` or `Type?`) into search pairs. */
export function queryPairs(query: string): [string, string][] {
  const q = query.includes('?') ? query.slice(query.indexOf('?') + 1) : query;
  return [...new URLSearchParams(q).entries()];
}

/**
 * The FHIR resource store: create, read, update, patch, delete, history, search, transactions.
 * Every call takes the acting context; its access scope is applied inside the SQL.
 */
export class Repository {
  private readonly env: WriteEnv;
  /**
   * The read models (store/src/read-models/README.md) on this repository's database: the care
   * domain's worklist, caseload, feeds and risk index, without handing it the database handle.
   */
  readonly readModels: ReadModels;

  constructor(
    readonly db: Database,
    private readonly options: RepositoryOptions = {},
  ) {
    this.env = { hooks: options.hooks ?? {}, validate: options.validate ?? true };
    this.readModels = readModelsOn(db);
  }

  /** A repository on the same database whose writes run `hooks` (other options kept). */
  withHooks(hooks: WriteHooks): Repository {
    return new Repository(this.db, { ...this.options, hooks });
  }

  /**
   * Runs `fn` with a writer bound to one database transaction; change events are published only
   * after the commit. Bundles and multi-resource domain operations use this.
   */
  async inTransaction<T>(
    ctx: RequestContext,
    fn: (writer: TxWriter, tx: Queryable) => Promise<T>,
  ): Promise<T> {
    let writer: TxWriter | undefined;
    const value = await this.db.transaction(async (tx) => {
      const w = new TxWriter(tx, ctx, this.env);
      writer = w;
      const result = await fn(w, tx);
      await w.flushAudit();
      return result;
    });
    if (writer && writer.events.length > 0) {
      this.env.hooks.afterCommit?.(ctx, writer.events);
    }
    return value;
  }

  /** Creates a resource; with `ifNoneExist` (a search query) an existing single match is returned instead. */
  async create<T extends Resource>(
    ctx: RequestContext,
    resource: T,
    options: { ifNoneExist?: string } & CompanionOption = {},
  ): Promise<WriteResult<T>> {
    return this.inTransaction(ctx, async (w, tx) => {
      const result = await this.createIn(ctx, w, tx, resource, options.ifNoneExist);
      return result.created ? withCompanion(w, result, options) : result;
    });
  }

  /** `create` within an open transaction (used by transaction Bundles). */
  async createIn<T extends Resource>(
    ctx: RequestContext,
    w: TxWriter,
    tx: Queryable,
    resource: T,
    ifNoneExist?: string,
    id?: string,
  ): Promise<WriteResult<T>> {
    if (ifNoneExist) {
      const matches = await this.matchIn(ctx, tx, resource.resourceType, ifNoneExist);
      if (matches.length > 1) {
        throw StoreErrors.multipleMatches(`If-None-Exist ${ifNoneExist}`);
      }
      if (matches[0]) {
        return { resource: matches[0] as T, created: false };
      }
    }
    return { resource: await w.create(resource, id), created: true };
  }

  async read<T extends Resource = Resource>(
    ctx: RequestContext,
    resourceType: string,
    id: string,
  ): Promise<T> {
    return readCurrent<T>(this.db, ctx.scope, resourceType, id);
  }

  async vread<T extends Resource = Resource>(
    ctx: RequestContext,
    resourceType: string,
    id: string,
    versionId: string,
  ): Promise<T> {
    return readVersion<T>(this.db, ctx.scope, resourceType, id, versionId);
  }

  /** Updates by id (creating it when the id is new); `ifMatch` makes it optimistic. */
  async update<T extends Resource>(
    ctx: RequestContext,
    resource: T,
    options: { ifMatch?: string } & CompanionOption = {},
  ): Promise<WriteResult<T>> {
    return this.inTransaction(ctx, async (w, tx) => {
      await this.assertWritable(ctx, tx, resource.resourceType, resource.id);
      return withCompanion(w, await w.update(resource, options.ifMatch), options);
    });
  }

  /** Conditional update `PUT Type?criteria`: 0 matches creates, 1 updates it, more answers 412. */
  async conditionalUpdate<T extends Resource>(
    ctx: RequestContext,
    query: string,
    resource: T,
    options: CompanionOption = {},
  ): Promise<WriteResult<T>> {
    return this.inTransaction(ctx, async (w, tx) =>
      withCompanion(w, await this.conditionalUpdateIn(ctx, w, tx, query, resource), options),
    );
  }

  async conditionalUpdateIn<T extends Resource>(
    ctx: RequestContext,
    w: TxWriter,
    tx: Queryable,
    query: string,
    resource: T,
  ): Promise<WriteResult<T>> {
    const matches = await this.matchIn(ctx, tx, resource.resourceType, query);
    if (matches.length > 1) {
      throw StoreErrors.multipleMatches(`Conditional update ${query}`);
    }
    const match = matches[0];
    if (!match) {
      return resource.id
        ? w.update(resource)
        : { resource: await w.create(resource), created: true };
    }
    if (resource.id && resource.id !== match.id) {
      throw StoreErrors.badRequest(
        `Resource id ${resource.id} does not match the resource found by ${query} (${match.id})`,
      );
    }
    return w.update({ ...resource, id: match.id });
  }

  /** Applies a JSON Patch (RFC 6902) to the current version and stores the result as a new version. */
  async patch<T extends Resource = Resource>(
    ctx: RequestContext,
    resourceType: string,
    id: string,
    operations: Operation[],
    options: { ifMatch?: string } & CompanionOption = {},
  ): Promise<T> {
    return this.inTransaction(ctx, async (w, tx) => {
      const current = await readCurrent<T>(tx, ctx.scope, resourceType, id);
      if (
        options.ifMatch !== undefined &&
        current.meta?.versionId !== String(parseVersionTag(options.ifMatch))
      ) {
        throw StoreErrors.versionConflict(options.ifMatch, Number(current.meta?.versionId));
      }
      const patched = structuredClone(current);
      let errors: ReturnType<typeof applyPatch>;
      try {
        errors = applyPatch(patched, operations).filter((e) => e !== null);
      } catch (err) {
        // rfc6902 throws (rather than reporting) for a malformed JSON Pointer such as `gender`.
        throw StoreErrors.badRequest(`JSON Patch failed: ${(err as Error).message}`);
      }
      if (errors.length > 0) {
        throw StoreErrors.badRequest(
          `JSON Patch failed: ${errors.map((e) => e?.message).join('; ')}`,
        );
      }
      if (patched.resourceType !== resourceType || patched.id !== id) {
        throw StoreErrors.badRequest('JSON Patch must not change resourceType or id');
      }
      const written = await w.update(
        patched,
        current.meta?.versionId ? `W/"${current.meta.versionId}"` : undefined,
      );
      return (await withCompanion(w, written, options)).resource;
    });
  }

  /** Logical delete: afterwards read answers 410 and history still shows every version. */
  async delete(
    ctx: RequestContext,
    resourceType: string,
    id: string,
    options: { ifMatch?: string } = {},
  ): Promise<void> {
    if (!isValidId(id)) {
      throw StoreErrors.notFound(resourceType, id); // as read does: no such resource can exist
    }
    await this.inTransaction(ctx, async (w, tx) => {
      await this.assertWritable(ctx, tx, resourceType, id);
      await w.delete(resourceType, id, options.ifMatch);
    });
  }

  /**
   * Conditional delete `DELETE Type?criteria` (FHIR R4 §3.1.0.7.1, `conditionalDelete: single`):
   * one match is deleted as an ordinary delete, several answer 412 (the criteria are not
   * selective enough), none answers 404 as deleting an unknown id does. Answers the deleted id.
   */
  async conditionalDelete(
    ctx: RequestContext,
    resourceType: string,
    query: string,
  ): Promise<string> {
    return this.inTransaction(ctx, async (w, tx) => {
      const matches = await this.matchIn(ctx, tx, resourceType, query);
      if (matches.length > 1) {
        throw StoreErrors.multipleMatches(`Conditional delete ${resourceType}?${query}`);
      }
      const match = matches[0];
      if (!match?.id) {
        throw StoreErrors.notFound(resourceType, `?${query}`);
      }
      await w.delete(resourceType, match.id);
      return match.id;
    });
  }

  /** Searches with FHIR URL parameters (pairs, so repeated parameters AND together). */
  async search(
    ctx: RequestContext,
    resourceType: string,
    pairs: Iterable<[string, string]>,
    options: ParseOptions = {},
  ): Promise<SearchResult> {
    return executeSearch(this.db, ctx.scope, parseSearch(resourceType, pairs, options));
  }

  /**
   * `search` on a given connection: inside an open transaction (e.g. from a write hook, which on
   * embedded PGlite cannot wait for a second connection) it sees that transaction's rows.
   */
  async searchIn(
    ctx: RequestContext,
    q: Queryable,
    resourceType: string,
    pairs: Iterable<[string, string]>,
  ): Promise<SearchResult> {
    return executeSearch(q, ctx.scope, parseSearch(resourceType, pairs));
  }

  /** `Patient/{id}/$everything` (`_since`, `_type`, `_count`, paging): the patient's compartment. */
  async everything(
    ctx: RequestContext,
    patientId: string,
    pairs: Iterable<[string, string]>,
  ): Promise<SearchResult> {
    return everything(this.db, ctx.scope, parseEverything(patientId, pairs));
  }

  async history(ctx: RequestContext, query: HistoryQuery): Promise<HistoryPage> {
    return listHistory(this.db, ctx.scope, query);
  }

  /** Resources matching conditional criteria, inside a transaction; serialised per criteria so two racing conditional creates cannot both create. */
  async matchIn(
    ctx: RequestContext,
    tx: Queryable,
    resourceType: string,
    query: string,
  ): Promise<Resource[]> {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`${resourceType}?${query}`]);
    const search = parseSearch(resourceType, queryPairs(query));
    const page = { ...search, count: 2, total: 'none' as const };
    const visible = (await executeSearch(tx, ctx.scope, page)).resources;
    // Nothing the caller can see matches, but something may that she cannot: creating anyway
    // would make a second record of a person she has no access to (a conditional update on
    // `_id` of a hidden Patient made a new Patient). Refused, without saying what matched.
    if (visible.length === 0 && ctx.scope.kind !== 'system') {
      const hidden = await executeSearch(tx, SYSTEM_CONTEXT.scope, { ...page, count: 1 });
      if (hidden.resources.length > 0) {
        throw StoreErrors.forbidden(
          `The criteria ${resourceType}?${query} match a record you may not see or change; a conditional write cannot go ahead (ask an administrator or the record's care team)`,
        );
      }
    }
    return visible;
  }

  /** Writes to an existing resource require that the actor can see it: a hidden one answers 404. */
  private async assertWritable(
    ctx: RequestContext,
    tx: Queryable,
    resourceType: string,
    id: string | undefined,
  ): Promise<void> {
    if (ctx.scope.kind === 'system' || !id) {
      return;
    }
    const params = new SqlParams();
    const visible = scopeSql(ctx.scope, 'r', params);
    const { rows } = await tx.query<{ visible: boolean }>(
      `SELECT ${visible} AS visible FROM resource r WHERE r.resource_type = ${params.add(resourceType)} AND r.id = ${params.add(id)}`,
      params.values,
    );
    if (rows[0] && !rows[0].visible) {
      throw StoreErrors.notFound(resourceType, id);
    }
  }
}

/**
 * A resource written in the same transaction as a single-resource write and derived from its
 * result — e.g. the Provenance a client sends in `X-Provenance`, whose target is the version just
 * written. Both commit, or neither does.
 */
export interface CompanionOption {
  companion?: (written: Resource) => Resource;
}

async function withCompanion<R extends { resource: Resource }>(
  w: TxWriter,
  result: R,
  options: CompanionOption,
): Promise<R> {
  if (options.companion) {
    await w.create(options.companion(result.resource));
  }
  return result;
}
