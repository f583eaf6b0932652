/**
 * Worklist benchmark (the care-plan brief's "Proof"): p95 of `GET /api/worklist` for a care coordinator with 300
 * enrolled patients and 3,000 open tasks in a 20,000-patient database on PostgreSQL (target ≤ 25 ms).
 * From the repository root, after `npm run build`:
 *
 *   npx tsx bench/worklist/run.ts --db careweave_bench_worklist [--from careweave_bench_search_20k] [--requests 400] [--no-write]
 *
 * `--db` names a PostgreSQL database holding a synthetic population (`careweave generate
 * --patients 20000`, then `careweave import`); with `--from`, a missing `--db` is first copied
 * from that database (CREATE DATABASE … TEMPLATE). The bench migrates, adds the coordinator's
 * caseload (seed.ts, idempotent), starts the real app (auth, access scope, care write rules,
 * /api routes) on an ephemeral port and sends requests one at a time with the coordinator's
 * bearer token — warm-up first — then 4 at a time; then replaces the "Worklist" section of
 * bench/RESULTS.md. PostgreSQL server: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres).
 */
import { careWriteHooks, composeWriteHooks, createAccessService, worklist } from '@careweave/care';
import { Repository, migrate, openDatabase, type Database } from '@careweave/store';
import { readFileSync } from 'node:fs';
import { buildApp } from '../../packages/server/src/app.js';
import { registerCareApiRoutes } from '../../packages/server/src/api/care-routes.js';
import { generateSigningKeys } from '../../packages/server/src/auth/keys.js';
import { mintAccessToken } from '../../packages/server/src/auth/tokens.js';
import pg from 'pg';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { BENCH_COORDINATOR, BENCH_EMAIL, seedWorklist } from './seed.js';
import { writeResults, type Scenario } from './results.js';

const args = process.argv.slice(2);
const arg = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const dbName = arg('--db') ?? 'careweave_bench_worklist';
const from = arg('--from');
const requests = Number(arg('--requests') ?? 400) || 400;
const server = process.env['BENCH_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const urlOf = (name: string): string =>
  Object.assign(new URL(server), { pathname: `/${name}` }).toString();
const AS_OF = new Date();
const loadBefore = loadavg()[0] ?? 0;

async function ensureDatabase(): Promise<void> {
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  try {
    const { rows } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [dbName]);
    if (rows.length === 0) {
      if (!from)
        throw new Error(
          `Database ${dbName} does not exist; load a population into it or pass --from <database>`,
        );
      process.stdout.write(`Copying ${from} → ${dbName}…\n`);
      await admin.query(
        `CREATE DATABASE ${pg.escapeIdentifier(dbName)} TEMPLATE ${pg.escapeIdentifier(from)}`,
      );
    }
  } finally {
    await admin.end();
  }
}

function percentile(sorted: readonly number[], p: number): number {
  return (
    sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN
  );
}

/** CPU time (ms) so far of this process (`self`) and of each PostgreSQL backend serving the bench database. */
async function cpuNow(db: Database): Promise<Map<string, number>> {
  const { rows } = await db.query<{ pid: number }>(
    'SELECT pid FROM pg_stat_activity WHERE datname = current_database()',
  );
  const out = new Map<string, number>();
  for (const { pid } of rows) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      out.set(String(pid), ((Number(fields[11]) || 0) + (Number(fields[12]) || 0)) * 10); // clock ticks of 10 ms
    } catch {
      // a backend that ended meanwhile, or PostgreSQL on another machine: not counted
    }
  }
  const own = process.cpuUsage();
  out.set('self', (own.user + own.system) / 1000);
  return out;
}

/** CPU used between two readings: per-process deltas (a backend that started meanwhile counts whole). */
function cpuBetween(
  before: ReadonlyMap<string, number>,
  after: ReadonlyMap<string, number>,
): number {
  let total = 0;
  for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0);
  return total;
}

async function measure(
  db: Database,
  name: string,
  n: number,
  concurrency: number,
  send: () => Promise<void>,
): Promise<Scenario> {
  const times: number[] = [];
  const cpuBefore = await cpuNow(db);
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        next++;
        const t = performance.now();
        await send();
        times.push(performance.now() - t);
      }
    }),
  );
  const wall = (performance.now() - started) / 1000;
  const cpu = cpuBetween(cpuBefore, await cpuNow(db)) / times.length;
  times.sort((a, b) => a - b);
  return {
    name,
    requests: times.length,
    concurrency,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    p99: percentile(times, 99),
    max: times[times.length - 1] ?? 0,
    rps: times.length / wall,
    cpu,
  };
}

