import { dateRange } from '@careweave/fhir';
import type { Resource } from '@medplum/fhirtypes';
import type { AccessScope } from '../context.js';
import type { Queryable } from '../db/database.js';
import { scopeSql } from '../scope.js';
import { SqlParams } from '../sql-params.js';
import { StoreErrors } from './errors.js';

/** Which history: system (`/_history`), type (`/Patient/_history`) or instance. */
export interface HistoryQuery {
  resourceType?: string;
  id?: string;
  /** Only versions written at or after this instant (`_since`). */
  since?: string;
  /** Only versions written before this instant (`_at` upper bound). */
  before?: string;
  count: number;
  /** Opaque cursor from a previous page's `next`. */
  cursor?: string;
}

/** One version in a history listing; `resource` is absent for a deletion. */
export interface HistoryEntry {
  resourceType: string;
  id: string;
  versionId: number;
  lastUpdated: string;
  method: string;
  deleted: boolean;
  resource?: Resource;
}

export interface HistoryPage {
  entries: HistoryEntry[];
  total?: number;
  nextCursor?: string;
}

interface HistoryRow {
  seq: string | number;
  resource_type: string;
  id: string;
  version_id: number;
  last_updated: Date | string;
  method: string;
  deleted: boolean;
  content: string | null;
}

/**
 * Lists versions newest first. Paging is keyset on the history sequence number, so pages stay
 * stable while new versions are written (they appear before the first page, never inside a later one).
 */
export async function listHistory(
  q: Queryable,
  scope: AccessScope,
  query: HistoryQuery,
): Promise<HistoryPage> {
  const params = new SqlParams();
  const where: string[] = [scopeSql(scope, 'h', params)];
  if (query.resourceType) {
    where.push(`h.resource_type = ${params.add(query.resourceType)}`);
  }
  if (query.id) {
    where.push(`h.id = ${params.add(query.id)}`);
  }
  if (query.since) {
    where.push(`h.last_updated >= ${params.add(checkInstant(query.since, '_since'))}::timestamptz`);
  }
  if (query.before) {
    where.push(`h.last_updated < ${params.add(checkInstant(query.before, '_at'))}::timestamptz`);
  }
  const countWhere = where.join(' AND ');
  const countParams = [...params.values];
  if (query.cursor) {
    const seq = Number.parseInt(query.cursor, 10);
    if (!Number.isSafeInteger(seq)) {
      throw StoreErrors.badRequest('Invalid history page cursor');
    }
    where.push(`h.seq < ${params.add(seq)}`);
  }
  const limit = params.add(query.count + 1);
  const { rows } = await q.query<HistoryRow>(
    `SELECT h.seq, h.resource_type, h.id, h.version_id, h.last_updated, h.method, h.deleted, h.content::text AS content
       FROM resource_history h WHERE ${where.join(' AND ')} ORDER BY h.seq DESC LIMIT ${limit}`,
    params.values,
  );
  const more = rows.length > query.count;
  const pageRows = more ? rows.slice(0, query.count) : rows;
  const page: HistoryPage = {
    entries: pageRows.map((r) => ({
      resourceType: r.resource_type,
      id: r.id,
      versionId: r.version_id,
      lastUpdated: new Date(r.last_updated).toISOString(),
      method: r.method,
      deleted: r.deleted,
      ...(r.content ? { resource: JSON.parse(r.content) as Resource } : {}),
    })),
  };
  if (more) {
    page.nextCursor = String(pageRows[pageRows.length - 1]?.seq);
  }
  if (!query.cursor) {
    const { rows: counted } = await q.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM resource_history h WHERE ${countWhere}`,
      countParams,
    );
    page.total = counted[0]?.n ?? 0;
  }
  return page;
}

/** `_since`/`_at` take an instant; a partial date means its start (`2020` → 2020-01-01T00:00:00Z). */
function checkInstant(value: string, name: string): string {
  const range = dateRange(value);
  if (!range) {
    throw StoreErrors.badRequest(
      `Invalid ${name} ${JSON.stringify(value)}: expected an instant such as 2025-01-31T00:00:00Z`,
    );
  }
  return range.low;
}
