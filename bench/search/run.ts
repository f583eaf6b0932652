/**
 * Search benchmark: each shape of `shapes.ts` through the HTTP API (the real app,
 * in-process, with a system bearer token) beside its raw SQL lower bound on the same database in
 * the same run, plus EXPLAIN (ANALYZE, BUFFERS) of every statement.
 *
 *   DATABASE_URL=postgres://…/careweave_bench_search_20k npx tsx bench/search/run.ts --label pg-20k --patients 20000
 *   npx tsx bench/search/run.ts --pglite /tmp/pglite2k --label pglite-2k --patients 2000 --vacuum
 *
 * The app is wired as `careweave serve` wires it, including the audit hook that stores an
 * AuditEvent for every answer (`--no-audit` leaves it out, to isolate the search itself).
 * Writes bench/search/out/<label>.json and <label>-plans.md. The data set: `careweave generate
 * --patients N --seed 1`, plus two Tasks per patient (tasks.ts), imported with `careweave import`,
 * then `VACUUM ANALYZE`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Database } from '@careweave/store';
import { buildApp, generateSigningKeys, mintAccessToken, wireAccess } from '@careweave/server';
import type { AddressInfo } from 'node:net';
// Not exported by @careweave/server: the audit hook startServer adds (care/access, the access-control brief).
import { registerAccessRoutes } from '../../packages/server/dist/access/routes.js';
import { explainShape, type ShapePlans } from './explain.js';
import { measureShape, type ShapeResult } from './measure.js';
import { SHAPES } from './shapes.js';

function arg(name: string, fallback?: string): string {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? process.argv[i + 1] : fallback;
  if (value === undefined) {
    throw new Error(`--${name} is required`);
  }
  return value;
}

async function serverVersion(db: Database): Promise<string> {
  const { rows } = await db.query<{ v: string }>('SELECT version() AS v');
  return rows[0]?.v.split(',')[0] ?? '?';
}

async function main(): Promise<void> {
  const label = arg('label');
  const patients = Number(arg('patients'));
  const requests = Number(arg('requests', '200'));
  const sampleCount = Number(arg('samples', '40'));
  const only = process.argv.includes('--only') ? arg('only') : undefined;
  const pgliteDir = process.argv.includes('--pglite') ? arg('pglite') : undefined;
  const outDir = arg('out', join(import.meta.dirname, 'out'));
  const db = await openDatabase(
    pgliteDir ? { dataDir: pgliteDir } : { databaseUrl: process.env['DATABASE_URL'] },
  );
  const keys = await generateSigningKeys();
  const { access, repo } = wireAccess(db);
  if (process.argv.includes('--vacuum')) {
    await db.exec('VACUUM ANALYZE');
  }
  const app = await buildApp({ db, repo, version: 'bench', logger: false, auth: { keys, access } });
  // As `careweave serve` runs: every FHIR answer is audited (an AuditEvent written before it leaves).
  const audited = !process.argv.includes('--no-audit');
  if (audited) {
    registerAccessRoutes(app, access);
  }
  await app.listen({ port: 0, host: '127.0.0.1' });
  const baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/fhir/R4`;
  const token = await mintAccessToken(
    keys,
    { kind: 'system', sub: 'bench-search', scopes: ['system/*.rs'] },
    3600,
  );
  const started = new Date().toISOString();
  const version = await serverVersion(db);
  const loadBefore = loadavg();
  const results: ShapeResult[] = [];
  const plans: ShapePlans[] = [];
  try {
    for (const shape of SHAPES.filter((s) => !only || s.name.includes(only))) {
      const samples = await shape.sample(db, sampleCount);
      plans.push(await explainShape(db, shape, samples[0] ?? {}));
      const result = await measureShape(db, baseUrl, token, shape, samples, requests);
      results.push(result);
      const f = (n: number): string => n.toFixed(2).padStart(8);
      process.stdout.write(
        `${shape.name.padEnd(58)} API p50 ${f(result.api.p50)} p95 ${f(result.api.p95)} | raw p50 ${f(result.raw.p50)} p95 ${f(result.raw.p95)} ms${result.mismatches.length ? `  MISMATCH ${result.mismatches.length}` : ''}\n`,
      );
    }
  } finally {
    await app.close();
    await db.close();
  }
  const machine = {
    database: version,
    cpus: cpus().length,
    cpu: cpus()[0]?.model,
    memGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    loadBefore,
    loadAfter: loadavg(),
  };
  mkdirSync(outDir, { recursive: true });
  const database = pgliteDir ? 'PGlite (in-process)' : 'PostgreSQL';
  writeFileSync(
    join(outDir, `${label}.json`),
    JSON.stringify(
      { label, patients, database, audited, started, requests, machine, results },
      null,
      2,
    ),
  );
  const md = plans.map((p) =>
    [
      `## ${p.shape}`,
      `\`GET /fhir/R4/${p.request}\``,
      ...p.api.map((a, i) => `### API statement ${i + 1}\n\`\`\`\n${a}\n\`\`\``),
      `### Raw lower bound\n\`\`\`\n${p.raw}\n\`\`\``,
      p.seqScans.length
        ? `**Sequential scans of large tables:** ${p.seqScans.join('; ')}`
        : 'No sequential scan of a large table.',
    ].join('\n\n'),
  );
  writeFileSync(
    join(outDir, `${label}-plans.md`),
    `# EXPLAIN plans: ${label} (${database}, ${patients} patients, ${started})\n\n${md.join('\n\n')}\n`,
  );
  process.stdout.write(
    `wrote ${join(outDir, `${label}.json`)}; load ${loadBefore.map((l) => l.toFixed(1)).join('/')} → ${machine.loadAfter.map((l) => l.toFixed(1)).join('/')}\n`,
  );
}

await main();
