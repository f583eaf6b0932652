import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import type { CopyResult } from './copy-baseline.js';
import type { Dataset } from './dataset.js';
import type { FullPathResult } from './full-path.js';

/** Everything one `npm run bench:ingest` measured. */
export interface IngestRun {
  dataset: Dataset;
  copy?: CopyResult;
  postgres?: FullPathResult;
  pglite?: FullPathResult;
  postgresVersion: string;
  pgliteVersion: string;
  command: string;
}

function cpuModel(): string {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'));
    return line?.split(':')[1]?.trim() ?? cpus()[0]?.model ?? '?';
  } catch {
    return cpus()[0]?.model ?? '?';
  }
}

function nproc(): string {
  try {
    return execFileSync('nproc', { encoding: 'utf8' }).trim();
  } catch {
    return String(cpus().length);
  }
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

/** Resources per second of a full-path run (bundle entries processed / wall time of the import). */
export function rate(r: FullPathResult): number {
  return r.resources / r.seconds;
}

function fullRow(label: string, r: FullPathResult | undefined): string {
  if (!r) {
    return `| ${label} | not run | | | |`;
  }
  const cpu = `CPU: Node ${r.nodeCpuSeconds.toFixed(0)} s${r.dbCpuSeconds !== undefined ? `, PostgreSQL backends ${r.dbCpuSeconds.toFixed(0)} s` : ''}`;
  return `| ${label} | ${fmt(r.resources)} entries → ${fmt(r.stored)} resources, ${fmt(r.historyRows)} history rows | ${r.seconds.toFixed(1)} s | **${fmt(rate(r))}** | ${cpu}; load average before ${r.loadBefore.toFixed(1)}; ANALYZE afterwards ${r.analyzeSeconds.toFixed(1)} s; ${r.failures} failures |`;
}

/** The "Ingest" section of bench/RESULTS.md for one run; `notes` is the hand-written analysis. */
export function renderIngest(run: IngestRun, notes: string): string {
  const { dataset: d, copy, postgres } = run;
  const copyRate = copy ? copy.rows / copy.seconds : undefined;
  const ratio = copyRate && postgres ? rate(postgres) / copyRate : undefined;
  const lines = [
    '## Ingest',
    '',
    `- Date: ${new Date().toISOString().slice(0, 10)}`,
    `- Machine: ${nproc()} cores (${cpuModel()}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM; PostgreSQL, Node and the benchmark share the machine`,
    `- Node ${process.version}; PostgreSQL ${run.postgresVersion} (stock settings); PGlite ${run.pgliteVersion}${run.pglite ? ` (PostgreSQL ${run.pglite.serverVersion} in WebAssembly)` : ''}`,
    `- Data: the 8 Synthea transaction Bundles of \`../shared/data/synthea\` repeated ${d.copies} times with fresh deterministic uuids per copy: ${d.files.length} files, ${(d.bytes / 2 ** 20).toFixed(0)} MiB, ${fmt(d.entries)} bundle entries = ${fmt(d.distinct)} distinct resources (Organizations/Practitioners shared between bundles of one copy are written once, then skipped as unchanged)`,
    `- Command: \`${run.command}\``,
    '',
    '| path | data | time | resources/s | notes |',
    '|---|---|---|---|---|',
    fullRow(
      'full path, PostgreSQL (`importFiles`: validation, hooks, indexing, history)',
      postgres,
    ),
    fullRow('full path, PGlite (fresh data directory)', run.pglite),
    copy
      ? `| raw lower bound: \`COPY … FROM STDIN\` into (resource_type, id, content jsonb, PK) on the same PostgreSQL | ${fmt(copy.rows)} rows, ${(copy.bytes / 2 ** 20).toFixed(0)} MiB | ${copy.seconds.toFixed(1)} s | **${fmt(copyRate ?? 0)}** | rows prepared in memory before the clock starts; one transaction |`
      : '| raw COPY | not run | | | |',
    '',
    ratio !== undefined
      ? `**Ratio: full path on PostgreSQL = ${(ratio * 100).toFixed(0)}% of the raw COPY rate** (target ≥ 25%).`
      : 'Ratio: not measured in this run.',
    '',
    ...cpuLines(run),
    '',
    'Full-path time is the wall time of `importFiles` in a fresh process (FHIR definitions are loaded inside it, as in `careweave import`), per bundle entry.',
    '',
    notes.trim(),
    '',
  ];
  return lines.join('\n');
}

/** CPU cost per resource, which other work on a shared machine skews less than wall time. */
function cpuLines(run: IngestRun): string[] {
  const us = (seconds: number, n: number): string => `${Math.round((seconds / n) * 1e6)} µs`;
  const lines: string[] = [];
  const pg = run.postgres;
  if (pg?.dbCpuSeconds !== undefined) {
    lines.push(
      `CPU per resource, full path on PostgreSQL: ${us(pg.nodeCpuSeconds + pg.dbCpuSeconds, pg.resources)} (Node, all threads: ${us(pg.nodeCpuSeconds, pg.resources)}; PostgreSQL: ${us(pg.dbCpuSeconds, pg.resources)}).`,
    );
  }
  if (run.copy?.dbCpuSeconds !== undefined) {
    lines.push(`CPU per row, COPY: ${us(run.copy.dbCpuSeconds, run.copy.rows)} (PostgreSQL).`);
  }
  if (run.pglite) {
    lines.push(
      `CPU per resource, full path on PGlite (PostgreSQL runs inside Node): ${us(run.pglite.nodeCpuSeconds, run.pglite.resources)}.`,
    );
  }
  return lines;
}

/** Replaces (or appends) the "## Ingest" section of the results file, keeping the other sections. */
export function writeIngestSection(path: string, section: string): void {
  const header =
    '# Benchmark results\n\nEvery run records the machine, date, data size and the command that reproduces it.\n\n';
  const text = existsSync(path) ? readFileSync(path, 'utf8') : header;
  const start = text.indexOf('## Ingest\n');
  if (start < 0) {
    writeFileSync(path, `${text.trimEnd()}\n\n${section}`);
    return;
  }
  const next = text.indexOf('\n## ', start + 1);
  const rest = next < 0 ? '' : text.slice(next + 1);
  writeFileSync(path, `${text.slice(0, start)}${section}${rest ? `\n${rest}` : ''}`);
}
