/**
 * Prints the Markdown tables of the "Search" section of bench/RESULTS.md from the JSON files
 * `run.ts` wrote: `npx tsx bench/search/report.ts pg-20k pg-20k-noaudit …`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ShapeResult } from './measure.js';

interface Run {
  label: string;
  patients: number;
  database: string;
  audited: boolean;
  started: string;
  requests: number;
  machine: { database: string; cpus: number; loadBefore: number[]; loadAfter: number[] };
  results: ShapeResult[];
}

const f = (n: number): string => n.toFixed(1);

for (const label of process.argv.slice(2)) {
  const run = JSON.parse(
    readFileSync(join(import.meta.dirname, 'out', `${label}.json`), 'utf8'),
  ) as Run;
  const big = run.patients >= 20_000;
  process.stdout.write(
    `\n#### ${run.database}, ${run.patients.toLocaleString('en-US')} patients, ${run.audited ? 'as served (every answer audited)' : 'search only (audit hook off)'} — \`${run.label}\`\n\n` +
      `${run.machine.database}; ${run.started.slice(0, 16)}Z; ${run.requests} requests per shape, one at a time; load average ${run.machine.loadBefore.map(f).join('/')} → ${run.machine.loadAfter.map(f).join('/')}.\n\n` +
      '| shape | API p50 | API p95 | raw p50 | raw p95 | API/raw p95 | entries | targets |\n|---|---:|---:|---:|---:|---:|---:|---|\n',
  );
  for (const r of run.results) {
    const ratio = r.api.p95 / Math.max(r.raw.p95, 0.001);
    const notes = [
      ratio <= 2 ? '≤2× ✓' : '>2× ✗',
      ...(big ? [r.api.p95 <= 25 ? '≤25 ms ✓' : '>25 ms ✗'] : []),
      ...(r.mismatches.length ? [`${r.mismatches.length} mismatches`] : []),
    ];
    process.stdout.write(
      `| \`${r.shape}\` | ${f(r.api.p50)} | ${f(r.api.p95)} | ${f(r.raw.p50)} | ${f(r.raw.p95)} | ${ratio.toFixed(1)}× | ${f(r.meanEntries)} | ${notes.join(' ')} |\n`,
    );
  }
}
