import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Database } from './db/database.js';

const MIGRATIONS_DIR = fileURLToPath(new URL('../migrations/', import.meta.url));
// Any constant works; it serialises concurrent migrators on one PostgreSQL database.
const MIGRATION_LOCK_KEY = 727_011;

export interface MigrationResult {
  applied: string[];
  alreadyApplied: string[];
}

/**
 * Applies the versioned SQL files in `packages/store/migrations` that have not been applied yet,
 * each in its own transaction, recording them in `schema_migrations`. Safe to run twice and safe
 * when several servers start at once (an advisory lock serialises them on PostgreSQL).
 * Ends with ANALYZE, because PGlite never autovacuums (DESIGN.md §7). `only` limits the run to
 * those versions: a restore builds the schema its backup was taken from, loads it, then upgrades.
 */
export async function migrate(
  db: Database,
  options: { only?: readonly string[] } = {},
): Promise<MigrationResult> {
  const only = options.only ? new Set(options.only) : undefined;
  const files = readdirSync(MIGRATIONS_DIR)
    .filter((f) => /^\d{4}_.+\.sql$/.test(f))
    .filter((f) => !only || only.has(f.replace(/\.sql$/, '')))
    .sort();
  return db
    .transaction(async (tx) => {
      // Migrations are the operator's work and may rebuild large indexes: no statement timeout.
      await tx.exec('SET LOCAL statement_timeout = 0');
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
      await tx.query(
        'CREATE TABLE IF NOT EXISTS schema_migrations (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
      );
      const { rows } = await tx.query<{ version: string }>('SELECT version FROM schema_migrations');
      const done = new Set(rows.map((r) => r.version));
      const result: MigrationResult = { applied: [], alreadyApplied: [] };
      for (const file of files) {
        const version = file.replace(/\.sql$/, '');
        if (done.has(version)) {
          result.alreadyApplied.push(version);
          continue;
        }
        await tx.exec(readFileSync(MIGRATIONS_DIR + file, 'utf8'));
        await tx.query('INSERT INTO schema_migrations (version) VALUES ($1)', [version]);
        result.applied.push(version);
      }
      return result;
    })
    .then(async (result) => {
      if (result.applied.length > 0) {
        await db.transaction(async (tx) => {
          await tx.exec('SET LOCAL statement_timeout = 0');
          await tx.exec('ANALYZE');
        });
      }
      return result;
    });
}

/** The migration versions this Careweave knows, in order. */
export function knownMigrations(): string[] {
  return readdirSync(MIGRATIONS_DIR)
    .filter((f) => /^\d{4}_.+\.sql$/.test(f))
    .sort()
    .map((f) => f.replace(/\.sql$/, ''));
}

/** Which migrations a database has and which it still needs (read only: `careweave doctor`). */
export async function migrationStatus(
  db: Database,
): Promise<{ applied: string[]; pending: string[] }> {
  const files = readdirSync(MIGRATIONS_DIR)
    .filter((f) => /^\d{4}_.+\.sql$/.test(f))
    .sort()
    .map((f) => f.replace(/\.sql$/, ''));
  const { rows } = await db.query<{ exists: boolean }>(
    "SELECT to_regclass('schema_migrations') IS NOT NULL AS exists",
  );
  const applied = rows[0]?.exists
    ? (
        await db.query<{ version: string }>(
          'SELECT version FROM schema_migrations ORDER BY version',
        )
      ).rows.map((r) => r.version)
    : [];
  return { applied, pending: files.filter((f) => !applied.includes(f)) };
}
