import { PGlite } from '@electric-sql/pglite';
import { btree_gin } from '@electric-sql/pglite/contrib/btree_gin';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { checkDataDirUsable } from './dir-check.js';
import { lockDataDir } from './dir-lock.js';
import type { Database, Queryable } from './database.js';
import { translatingErrors } from './errors.js';
import { restrictNewFiles, tightenTree } from './file-modes.js';

/** How often an open embedded database's new files are made owner-only. */
const TIGHTEN_EVERY_MS = 30_000;

/**
 * Opens embedded PGlite (PostgreSQL in WASM). With a `dataDir` the data persists there, guarded by
 * a lock file; without one it lives in memory (tests).
 */
export async function openPglite(dataDir?: string): Promise<Database> {
  if (dataDir) {
    checkDataDirUsable(dataDir);
    restrictNewFiles();
  }
  const unlock = dataDir ? lockDataDir(dataDir) : (): void => undefined;
  let db: PGlite;
  try {
    db = await PGlite.create(dataDir ? `file://${dataDir}/pgdata` : undefined, {
      extensions: { pg_trgm, btree_gin },
    });
  } catch (err) {
    unlock();
    throw err;
  }
  // Owner-only files, now and while the database grows (see tightenTree); the timer never keeps
  // the process alive.
  const tighten = (): void => {
    if (dataDir) tightenTree(dataDir);
  };
  tighten();
  const sweep = dataDir ? setInterval(tighten, TIGHTEN_EVERY_MS) : undefined;
  sweep?.unref();
  const release = (): void => {
    if (sweep) clearInterval(sweep);
    tighten();
    unlock();
  };
  const wrap = (q: Pick<PGlite, 'query' | 'exec'>): Queryable => ({
    async query(sql, params) {
      const result = await q.query(sql, params as unknown[] | undefined);
      return { rows: result.rows as never[] };
    },
    async exec(sql) {
      await q.exec(sql);
    },
  });
  return translatingErrors({
    kind: 'pglite',
    ...wrap(db),
    async transaction(fn) {
      return db.transaction((tx) => fn(wrap(tx)));
    },
    async close() {
      await db.close();
      release();
    },
  });
}
