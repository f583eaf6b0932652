import type { SqlValue } from '../db/database.js';
import { StoreErrors } from '../repository/errors.js';
import type { SortKey } from './model.js';
import type { SearchSql } from './sql-builder.js';

/** One ORDER BY key of a search: its SQL over alias `r`, the cast of its values, its direction. */
export interface KeyExpr {
  sql: string;
  cast: string;
  descending: boolean;
}

const NULL_LAST: Record<string, [string, string]> = {
  // [sentinel when ascending, sentinel when descending]: nulls sort last either way
  '::timestamptz': ["'infinity'::timestamptz", "'-infinity'::timestamptz"],
  '::numeric': ["'Infinity'::numeric", "'-Infinity'::numeric"],
  '::text': ['chr(1114111)', "''"],
};

/**
 * The SQL expression a sort key orders by (R4 §3.1.1.5.5): the lowest value of the resource for
 * an ascending key, the highest for a descending one, from the indexed side tables. A resource
 * without a value sorts last.
 */
function keyExpr(b: SearchSql, key: SortKey): KeyExpr {
  const { param, descending } = key;
  const agg = descending ? 'max' : 'min';
  const owner = 'x.resource_type = r.resource_type AND x.resource_id = r.id';
  if (param.code === '_id') {
    return { sql: 'r.id', cast: '::text', descending };
  }
  if (param.code === '_lastUpdated') {
    return { sql: 'r.last_updated', cast: '::timestamptz', descending };
  }
  let sql: string;
  let cast: string;
  switch (param.type) {
    case 'date':
      sql = `(SELECT ${agg}(x.${descending ? 'high' : 'low'}) FROM sp_date x WHERE ${owner} AND x.param = ${b.add(param.code)})`;
      cast = '::timestamptz';
      break;
    case 'number':
    case 'quantity':
      sql = `(SELECT ${agg}(x.value) FROM sp_number x WHERE ${owner} AND x.param = ${b.add(param.code)})`;
      cast = '::numeric';
      break;
    case 'string':
      sql = `(SELECT ${agg}(x.value COLLATE "C") FROM sp_string x WHERE ${owner} AND x.param = ${b.add(param.code)})`;
      cast = '::text';
      break;
    case 'reference':
      sql = `(SELECT ${agg}(t COLLATE "C") FROM unnest(r.refs) t WHERE left(t, ${b.add(param.code.length + 1)}::int) = ${b.add(`${param.code}|`)}::text)`;
      cast = '::text';
      break;
    default: {
      // token and uri: by code, whatever the system
      const head = `${param.code}|*|`;
      sql = `(SELECT ${agg}(substr(t, ${b.add(head.length + 1)}::int) COLLATE "C") FROM unnest(r.tokens) t WHERE left(t, ${b.add(head.length)}::int) = ${b.add(head)}::text)`;
      cast = '::text';
    }
  }
  const sentinel = NULL_LAST[cast]?.[descending ? 1 : 0];
  return { sql: `COALESCE(${sql}, ${sentinel})`, cast, descending };
}

/**
 * The keys a search orders by: the `_sort` keys, then `id` as the tie-break that makes the order
 * total (and keyset paging exact). `id` orders in the database's collation, which the primary
 * key index serves; within one database it is a total, stable order.
 */
export function sortKeys(b: SearchSql, sort: readonly SortKey[]): KeyExpr[] {
  return [...sort.map((k) => keyExpr(b, k)), { sql: 'r.id', cast: '::text', descending: false }];
}

/** A page cursor: the keys of the row a page starts after (`n`) or before (`p`, previous). */
export interface Cursor {
  direction: 'n' | 'p';
  values: SqlValue[];
}

/** Encodes a cursor for a `_cursor` link parameter. */
export function encodeCursor(direction: 'n' | 'p', values: unknown[]): string {
  const plain = values.map((v) => (v instanceof Date ? v.toISOString() : v));
  return Buffer.from(JSON.stringify({ d: direction, v: plain })).toString('base64url');
}

/** Decodes a `_cursor`; a malformed one (or one from another sort order) answers 400. */
export function decodeCursor(cursor: string, size: number): Cursor {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as {
      d?: unknown;
      v?: unknown;
    };
    const values = parsed.v;
    if (
      (parsed.d === 'n' || parsed.d === 'p') &&
      Array.isArray(values) &&
      values.length === size &&
      values.every((v) => typeof v === 'string' || typeof v === 'number')
    ) {
      return { direction: parsed.d, values: values };
    }
  } catch {
    // fall through
  }
  throw StoreErrors.badRequest('Invalid or expired page cursor');
}

/**
 * The keyset condition "after the cursor row" in the (possibly reversed) page order, over the
 * key columns `x.k0…` of the page sub-select.
 */
export function keysetSql(b: SearchSql, keys: readonly KeyExpr[], cursor: Cursor): string {
  const ors = keys.map((k, i) => {
    const eqs = keys
      .slice(0, i)
      .map((kj, j) => `x.k${j} = ${b.add(cursor.values[j] ?? null)}${kj.cast}`);
    const forward = cursor.direction === 'n' ? !k.descending : k.descending;
    return [
      ...eqs,
      `x.k${i} ${forward ? '>' : '<'} ${b.add(cursor.values[i] ?? null)}${k.cast}`,
    ].join(' AND ');
  });
  return ors.map((o) => `(${o})`).join(' OR ');
}
