/**
 * What `careweave stratify --as-of <date>` does (migrate, the Repository with care/access's
 * write hooks, stratify), in a fresh process, plus the CPU it cost: this process's, and that of
 * the PostgreSQL backends serving its connections (read from /proc). Prints one JSON line.
 * Usage: DATABASE_URL=… npx tsx bench/risk/stratify-child.ts 2026-11-25
 */
import { readdirSync, readFileSync } from 'node:fs';
import { stratify } from '@careweave/care';
import { wireAccess } from '@careweave/server';
import { migrate, openDatabase } from '@careweave/store';

const TICKS = 100; // USER_HZ on Linux
function cpuSecondsOf(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / TICKS;
  } catch {
    return 0;
  }
}

/** CPU seconds of every PostgreSQL backend serving this database, sampled (pool connections come and go). */
const dbName = new URL(process.env['DATABASE_URL'] ?? 'postgres://x/postgres').pathname.slice(1);
const backends = new Map<number, number>();
function sampleBackends(): void {
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    try {
      const title = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (title.startsWith('postgres: ') && title.includes(` ${dbName} `))
        backends.set(pid, Math.max(backends.get(pid) ?? 0, cpuSecondsOf(pid)));
    } catch {
      // the process ended
    }
  }
}
const sampler = setInterval(sampleBackends, 200);

const db = await openDatabase({ databaseUrl: process.env['DATABASE_URL'] });
await migrate(db);
const { repo } = wireAccess(db);
const lanes = process.env['RISK_WRITE_LANES'];
const batch = process.env['RISK_BATCH'];
const result = await stratify(repo, {
  asOf: new Date(process.argv[2] ?? new Date().toISOString()),
  ...(lanes ? { writeConcurrency: Number(lanes) } : {}),
  ...(batch ? { batchSize: Number(batch) } : {}),
});
const cpu = process.cpuUsage();
sampleBackends();
clearInterval(sampler);
const pgCpu = [...backends.values()].reduce((s, x) => s + x, 0);
await db.close();
process.stdout.write(
  `${JSON.stringify({ ...result, model: undefined, nodeCpuSeconds: (cpu.user + cpu.system) / 1e6, pgCpuSeconds: pgCpu })}\n`,
);
