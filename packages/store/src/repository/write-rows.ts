import type { Queryable, SqlValue } from '../db/database.js';
import type { ResourceRow } from './rows.js';

/** PostgreSQL allows 65,535 bind parameters per statement; stay well below. */
const MAX_PARAMS = 30_000;
/** Indexed characters of a string value (see the comment where it is used). */
const MAX_STRING_INDEX = 512;

/** GIN entries have a size limit too; a token longer than this is not searchable (none are in practice). */
function indexable(values: string[]): string[] {
  return values.some((v) => v.length > MAX_STRING_INDEX * 2)
    ? values.filter((v) => v.length <= MAX_STRING_INDEX * 2)
    : values;
}

/**
 * Inserts rows with one multi-row statement per chunk, `columns` values per row.
 * Batching is what makes bulk import fast: one round trip per few thousand values.
 */
async function insertMany(
  tx: Queryable,
  head: string,
  columns: number,
  values: SqlValue[][],
  casts: string[],
  tail = '',
): Promise<void> {
  const perChunk = Math.max(1, Math.floor(MAX_PARAMS / columns));
  for (let start = 0; start < values.length; start += perChunk) {
    const chunk = values.slice(start, start + perChunk);
    const params: SqlValue[] = [];
    const tuples = chunk.map((row) => {
      const ph = row.map((v, i) => {
        params.push(v);
        return `$${params.length}${casts[i] ?? ''}`;
      });
      return `(${ph.join(',')})`;
    });
    await tx.query(`${head} VALUES ${tuples.join(',')} ${tail}`, params);
  }
}

/**
 * Writes new versions: upserts the current-version table, replaces the search-value rows, and
 * appends every version to history. Callers have already locked the rows and chosen versions.
 */
export async function writeRows(
  tx: Queryable,
  rows: readonly ResourceRow[],
  method: string | ((row: ResourceRow) => string),
  options: { history?: boolean } = {},
): Promise<void> {
  if (rows.length === 0) {
    return;
  }
  const methodOf = typeof method === 'string' ? (): string => method : method;
  // One statement per chunk writes the current rows and their history rows from the same VALUES,
  // so each resource's JSON is sent and parsed once. Version 1 means no row existed under the
  // lock: a plain INSERT (a racing creator makes it fail, as the history's unique key would
  // anyway); a chunk with later versions replaces the current rows instead.
  const columns =
    'resource_type, id, version_id, last_updated, deleted, patient_id, content, tokens, refs, org_id, security';
  const upsert = rows.every((r) => r.versionId === 1)
    ? ''
    : `ON CONFLICT (resource_type, id) DO UPDATE SET version_id = EXCLUDED.version_id, last_updated = EXCLUDED.last_updated,
       deleted = EXCLUDED.deleted, patient_id = EXCLUDED.patient_id, content = EXCLUDED.content,
       tokens = EXCLUDED.tokens, refs = EXCLUDED.refs, org_id = EXCLUDED.org_id, security = EXCLUDED.security`;
  await insertMany(
    tx,
    `WITH v (${columns}, method) AS (`,
    12,
    rows.map((r) => [
      r.resourceType,
      r.id,
      r.versionId,
      r.lastUpdated,
      r.deleted,
      r.patientId,
      r.json,
      indexable(r.index.tokens),
      indexable(r.index.references),
      r.orgId,
      r.security,
      methodOf(r),
    ]),
    [
      '::text',
      '::text',
      '::int',
      '::timestamptz',
      '::boolean',
      '::text',
      '::jsonb',
      '::text[]',
      '::text[]',
      '::text',
      '::text[]',
      '::text',
    ],
    `), cur AS (INSERT INTO resource (${columns}) SELECT ${columns} FROM v ${upsert})
     INSERT INTO resource_history (resource_type, id, version_id, last_updated, deleted, method, patient_id, content, org_id, security)
     SELECT resource_type, id, version_id, last_updated, deleted, method, patient_id, content, org_id, security FROM v
      WHERE ${options.history === false ? 'FALSE' : 'TRUE'}`,
  );
  const replaced = rows.filter((r) => r.versionId > 1);
  if (replaced.length > 0) {
    const types = replaced.map((r) => r.resourceType);
    const ids = replaced.map((r) => r.id);
    for (const table of ['sp_string', 'sp_date', 'sp_number']) {
      await tx.query(
        `DELETE FROM ${table} t USING unnest($1::text[], $2::text[]) AS k(rt, rid) WHERE t.resource_type = k.rt AND t.resource_id = k.rid`,
        [types, ids],
      );
    }
  }
  const strings: SqlValue[][] = [];
  const dates: SqlValue[][] = [];
  const numbers: SqlValue[][] = [];
  for (const r of rows) {
    for (const s of r.index.strings) {
      // B-tree entries are limited to ~2.7 kB; prefix search needs only the start of long text.
      // raw (as written, for :exact) and comp (a composite's first component): migration 0004.
      strings.push([
        r.resourceType,
        r.id,
        r.patientId,
        s.param,
        s.value.slice(0, MAX_STRING_INDEX),
        s.raw?.slice(0, MAX_STRING_INDEX) ?? null,
        s.comp?.system ?? null,
        s.comp?.code ?? null,
      ]);
    }
    for (const d of r.index.dates) {
      dates.push([
        r.resourceType,
        r.id,
        r.patientId,
        d.param,
        d.low,
        d.high,
        d.comp?.system ?? null,
        d.comp?.code ?? null,
      ]);
    }
    for (const n of r.index.numbers) {
      numbers.push([
        r.resourceType,
        r.id,
        r.patientId,
        n.param,
        n.value,
        n.low,
        n.high,
        n.system ?? null,
        n.code ?? null,
        n.unit ?? null,
        n.comp?.system ?? null,
        n.comp?.code ?? null,
      ]);
    }
  }
  await insertColumns(
    tx,
    'sp_string (resource_type, resource_id, patient_id, param, value, raw, comp_system, comp_code)',
    ['text', 'text', 'text', 'text', 'text', 'text', 'text', 'text'],
    strings,
  );
  await insertColumns(
    tx,
    'sp_date (resource_type, resource_id, patient_id, param, low, high, comp_system, comp_code)',
    ['text', 'text', 'text', 'text', 'timestamptz', 'timestamptz', 'text', 'text'],
    dates,
  );
  await insertColumns(
    tx,
    'sp_number (resource_type, resource_id, patient_id, param, value, low, high, system, code, unit, comp_system, comp_code)',
    [
      'text',
      'text',
      'text',
      'text',
      'numeric',
      'numeric',
      'numeric',
      'text',
      'text',
      'text',
      'text',
      'text',
    ],
    numbers,
  );
}

