import type { Queryable } from '../db/database.js';
import { BackupError, type BackupTable } from './format.js';

/** The table that records migrations: the restore rebuilds it with the schema, not from rows. */
export const MIGRATIONS_TABLE = 'schema_migrations';

/**
 * The Careweave tables of the current schema (not partitions), ordered so that every table comes
 * after the tables its foreign keys reference, with the columns a restore writes.
 */
export async function listTables(q: Queryable): Promise<Omit<BackupTable, 'rows'>[]> {
  const { rows: tables } = await q.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition
      ORDER BY c.relname`,
  );
  const { rows: columns } = await q.query<{ table_name: string; column_name: string }>(
    `SELECT table_name, column_name FROM information_schema.columns
      WHERE table_schema = current_schema() AND is_generated = 'NEVER'
      ORDER BY table_name, ordinal_position`,
  );
  const { rows: refs } = await q.query<{ child: string; parent: string }>(
    `SELECT c.relname AS child, p.relname AS parent FROM pg_constraint k
       JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class p ON p.oid = k.confrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE k.contype = 'f' AND n.nspname = current_schema() AND c.relname <> p.relname`,
  );
  const names = tables.map((t) => t.name).filter((n) => n !== MIGRATIONS_TABLE);
  const parents = new Map<string, string[]>(names.map((n) => [n, []]));
  for (const ref of refs) parents.get(ref.child)?.push(ref.parent);
  const ordered: string[] = [];
  const visiting = new Set<string>();
  const visit = (name: string): void => {
    if (ordered.includes(name)) return;
    if (visiting.has(name)) throw new BackupError(`foreign keys form a cycle through ${name}`);
    visiting.add(name);
    for (const parent of parents.get(name) ?? []) visit(parent);
    visiting.delete(name);
    ordered.push(name);
  };
  names.forEach(visit);
  return ordered.map((name) => ({
    name,
    columns: columns.filter((c) => c.table_name === name).map((c) => c.column_name),
  }));
}

/** The sequences of the current schema (bigserial ids) with their last values. */
export async function listSequences(q: Queryable): Promise<{ name: string; value: number }[]> {
  const { rows } = await q.query<{ name: string; value: string | number | null }>(
    `SELECT sequencename AS name, last_value AS value FROM pg_sequences
      WHERE schemaname = current_schema() ORDER BY sequencename`,
  );
  return rows
    .filter((r) => r.value !== null)
    .map((r) => ({ name: r.name, value: Number(r.value) }));
}

/** The migrations applied to this database (none when it was never migrated). */
export async function appliedMigrations(q: Queryable): Promise<string[]> {
  const { rows } = await q.query<{ exists: boolean }>(
    `SELECT to_regclass('${MIGRATIONS_TABLE}') IS NOT NULL AS exists`,
  );
  if (!rows[0]?.exists) return [];
  const applied = await q.query<{ version: string }>(
    `SELECT version FROM ${MIGRATIONS_TABLE} ORDER BY version`,
  );
  return applied.rows.map((r) => r.version);
}
