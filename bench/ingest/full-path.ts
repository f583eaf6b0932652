/**
 * One full-path ingest measurement, run in its own process by `run.ts` (so each database starts
 * cold, like `careweave import`, and PGlite's memory does not leak into the next run):
 *   tsx bench/ingest/full-path.ts pglite|postgres DATA_DIR [POSTGRES_URL]
 * Prints one JSON line (FullPathResult) on stdout.
 */
import { migrate, openDatabase, Repository, type Database } from '@careweave/store';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { importFiles } from '../../packages/cli/src/import/importer.js';
import { listSources } from '../../packages/cli/src/import/sources.js';
import { processCpuSeconds } from './copy-baseline.js';
import { freshDatabase } from './pg-admin.js';

/** What one full-path run measured. */
export interface FullPathResult {
  kind: 'pglite' | 'postgres';
  /** Bundle entries processed. */
  resources: number;
  /** Rows in `resource` afterwards (distinct resources). */
  stored: number;
  historyRows: number;
  failures: number;
  seconds: number;
  analyzeSeconds: number;
  /** CPU seconds of this process (main thread and import workers) during the import. */
  nodeCpuSeconds: number;
  /** CPU seconds of the PostgreSQL backends serving it (PostgreSQL on this machine only). */
  dbCpuSeconds?: number;
  /** 1-minute load average before the run: other work on the machine skews wall time. */
  loadBefore: number;
  serverVersion: string;
}

/** CPU seconds used so far by the server processes of this database's connections (from /proc). */
async function backendCpu(db: Database): Promise<number> {
  const { rows } = await db.query<{ pid: number }>(
    'SELECT pid FROM pg_stat_activity WHERE datname = current_database()',
  );
  return rows.reduce((total, { pid }) => total + (processCpuSeconds(pid) ?? 0), 0);
}

async function count(db: Database, table: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
  return rows[0]?.n ?? 0;
}

async function main(): Promise<void> {
  const [kind, dataDir, url] = process.argv.slice(2);
  if ((kind !== 'pglite' && kind !== 'postgres') || !dataDir || (kind === 'postgres' && !url)) {
    throw new Error('usage: full-path.ts pglite|postgres DATA_DIR [POSTGRES_URL]');
  }
  let pgliteDir: string | undefined;
  let db: Database;
  if (kind === 'postgres') {
    db = await openDatabase({ databaseUrl: await freshDatabase(url as string, 'careweave_bench') });
  } else {
    pgliteDir = mkdtempSync(join(tmpdir(), 'careweave-bench-pglite-'));
    db = await openDatabase({ dataDir: pgliteDir });
  }
  try {
    await migrate(db);
    if (kind === 'postgres') {
      await db.exec('CHECKPOINT'); // start with the WAL of earlier runs written out
    }
    const { rows: version } = await db.query<{ v: string }>(
      "SELECT current_setting('server_version') AS v",
    );
    const files = listSources([dataDir]);
    const loadBefore = loadavg()[0] ?? 0;
    const cpuBefore = process.cpuUsage();
    const dbBefore = kind === 'postgres' ? await backendCpu(db) : 0;
    const started = performance.now();
    const report = await importFiles(new Repository(db), files);
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const dbCpu = kind === 'postgres' ? (await backendCpu(db)) - dbBefore : undefined;
    const analyzeStarted = performance.now();
    await db.exec('ANALYZE');
    const analyzeSeconds = (performance.now() - analyzeStarted) / 1000;
    for (const f of report.failures.slice(0, 5)) {
      process.stderr.write(`failed: ${f.file}: ${f.reason}\n`);
    }
    const result: FullPathResult = {
      kind,
      resources: report.resources,
      stored: await count(db, 'resource'),
      historyRows: await count(db, 'resource_history'),
      failures: report.failures.length,
      seconds,
      analyzeSeconds,
      nodeCpuSeconds: (cpu.user + cpu.system) / 1e6,
      ...(dbCpu !== undefined ? { dbCpuSeconds: dbCpu } : {}),
      loadBefore,
      serverVersion: version[0]?.v ?? '?',
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await db.close();
    if (pgliteDir) {
      rmSync(pgliteDir, { recursive: true, force: true });
    }
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
