import type { Database } from '../db/database.js';
import { listTables } from './catalog.js';
import { ident } from './format.js';

/** Each table's row count and an MD5 of its rows in a fixed order: equal databases, equal prints. */
export type Fingerprint = Record<string, { rows: number; md5: string }>;

/**
 * A content fingerprint of every Careweave table, to check a restore against its source (and for
 * an operator to compare two databases). Reads whole tables: meant for checks, not for hot paths.
 */
export async function databaseFingerprint(db: Database): Promise<Fingerprint> {
  const print: Fingerprint = {};
  for (const table of await listTables(db)) {
    const { rows } = await db.query<{ n: number | string; md5: string | null }>(
      `SELECT count(*) AS n, md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) AS md5
         FROM ${ident(table.name)} t`,
    );
    print[table.name] = { rows: Number(rows[0]?.n ?? 0), md5: rows[0]?.md5 ?? '' };
  }
  return print;
}
