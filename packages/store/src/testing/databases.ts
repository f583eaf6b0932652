import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Database } from '../db/database.js';
import { openPglite } from '../db/pglite.js';
import { openPostgres } from '../db/postgres.js';
import { migrate } from '../migrate.js';

/** A database a test suite runs against; `dispose` drops whatever the suite created. */
export interface TestDatabase {
  name: 'pglite' | 'postgres';
  db: Database;
  dispose(): Promise<void>;
}

/**
 * The databases every store and API test runs on: embedded PGlite always, and PostgreSQL when
 * `DATABASE_URL` is set (CI sets it). Each suite gets its own PostgreSQL schema, so test files
 * running in parallel do not see each other's rows.
 */
export function testDatabaseKinds(): ('pglite' | 'postgres')[] {
  return process.env['DATABASE_URL'] ? ['pglite', 'postgres'] : ['pglite'];
}

/** Opens and migrates a fresh database of the given kind. */
export async function openTestDatabase(kind: 'pglite' | 'postgres'): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const db = await openPglite();
    await migrate(db);
    return { name: kind, db, dispose: () => db.close() };
  }
  const url = process.env['DATABASE_URL'];
  if (!url) {
    throw new Error('DATABASE_URL is not set');
  }
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const db = await openPostgres(url, { schema, max: 4 });
  await migrate(db);
  return {
    name: kind,
    db,
    async dispose() {
      await db.close();
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.end();
    },
  };
}
