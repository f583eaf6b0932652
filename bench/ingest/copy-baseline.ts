import { readFileSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/** What the raw COPY wrote and how long the COPY itself took. */
export interface CopyResult {
  rows: number;
  bytes: number;
  seconds: number;
  /** CPU seconds of the PostgreSQL backend during the COPY (from /proc; undefined if not local). */
  dbCpuSeconds?: number;
}

/** CPU seconds used so far by a local server process, or undefined. */
export function processCpuSeconds(pid: number): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in USER_HZ ticks
  } catch {
    return undefined;
  }
}

interface BundleFile {
  entry?: { fullUrl?: string; resource?: { resourceType: string; id?: string } }[];
}

/**
 * One COPY text line per distinct resource: type, id and the resource JSON as the full path would
 * store it (id from the `urn:uuid:` fullUrl, references between entries rewritten to `Type/id`).
 */
export function copyLines(files: readonly string[]): {
  chunks: Buffer[];
  rows: number;
  bytes: number;
} {
  const seen = new Set<string>();
  const chunks: Buffer[] = [];
  let bytes = 0;
  for (const file of files) {
    const bundle = JSON.parse(readFileSync(file, 'utf8')) as BundleFile;
    const refs = new Map<string, string>();
    for (const e of bundle.entry ?? []) {
      if (e.fullUrl?.startsWith('urn:uuid:') && e.resource) {
        refs.set(e.fullUrl, `${e.resource.resourceType}/${e.fullUrl.slice(9)}`);
      }
    }
    const lines: string[] = [];
    for (const e of bundle.entry ?? []) {
      const r = e.resource;
      if (!r) {
        continue;
      }
      const id = e.fullUrl?.startsWith('urn:uuid:') ? e.fullUrl.slice(9) : (r.id ?? '');
      const key = `${r.resourceType}/${id}`;
      if (seen.has(key)) {
        continue;
      }
      seen.add(key);
      const json = JSON.stringify({ ...r, id }).replace(/"urn:uuid:[0-9a-f-]{36}"/g, (m) => {
        const to = refs.get(m.slice(1, -1));
        return to ? `"${to}"` : m;
      });
      lines.push(`${r.resourceType}\t${id}\t${json.replace(/\\/g, '\\\\')}\n`);
    }
    const chunk = Buffer.from(lines.join(''));
    bytes += chunk.length;
    chunks.push(chunk);
  }
  return { chunks, rows: seen.size, bytes };
}

/**
 * The raw lower bound: the same JSONB rows written with `COPY … FROM STDIN` into a plain table with
 * the store's primary key, in one transaction. Rows are prepared before the clock starts, so the
 * figure is what PostgreSQL itself can take in.
 */
export async function runCopyBaseline(url: string, files: readonly string[]): Promise<CopyResult> {
  const { chunks, rows, bytes } = copyLines(files);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('DROP TABLE IF EXISTS copy_baseline');
    await client.query(
      'CREATE TABLE copy_baseline (resource_type text NOT NULL, id text NOT NULL, content jsonb, PRIMARY KEY (resource_type, id))',
    );
    await client.query('CHECKPOINT');
    const { rows: backend } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    const pid = backend[0]?.pid ?? 0;
    const cpuBefore = processCpuSeconds(pid);
    const started = performance.now();
    await client.query('BEGIN');
    await pipeline(
      Readable.from(chunks),
      client.query(copyFrom('COPY copy_baseline (resource_type, id, content) FROM STDIN')),
    );
    await client.query('COMMIT');
    const seconds = (performance.now() - started) / 1000;
    const cpuAfter = processCpuSeconds(pid);
    const { rows: count } = await client.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM copy_baseline',
    );
    if (count[0]?.n !== rows) {
      throw new Error(`COPY wrote ${count[0]?.n} rows, expected ${rows}`);
    }
    return {
      rows,
      bytes,
      seconds,
      ...(cpuBefore !== undefined && cpuAfter !== undefined
        ? { dbCpuSeconds: cpuAfter - cpuBefore }
        : {}),
    };
  } finally {
    await client.end();
  }
}