/**
 * Inserts many small rows as one array per column through `unnest`: the statement stays a few
 * parameters long whatever the row count, so PostgreSQL does not parse and plan thousands of
 * placeholders (for the search-value rows that was a fifth of the database's time on import).
 */
async function insertColumns(
  tx: Queryable,
  table: string,
  types: readonly string[],
  rows: readonly SqlValue[][],
): Promise<void> {
  const perChunk = 10_000;
  for (let start = 0; start < rows.length; start += perChunk) {
    const chunk = rows.slice(start, start + perChunk);
    const columns = types.map((_, i) => chunk.map((row) => row[i] ?? null) as unknown as SqlValue);
    await tx.query(
      `INSERT INTO ${table} SELECT * FROM unnest(${types.map((t, i) => `$${i + 1}::${t}[]`).join(', ')})`,
      columns,
    );
  }
}

/** The current state of a resource as seen under a row lock. */
export interface ExistingRow {
  resource_type: string;
  id: string;
  version_id: number;
  deleted: boolean;
  content: string | null;
}

/**
 * Locks the current rows of the given resources (`SELECT … FOR UPDATE`) so that concurrent
 * writers of the same resource serialise and versions never collide. Returns what exists.
 */
export async function lockRows(
  tx: Queryable,
  keys: readonly { resourceType: string; id: string }[],
  withContent = false,
): Promise<Map<string, ExistingRow>> {
  const found = new Map<string, ExistingRow>();
  if (keys.length === 0) {
    return found;
  }
  const { rows } = await tx.query<ExistingRow>(
    `SELECT r.resource_type, r.id, r.version_id, r.deleted, ${withContent ? 'r.content::text' : 'NULL'} AS content
       FROM resource r JOIN unnest($1::text[], $2::text[]) AS k(rt, rid) ON r.resource_type = k.rt AND r.id = k.rid
      ORDER BY r.resource_type, r.id
      FOR UPDATE OF r`,
    [keys.map((k) => k.resourceType), keys.map((k) => k.id)],
  );
  for (const row of rows) {
    found.set(`${row.resource_type}/${row.id}`, row);
  }
  return found;
}
