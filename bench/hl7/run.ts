/**
 * HL7 v2 feed throughput: ADT messages over MLLP to committed effects.
 *
 *   npx tsx bench/hl7/run.ts [--db pglite|postgres] [--messages 2000] [--connections 4]
 *
 * A real MLLP listener (server/hl7) over the feed (care/adt) and a Repository with every write
 * hook the server uses (access, care rules, the transitions protocol), on a fresh database
 * (PostgreSQL: a new schema in DATABASE_URL's database; PGlite: in memory). Each simulated
 * hospital connection sends A01 then A03 for its people, one message at a time, waiting for each
 * ACK — an `AA` is only sent after the message and its effects committed, so ACKs/s is committed
 * messages/s. The lower bound of the same run: the same client and framing against a listener
 * whose feed answers AA without touching the database (the transport's share of the latency).
 */
import { createAdtFeed, type AdtFeed } from '@careweave/care';
import { MllpClient, ackCodeOf, startMllpListener, wireAccess } from '@careweave/server';
import { openTestDatabase } from '@careweave/store/testing';
import { cpus, loadavg, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? (args[i + 1] ?? fallback) : fallback;
};
const kind = arg('db', 'pglite') as 'pglite' | 'postgres';
const total = Number(arg('messages', '2000'));
const connections = Number(arg('connections', '4'));

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
function message(person: number, event: 'A01' | 'A03', seq: number): string {
  // Distinct people: a birth date and name of their own, so matching never sends one to review.
  const dob = new Date(Date.UTC(1930, 0, 1) + person * 86_400_000 * 7);
  const birth = `${dob.getUTCFullYear()}${pad(dob.getUTCMonth() + 1)}${pad(dob.getUTCDate())}`;
  return [
    `MSH|^~\\&|BENCH|HOSP${person % connections}|CW|CW|20261201090000||ADT^${event}|B-${seq}|P|2.5.1`,
    `EVN|${event}|20261201090000`,
    `PID|1||BM-${person}^^^HOSP^MR||Bench${person}^Person${person}||${birth}|${person % 2 ? 'M' : 'F'}|||${person} Main St^^Boston^MA^021${pad(person % 100)}`,
    `PV1|1|I|W1^1^1||||||||||||||||BV-${person}^^^HOSP^VN|||||||||||||||||||||||||20261201080000|${event === 'A03' ? '20261204100000' : ''}`,
    ...(event === 'A03' ? ['DG1|1|I10|I50.9^Heart failure, unspecified^I10||20261201|F'] : []),
  ].join('\r');
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function drive(port: number, perConnection: string[][]) {
  const latencies: number[] = [];
  const codes: Record<string, number> = {};
  const started = performance.now();
  await Promise.all(
    perConnection.map(async (messages) => {
      const client = await MllpClient.connect('127.0.0.1', port, 120_000);
      for (const m of messages) {
        const t0 = performance.now();
        const code = ackCodeOf(await client.send(m)) ?? '?';
        latencies.push(performance.now() - t0);
        codes[code] = (codes[code] ?? 0) + 1;
      }
      await client.close();
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    messages: latencies.length,
    seconds,
    perSecond: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    max: latencies[latencies.length - 1] ?? NaN,
    codes,
  };
}

/** Messages for each connection: its people's A01s, then their A03s (a hospital's day). */
function workload(count: number, offset: number): string[][] {
  const people = Math.floor(count / 2);
  const lanes: string[][] = Array.from({ length: connections }, () => []);
  let seq = offset;
  for (let p = 0; p < people; p++) lanes[p % connections]?.push(message(offset + p, 'A01', seq++));
  for (let p = 0; p < people; p++) lanes[p % connections]?.push(message(offset + p, 'A03', seq++));
  return lanes;
}

async function main(): Promise<void> {
  const load = loadavg()[0]?.toFixed(2);
  const t = await openTestDatabase(kind);
  const { repo } = wireAccess(t.db);
  const listener = await startMllpListener({
    feed: createAdtFeed(repo),
    port: 0,
    host: '127.0.0.1',
  });
  // Warm-up (JIT, plan caches, PGlite's first statements), not counted.
  await drive(listener.port, workload(Math.min(200, total / 5), 1_000_000));
  const run = await drive(listener.port, workload(total, 0));
  const { rows } = await t.db.query<{ n: string }>(
    "SELECT count(*) AS n FROM hl7_message WHERE sender LIKE 'BENCH|%' AND status = 'processed' AND control_id NOT LIKE 'B-1______'",
  );
  const { rows: stays } = await t.db.query<{ n: string }>(
    "SELECT count(*) AS n FROM resource WHERE resource_type = 'Encounter' AND NOT deleted AND content->>'status' = 'finished'",
  );
  await listener.close();

  // Lower bound: the same client and framing, a feed that answers without the database.
  const echo: AdtFeed = {
    receive: (raw) =>
      Promise.resolve({
        ack: `MSH|^~\\&|CW|CW|||20261201||ACK|1|P|2.5\rMSA|AA|${/\|(B-\d+)\|/.exec(raw)?.[1] ?? ''}`,
        code: 'AA',
        messageId: undefined,
        duplicate: false,
      }),
    reject: () => Promise.reject(new Error('unused')),
    replay: () => Promise.reject(new Error('unused')),
    resolve: () => Promise.reject(new Error('unused')),
  };
  const floor = await startMllpListener({ feed: echo, port: 0, host: '127.0.0.1' });
  const transport = await drive(floor.port, workload(total, 0));
  await floor.close();
  await t.dispose();

  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const f = (n: number): string => n.toFixed(1);
  console.log(
    `\n### HL7 v2 over MLLP, ${kind === 'postgres' ? 'PostgreSQL' : 'PGlite (in memory)'}`,
  );
  console.log(
    `- ${new Date().toISOString().slice(0, 10)}; ${cpus().length} × ${cpu}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}; load average before ${load}, after ${loadavg()[0]?.toFixed(2)}`,
  );
  console.log(
    `- Command: \`npx tsx bench/hl7/run.ts --db ${kind} --messages ${total} --connections ${connections}\``,
  );
  console.log(
    `- Committed: ${rows[0]?.n} messages logged processed, ${stays[0]?.n} finished Encounters; ACK codes ${JSON.stringify(run.codes)}`,
  );
  console.log('');
  console.log('| path | messages | connections | messages/s | p50 ms | p95 ms | p99 ms | max ms |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const [name, r] of [
    ['feed → committed effects', run],
    ['lower bound: MLLP transport only (no database)', transport],
  ] as const) {
    console.log(
      `| ${name} | ${r.messages} | ${connections} | ${f(r.perSecond)} | ${f(r.p50)} | ${f(r.p95)} | ${f(r.p99)} | ${f(r.max)} |`,
    );
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
