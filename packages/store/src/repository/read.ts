import type { Resource } from '@medplum/fhirtypes';
import type { AccessScope } from '../context.js';
import type { Queryable } from '../db/database.js';
import { scopeContentSql, scopeSql } from '../scope.js';
import { SqlParams } from '../sql-params.js';
import { StoreErrors, isValidId } from './errors.js';

interface ContentRow {
  content: string | null;
  deleted: boolean;
}

/**
 * Reads the current version of a resource within the acting scope. Out of scope answers exactly
 * like "does not exist" (404), so a forbidden record's existence is not revealed.
 */
export async function readCurrent<T extends Resource = Resource>(
  q: Queryable,
  scope: AccessScope,
  resourceType: string,
  id: string,
): Promise<T> {
  if (!isValidId(id)) {
    throw StoreErrors.notFound(resourceType, id);
  }
  const params = new SqlParams();
  // scopeContentSql: a Patient seen only through a referral inbox is projected to its minimum fields.
  const access = scopeContentSql(scope, 'r', params);
  const sql = `SELECT ${access.content}::text AS content, r.deleted FROM resource r
                WHERE r.resource_type = ${params.add(resourceType)} AND r.id = ${params.add(id)} AND ${access.where}`;
  const { rows } = await q.query<ContentRow>(sql, params.values);
  const row = rows[0];
  if (!row) {
    throw StoreErrors.notFound(resourceType, id);
  }
  if (row.deleted || !row.content) {
    throw StoreErrors.gone(resourceType, id);
  }
  return JSON.parse(row.content) as T;
}

/** Reads one version (`vread`). A version that records a deletion answers 410. */
export async function readVersion<T extends Resource = Resource>(
  q: Queryable,
  scope: AccessScope,
  resourceType: string,
  id: string,
  versionId: string,
): Promise<T> {
  const version = Number.parseInt(versionId, 10);
  if (!isValidId(id)) {
    throw StoreErrors.notFound(resourceType, id);
  }
  if (!Number.isSafeInteger(version) || String(version) !== versionId) {
    throw StoreErrors.notFound(resourceType, `${id}/_history/${versionId}`);
  }
  const params = new SqlParams();
  const sql = `SELECT h.content::text AS content, h.deleted FROM resource_history h
                WHERE h.resource_type = ${params.add(resourceType)} AND h.id = ${params.add(id)}
                  AND h.version_id = ${params.add(version)} AND ${scopeSql(scope, 'h', params)}`;
  const { rows } = await q.query<ContentRow>(sql, params.values);
  const row = rows[0];
  if (!row) {
    throw StoreErrors.notFound(resourceType, `${id}/_history/${versionId}`);
  }
  if (row.deleted || !row.content) {
    throw StoreErrors.gone(resourceType, `${id}/_history/${versionId}`);
  }
  return JSON.parse(row.content) as T;
}
