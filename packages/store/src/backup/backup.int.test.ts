import { randomBytes } from 'node:crypto';
import type { Task } from '@medplum/fhirtypes';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_CONTEXT } from '../context.js';
import type { Database } from '../db/database.js';
import { openPglite } from '../db/pglite.js';
import { openPostgres } from '../db/postgres.js';
import { countByType } from '../export.js';
import { Repository } from '../repository/repository.js';
import { seedClinic } from '../testing/clinic.js';
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from '../testing/databases.js';
import { dumpDatabase } from './dump.js';
import { databaseFingerprint } from './fingerprint.js';
import { restoreDatabase } from './restore.js';

/** A database with nothing in it, not even migrations: where a restore is meant to go. */
async function emptyDatabase(
  kind: 'pglite' | 'postgres',
): Promise<{ db: Database; dispose: () => Promise<void> }> {
  if (kind === 'pglite') {
    const db = await openPglite();
    return { db, dispose: () => db.close() };
  }
  const url = process.env['DATABASE_URL'] ?? '';
  const schema = `r_${randomBytes(6).toString('hex')}`;
  const db = await openPostgres(url, { schema, max: 2 });
  return {
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

async function backupLines(db: Database): Promise<string[]> {
  const lines: string[] = [];
  await dumpDatabase(db, (line) => {
    lines.push(line);
  });
  return lines;
}

async function* from(lines: string[]): AsyncGenerator<string> {
  for (const line of lines) yield line;
}

// Each test opens a fresh database (PGlite: seconds, more on a loaded machine), hence the timeouts.
describe.each(testDatabaseKinds())('backup and restore on %s', (kind) => {
  let source: TestDatabase;
  let lines: string[];
  beforeAll(async () => {
    source = await openTestDatabase(kind);
    const repo = new Repository(source.db);
    await seedClinic(repo);
    // An open task fills the worklist, a table the database derives with a trigger.
    await repo.create<Task>(SYSTEM_CONTEXT, {
      resourceType: 'Task',
      status: 'requested',
      intent: 'order',
      for: { reference: 'Patient/p1' },
      description: 'Call José about his results',
    });
    lines = await backupLines(source.db);
  }, 300_000);
  afterAll(async () => {
    await source?.dispose();
  });

  it('restores into an empty database the same resources, versions and derived rows', async () => {
    const target = await emptyDatabase(kind);
    try {
      const result = await restoreDatabase(target.db, from(lines));
      expect(result.rows).toBeGreaterThan(0);
      expect(await databaseFingerprint(target.db)).toEqual(await databaseFingerprint(source.db));
      expect(await countByType(target.db, SYSTEM_CONTEXT.scope)).toEqual(
        await countByType(source.db, SYSTEM_CONTEXT.scope),
      );
      const { rows } = await target.db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM worklist_task',
      );
      expect(rows[0]?.n).toBe(1);
      // Ids the database hands out continue after the restored ones.
      const repo = new Repository(target.db);
      await repo.create(SYSTEM_CONTEXT, { resourceType: 'Organization', name: 'After restore' });
      const history = await target.db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM resource_history',
      );
      const sourceHistory = await source.db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM resource_history',
      );
      expect(history.rows[0]?.n).toBe((sourceHistory.rows[0]?.n ?? 0) + 1);
    } finally {
      await target.dispose();
    }
  }, 300_000);

  it('refuses a target that holds data, and replaces it with force', async () => {
    const target = await openTestDatabase(kind);
    try {
      await new Repository(target.db).create(SYSTEM_CONTEXT, {
        resourceType: 'Organization',
        name: 'Somebody else’s clinic',
      });
      await expect(restoreDatabase(target.db, from(lines))).rejects.toThrow(/not empty/);
      await restoreDatabase(target.db, from(lines), { force: true });
      expect(await databaseFingerprint(target.db)).toEqual(await databaseFingerprint(source.db));
    } finally {
      await target.dispose();
    }
  }, 300_000);

  it('restores nothing from a truncated file', async () => {
    const target = await emptyDatabase(kind);
    try {
      await expect(restoreDatabase(target.db, from(lines.slice(0, -3)))).rejects.toThrow(
        /truncated/,
      );
      const { rows } = await target.db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM resource',
      );
      expect(rows[0]?.n).toBe(0);
      await expect(restoreDatabase(target.db, from(['{"hello":1}']))).rejects.toThrow(
        /not a Careweave backup/,
      );
    } finally {
      await target.dispose();
    }
  }, 300_000);

  it('takes one consistent snapshot while writes go on', async () => {
    const repo = new Repository(source.db);
    const writes = Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        repo.create(SYSTEM_CONTEXT, { resourceType: 'Organization', name: `Busy ${i}` }),
      ),
    );
    const during = await backupLines(source.db);
    await writes;
    // Whatever the snapshot caught, its resource and history tables agree with each other.
    const target = await emptyDatabase(kind);
    try {
      await restoreDatabase(target.db, from(during));
      const { rows } = await target.db.query<{ r: number; h: number }>(
        `SELECT (SELECT count(*)::int FROM resource WHERE resource_type = 'Organization') AS r,
                (SELECT count(DISTINCT id)::int FROM resource_history WHERE resource_type = 'Organization') AS h`,
      );
      expect(rows[0]?.r).toBe(rows[0]?.h);
    } finally {
      await target.dispose();
    }
  }, 300_000);
});
