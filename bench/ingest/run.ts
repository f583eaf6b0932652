/**
 * Ingest benchmark (the ingest brief's "bench/ingest", the synthetic-population brief "Importer at scale"). Run from the repository
 * root with `npm run bench:ingest` (after `npm run build` or `npx tsc -b packages/server packages/store`):
 *   --target N          bundle entries to generate (default 200000)
 *   --only copy,postgres,pglite   which measurements to run (default all three)
 *   --no-write          do not update bench/RESULTS.md
 *   --cpu-prof DIR      write V8 CPU profiles of the full-path runs into DIR
 * PostgreSQL: BENCH_DATABASE_URL, else DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres
 * (the bench creates and drops its own databases careweave_bench and careweave_bench_copy there).
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { runCopyBaseline, type CopyResult } from './copy-baseline.js';
import { buildDataset } from './dataset.js';
import type { FullPathResult } from './full-path.js';
import { freshDatabase } from './pg-admin.js';
import { rate, renderIngest, writeIngestSection, type IngestRun } from './results.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const sourceDir = resolve(root, '../shared/data/synthea');

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** Runs full-path.ts in a fresh process and parses the JSON line it prints. */
function runFullPath(
  kind: 'pglite' | 'postgres',
  dataDir: string,
  url: string,
  profileDir?: string,
): Promise<FullPathResult> {
  const prof = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const child = spawn(
    process.execPath,
    [...process.execArgv, ...prof, join(here, 'full-path.ts'), kind, dataDir, url],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let out = '';
  child.stdout.on('data', (b: Buffer) => (out += b.toString()));
  return new Promise((resolvePromise, reject) => {
    child.on('exit', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      if (code !== 0 || !line.startsWith('{')) {
        reject(new Error(`full-path ${kind} exited with ${code}: ${out}`));
        return;
      }
      resolvePromise(JSON.parse(line) as FullPathResult);
    });
  });
}

async function serverVersion(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ v: string }>(
      "SELECT current_setting('server_version') AS v",
    );
    return rows[0]?.v ?? '?';
  } finally {
    await client.end();
  }
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

async function main(): Promise<void> {
  if (!existsSync(sourceDir)) {
    process.stdout.write(
      `bench:ingest skipped: ${sourceDir} is absent (the Synthea bundles live in ../shared/data/synthea)\n`,
    );
    return;
  }
  const target = Number(option('--target') ?? 200_000);
  const only = new Set((option('--only') ?? 'copy,postgres,pglite').split(','));
  const profileDir = option('--cpu-prof');
  const url =
    process.env['BENCH_DATABASE_URL'] ??
    process.env['DATABASE_URL'] ??
    'postgres://postgres@127.0.0.1:5432/postgres';

  const t0 = performance.now();
  const dataset = buildDataset(
    sourceDir,
    join(tmpdir(), `careweave-bench-ingest-${target}`),
    target,
  );
  process.stdout.write(
    `data: ${dataset.files.length} bundles, ${fmt(dataset.entries)} entries (${fmt(dataset.distinct)} distinct), ${(dataset.bytes / 2 ** 20).toFixed(0)} MiB in ${dataset.dir} (${((performance.now() - t0) / 1000).toFixed(1)} s)\n`,
  );
  const pgliteVersion = (
    JSON.parse(
      readFileSync(join(root, 'node_modules/@electric-sql/pglite/package.json'), 'utf8'),
    ) as { version: string }
  ).version;
  const run: IngestRun = {
    dataset,
    postgresVersion: await serverVersion(url),
    pgliteVersion,
    command: `npm run bench:ingest${target !== 200_000 ? ` -- --target ${target}` : ''}`,
  };

  if (only.has('copy')) {
    const copy: CopyResult = await runCopyBaseline(
      await freshDatabase(url, 'careweave_bench_copy'),
      dataset.files,
    );
    run.copy = copy;
    process.stdout.write(
      `COPY baseline: ${fmt(copy.rows)} rows in ${copy.seconds.toFixed(1)} s = ${fmt(copy.rows / copy.seconds)} rows/s (PostgreSQL CPU ${copy.dbCpuSeconds?.toFixed(1) ?? '?'} s)\n`,
    );
  }
  for (const kind of ['postgres', 'pglite'] as const) {
    if (!only.has(kind)) {
      continue;
    }
    const r = await runFullPath(kind, dataset.dir, url, profileDir);
    run[kind] = r;
    process.stdout.write(
      `full path ${kind}: ${fmt(r.resources)} entries in ${r.seconds.toFixed(1)} s = ${fmt(rate(r))}/s (${fmt(r.stored)} stored, ${r.failures} failures; ANALYZE ${r.analyzeSeconds.toFixed(1)} s; CPU node ${r.nodeCpuSeconds.toFixed(1)} s${r.dbCpuSeconds !== undefined ? `, PostgreSQL ${r.dbCpuSeconds.toFixed(1)} s` : ''}; load before ${r.loadBefore.toFixed(1)})\n`,
    );
  }
  if (run.copy && run.postgres) {
    process.stdout.write(
      `ratio full path / COPY on PostgreSQL: ${((rate(run.postgres) / (run.copy.rows / run.copy.seconds)) * 100).toFixed(0)}%\n`,
    );
  }
  if (!process.argv.includes('--no-write') && only.size === 3) {
    const notesFile = join(here, 'analysis.md');
    const notes = existsSync(notesFile) ? readFileSync(notesFile, 'utf8') : '';
    writeIngestSection(join(root, 'bench/RESULTS.md'), renderIngest(run, notes));
    process.stdout.write('bench/RESULTS.md updated\n');
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
