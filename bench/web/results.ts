import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import type { BundleSize } from './bundle.js';

/** One summary timing: which patient, its encounters, ms to fully rendered (full load; in-app to the next patient). */
export interface Sample {
  patientId: string;
  encounters: number;
  fullLoadMs: number;
  inAppMs: number;
}

/** Everything `npm run bench:web` measured. */
export interface WebRun {
  patients: number;
  samples: Sample[];
  bundle: BundleSize;
  chromium: string;
  loadBefore: number;
}

/** The analysis of the first measurement (2026-11-25, load average 15–20 from other work on the machine). */
const NOTES =
  'Where the time goes (first measurement): the app is interactive ~80 ms after navigation and renders in a few ms once data arrives; the rest is the parallel FHIR searches queueing (PGlite answers one query at a time, each request re-checks the token and compiles the access scope, browsers open 6 connections per host). One batch Bundle of the same GETs answered in 80–370 ms against 185–3,600 ms for the parallel requests in a quick comparison under the same load: the next lever, with `_include`/`$everything` later.';

/** The q-quantile (nearest rank) of the values. */
export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return (
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN
  );
}

const kb = (n: number): string => `${(n / 1024).toFixed(1)} KiB`;

function machine(): string {
  let model = cpus()[0]?.model ?? '?';
  try {
    model =
      readFileSync('/proc/cpuinfo', 'utf8')
        .split('\n')
        .find((l) => l.startsWith('model name'))
        ?.split(':')[1]
        ?.trim() ?? model;
  } catch {
    // not Linux
  }
  let n = String(cpus().length);
  try {
    n = execFileSync('nproc', { encoding: 'utf8' }).trim();
  } catch {
    // keep the count from os
  }
  return `${n} cores (${model}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM`;
}

/** The "Web" section of bench/RESULTS.md. */
export function renderWeb(run: WebRun): string {
  const full = run.samples.map((s) => s.fullLoadMs);
  const inApp = run.samples.map((s) => s.inAppMs);
  const b = run.bundle;
  return [
    '## Web',
    '',
    `- Date: ${new Date().toISOString().slice(0, 10)}; command: \`npm run bench:web\` (bench/web/run.ts)`,
    `- Machine: ${machine()}, Node ${process.version}, ${run.chromium} headless; server, database and browser share the machine (load average before: ${run.loadBefore.toFixed(1)})`,
    `- Data: the demo network, ${run.patients.toLocaleString('en-US')} people over 3 years (seed 42), embedded PGlite; signed in as the demo care coordinator; ${run.samples.length} patients of her caseload`,
    '- Measured: from navigation to every summary panel out of its loading state and every trend chart drawn (panels fetch in parallel; the chart library is a lazy chunk)',
    '',
    '### Integrated patient summary render time',
    '',
    '| how the summary is opened | p50 | p95 | max |',
    '|---|---|---|---|',
    `| full page load (warm asset cache) | ${quantile(full, 0.5).toFixed(0)} ms | ${quantile(full, 0.95).toFixed(0)} ms | ${Math.max(...full).toFixed(0)} ms |`,
    `| in-app navigation (from patient search) | ${quantile(inApp, 0.5).toFixed(0)} ms | ${quantile(inApp, 0.95).toFixed(0)} ms | ${Math.max(...inApp).toFixed(0)} ms |`,
    '',
    `Target: under 1 s. Per patient (encounters shown → full load / in-app): ${run.samples.map((s) => `${s.encounters} → ${s.fullLoadMs.toFixed(0)}/${s.inAppMs.toFixed(0)} ms`).join('; ')}.`,
    '',
    NOTES,
    '',
    '### Production bundle (`vite build`, gzip level 9)',
    '',
    '| what | raw | gzip |',
    '|---|---|---|',
    `| first page (index.html + ${b.initial.files.length} referenced JS/CSS files) | ${kb(b.initial.raw)} | **${kb(b.initial.gzip)}** |`,
    `| everything (${b.total.files} JS/CSS files, lazy chunks included) | ${kb(b.total.raw)} | ${kb(b.total.gzip)} |`,
    ...(b.largestLazy
      ? [
          `| largest lazy chunk (${b.largestLazy.file.replace(/-[A-Za-z0-9_-]{8}\./, '.')}, loaded with the first chart) | | ${kb(b.largestLazy.gzip)} |`,
        ]
      : []),
    '',
  ].join('\n');
}

/** Replaces the "## Web" section of RESULTS.md (or appends it), leaving every other section alone. */
export function writeWebSection(path: string, section: string): void {
  const current = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmark results\n';
  const start = current.search(/^## Web\s*$/m);
  let next: string;
  if (start === -1) {
    next = `${current.replace(/\s*$/, '')}\n\n${section}`;
  } else {
    const rest = current.slice(start + 1);
    const end = rest.search(/^## /m);
    next = current.slice(0, start) + section + (end === -1 ? '' : `\n${rest.slice(end)}`);
  }
  writeFileSync(path, next.endsWith('\n') ? next : `${next}\n`);
}

/** The 1-minute load average (the machine is shared; numbers mean more with it). */
export function load(): number {
  return loadavg()[0] ?? 0;
}
