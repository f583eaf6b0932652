import type { AccessScope } from './context.js';
import type { Queryable } from './db/database.js';
import { scopeSql } from './scope.js';
import { SqlParams } from './sql-params.js';

export interface ExportOptions {
  /** Resource types to export; all types present when omitted. */
  types?: readonly string[];
  /** Only resources changed at or after this instant (`_since`). */
  since?: string;
  /** Rows fetched per round trip. */
  batchSize?: number;
}

/** Counts current (not deleted) resources per type within the scope, for progress and summaries. */
export async function countByType(
  q: Queryable,
  scope: AccessScope,
  types?: readonly string[],
): Promise<Map<string, number>> {
  const params = new SqlParams();
  const where = [`NOT r.deleted`, scopeSql(scope, 'r', params)];
  if (types) {
    where.push(`r.resource_type = ANY(${params.add([...types])}::text[])`);
  }
  const { rows } = await q.query<{ resource_type: string; n: number }>(
    `SELECT r.resource_type, count(*)::int AS n FROM resource r WHERE ${where.join(' AND ')} GROUP BY r.resource_type ORDER BY r.resource_type`,
    params.values,
  );
  return new Map(rows.map((r) => [r.resource_type, r.n]));
}

/**
 * Streams current resources as JSON text, type by type, in id order with keyset paging, so memory
 * stays constant whatever the size of the database. The access scope applies as for any read.
 */
export async function* exportResources(
  q: Queryable,
  scope: AccessScope,
  options: ExportOptions = {},
): AsyncGenerator<{ resourceType: string; json: string }> {
  const types = options.types ?? [...(await countByType(q, scope)).keys()];
  const batch = options.batchSize ?? 1000;
  for (const resourceType of types) {
    let after = '';
    for (;;) {
      const params = new SqlParams();
      const where = [
        `r.resource_type = ${params.add(resourceType)}`,
        'NOT r.deleted',
        `r.id COLLATE "C" > ${params.add(after)}`,
        scopeSql(scope, 'r', params),
      ];
      if (options.since) {
        where.push(`r.last_updated >= ${params.add(options.since)}::timestamptz`);
      }
      const { rows } = await q.query<{ id: string; content: string }>(
        `SELECT r.id, r.content::text AS content FROM resource r WHERE ${where.join(' AND ')} ORDER BY r.id COLLATE "C" LIMIT ${params.add(batch)}`,
        params.values,
      );
      for (const row of rows) {
        yield { resourceType, json: row.content };
      }
      const last = rows[rows.length - 1];
      if (!last || rows.length < batch) {
        break;
      }
      after = last.id;
    }
  }
}