async function main(): Promise<void> {
  await ensureDatabase();
  const db = await openDatabase({ databaseUrl: urlOf(dbName) });
  try {
    await migrate(db);
    const access = createAccessService(new Repository(db));
    const repo = new Repository(db, {
      hooks: composeWriteHooks(access.writeHooks, careWriteHooks()),
    });
    const seeded = await seedWorklist(db, repo, AS_OF);
    const { rows: sizes } = await db.query<{ patients: number; resources: number; tasks: number }>(
      `SELECT count(*) FILTER (WHERE resource_type = 'Patient')::int AS patients, count(*)::int AS resources, count(*) FILTER (WHERE resource_type = 'Task')::int AS tasks FROM resource`,
    );
    const keys = await generateSigningKeys();
    const app = await buildApp({
      db,
      repo,
      version: 'bench',
      logger: false,
      auth: { keys, access },
    });
    registerCareApiRoutes(app, { repo });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const token = await mintAccessToken(
      keys,
      { kind: 'user', sub: BENCH_EMAIL, fhirUser: BENCH_COORDINATOR, scopes: ['user/*.cruds'] },
      3600,
    );
    const get = async (path: string): Promise<Record<string, unknown>> => {
      const response = await fetch(`${origin}${path}`, {
        headers: { Authorization: `Bearer ${token}`, 'Accept-Encoding': 'identity' },
      });
      if (response.status !== 200)
        throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
      return (await response.json()) as Record<string, unknown>;
    };
    const team = await get('/api/worklist?scope=team&status=open');
    const counts = team['counts'] as Record<string, number>;
    const cursor = team['next'] as string;
    process.stdout.write(
      `Seeded ${seeded.patients} patients, ${seeded.tasks} open tasks (${seeded.written} written); team worklist counts ${JSON.stringify(counts)}\n`,
    );
    for (let i = 0; i < 200; i++)
      await get(`/api/worklist?scope=${i % 2 ? 'team' : 'mine'}&status=open`); // warm-up: JIT, pool, access scope cache, PostgreSQL buffers
    const ctx = await access.contextFor({
      kind: 'user',
      accountId: 'bench',
      email: BENCH_EMAIL,
      fhirUser: BENCH_COORDINATOR,
      role: 'care-coordinator',
      organizationIds: ['riverside-integrated-care-network'],
      scopes: ['user/*.cruds'],
      displayName: 'Bea Benchmark',
    });
    const scenarios: Scenario[] = [
      await measure(
        db,
        'team, open (first page of 50 of all open tasks of the caseload)',
        requests,
        1,
        async () => void (await get('/api/worklist?scope=team&status=open')),
      ),
      await measure(
        db,
        'mine, open',
        requests,
        1,
        async () => void (await get('/api/worklist?scope=mine&status=open')),
      ),
      await measure(
        db,
        'team, open, overdue only',
        requests,
        1,
        async () => void (await get('/api/worklist?scope=team&status=open&due=overdue')),
      ),
      await measure(
        db,
        'team, open, second page (cursor)',
        requests,
        1,
        async () =>
          void (await get(
            `/api/worklist?scope=team&status=open&cursor=${encodeURIComponent(cursor)}`,
          )),
      ),
      await measure(
        db,
        'team, open — 4 clients at once',
        requests,
        4,
        async () => void (await get('/api/worklist?scope=team&status=open')),
      ),
      await measure(
        db,
        'domain call only (no HTTP): worklist(team, open)',
        requests,
        1,
        async () => void (await worklist(repo, ctx, { scope: 'team', status: 'open' })),
      ),
      await measure(
        db,
        'caseload (300 patients with counts)',
        Math.min(requests, 100),
        1,
        async () => void (await get('/api/roster/caseload')),
      ),
    ];
    await app.close();
    for (const s of scenarios)
      process.stdout.write(
        `${s.name}: p50 ${s.p50.toFixed(1)} ms, p95 ${s.p95.toFixed(1)} ms, p99 ${s.p99.toFixed(1)} ms, ${s.rps.toFixed(0)} req/s, CPU ${s.cpu.toFixed(1)} ms/request\n`,
      );
    const pgVersion =
      (
        (await db.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]
          ?.v ?? '?'
      ).split(' ')[0] ?? '?';
    if (!args.includes('--no-write')) {
      writeResults({
        loadBefore,
        date: AS_OF,
        db: dbName,
        pgVersion,
        sizes: sizes[0] ?? { patients: 0, resources: 0, tasks: 0 },
        seeded,
        counts,
        scenarios,
        command: `npx tsx bench/worklist/run.ts ${args.join(' ')}`.trim(),
      });
      process.stdout.write('bench/RESULTS.md updated (Worklist)\n');
    }
  } finally {
    await db.close();
  }
}

await main();
