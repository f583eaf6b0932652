import type { Resource } from '@medplum/fhirtypes';
import type { RequestContext } from '../context.js';
import type { Queryable } from '../db/database.js';
import { readCurrent } from './read.js';
import { executeSearch, type SearchResult } from '../search/execute.js';
import { parseSearch } from '../search/parse.js';

/**
 * Reads the current version of a resource on an open transaction's connection (`tx` from
 * `Repository.inTransaction` or a write hook), within the acting scope. Domain rules that must
 * read while a transaction is open use this: on embedded PGlite a read through the Repository's
 * pool would wait for the transaction to end.
 */
export function readInTransaction<T extends Resource = Resource>(
  tx: Queryable,
  ctx: RequestContext,
  resourceType: string,
  id: string,
): Promise<T> {
  return readCurrent<T>(tx, ctx.scope, resourceType, id);
}

/** `Repository.search` on an open transaction's connection (see `readInTransaction`). */
export function searchInTransaction(
  tx: Queryable,
  ctx: RequestContext,
  resourceType: string,
  pairs: Iterable<[string, string]>,
): Promise<SearchResult> {
  return executeSearch(tx, ctx.scope, parseSearch(resourceType, pairs));
}

/**
 * Serialises transactions that check-then-write the same thing (e.g. "one active care plan per
 * patient per programme"): a transaction-scoped advisory lock on `key`, released at commit.
 */
export async function lockInTransaction(tx: Queryable, key: string): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [key]);
}
