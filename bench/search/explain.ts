/**
 * EXPLAIN (ANALYZE, BUFFERS) of each shape: the statements the Repository sends for one sample
 * (captured by wrapping the database), and the raw lower bound. Flags a sequential scan of a
 * large table, which the issue forbids.
 */
import {
  Repository,
  SYSTEM_CONTEXT,
  queryPairs,
  type Database,
  type Queryable,
  type SqlValue,
} from '@careweave/store';
import type { Sample, Shape } from './shapes.js';

/** Tables that must never be scanned sequentially by a search. */
const LARGE = /Seq Scan on (resource|resource_history|sp_string|sp_date|sp_number)\b/;

export interface ShapePlans {
  shape: string;
  request: string;
  api: string[];
  raw: string;
  seqScans: string[];
}

/** A Database that records every statement, so the Repository's SQL can be explained. */
function capturing(db: Database, log: { sql: string; params: readonly SqlValue[] }[]): Database {
  const record: Queryable['query'] = (sql, params) => {
    log.push({ sql, params: params ?? [] });
    return db.query(sql, params);
  };
  return {
    kind: db.kind,
    query: record,
    exec: (sql) => db.exec(sql),
    transaction: (fn) => db.transaction(fn),
    close: () => db.close(),
  };
}

async function explain(db: Queryable, sql: string, params: readonly SqlValue[]): Promise<string> {
  const { rows } = await db.query<Record<string, string>>(
    `EXPLAIN (ANALYZE, BUFFERS) ${sql}`,
    params,
  );
  return rows.map((r) => Object.values(r)[0]).join('\n');
}

/** Explains one shape for one sample. */
export async function explainShape(
  db: Database,
  shape: Shape,
  sample: Sample,
): Promise<ShapePlans> {
  const log: { sql: string; params: readonly SqlValue[] }[] = [];
  const repo = new Repository(capturing(db, log));
  const request = shape.request(sample);
  const [type = '', query = ''] = request.split('?');
  await repo.search(SYSTEM_CONTEXT, type, queryPairs(query));
  const api: string[] = [];
  for (const statement of log) {
    api.push(
      `${statement.sql.replace(/\s+/g, ' ')}\n-- params: ${JSON.stringify(statement.params).slice(0, 300)}\n${await explain(db, statement.sql, statement.params)}`,
    );
  }
  const raw = shape.raw(sample);
  const rawPlan = `${raw.sql.replace(/\s+/g, ' ')}\n-- params: ${JSON.stringify(raw.params)}\n${await explain(db, raw.sql, raw.params)}`;
  const seqScans = [...api, rawPlan].flatMap((plan) =>
    plan
      .split('\n')
      .filter((line) => LARGE.test(line))
      .map((line) => line.trim()),
  );
  return { shape: shape.name, request, api, raw: rawPlan, seqScans };
}
