import { loadMeasurePackages, packageResources, runAllMeasures } from '@careweave/care';
import { wireAccess } from '@careweave/server';
import { migrate, openDatabase, SYSTEM_CONTEXT } from '@careweave/store';
import type { Command, Option } from 'commander';
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { databaseOptions, fail, type DatabaseFlags } from '../options.js';

/** `.json` files of the given paths (directories walked recursively), sorted. */
function jsonFiles(paths: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (path: string): void => {
    let stat;
    try {
      stat = statSync(path);
    } catch {
      fail(`not found: ${path}`);
    }
    if (stat.isDirectory()) {
      for (const name of readdirSync(path).sort()) walk(join(path, name));
    } else if (path.endsWith('.json')) {
      out.push(path);
    }
  };
  paths.forEach(walk);
  return out;
}

async function loadCommand(paths: string[], flags: DatabaseFlags): Promise<void> {
  const files = jsonFiles(paths);
  if (files.length === 0) fail('no .json files in the given paths');
  const documents = files.map((file) => {
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as unknown;
    } catch (err) {
      return fail(`${file}: not JSON (${(err as Error).message})`);
    }
  });
  const { resources, skipped } = packageResources(documents);
  if (resources.length === 0) fail('no Measure, Library or ValueSet resources in the given files');
  const db = await openDatabase(databaseOptions(flags));
  try {
    await migrate(db);
    const { repo } = wireAccess(db);
    const result = await loadMeasurePackages(repo, resources, skipped);
    for (const m of result.measures) {
      process.stdout.write(
        `Measure/${m.id} ${m.title ?? ''}${m.version ? ` (version ${m.version})` : ''}\n`,
      );
    }
    process.stdout.write(
      `Loaded ${result.measures.length} measures, ${result.libraries} libraries, ${result.valueSets} value sets from ${files.length} files` +
        (skipped > 0 ? ` (${skipped} other resources left out)` : '') +
        '\n',
    );
    if (result.missing.length > 0) {
      process.stderr.write(
        `Missing libraries (load the shared-libraries bundle beside the measure bundle): ${result.missing.join(', ')}\n`,
      );
      process.exitCode = 1;
    }
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await db.close();
  }
}

interface RunFlags extends DatabaseFlags {
  periodStart?: string;
  periodEnd?: string;
  out?: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function fmt(value: number | null, unit: string): string {
  if (value === null) return '—';
  return unit === '%' ? `${(value * 100).toFixed(1)}%` : value.toFixed(1);
}

async function runCommand(flags: RunFlags): Promise<void> {
  const year = new Date().getUTCFullYear();
  const period = {
    start: flags.periodStart ?? `${year}-01-01`,
    end: flags.periodEnd ?? `${year}-12-31`,
  };
  for (const [name, value] of [
    ['--period-start', period.start],
    ['--period-end', period.end],
  ] as const) {
    if (!DATE.test(value) || Number.isNaN(Date.parse(value)))
      fail(`${name} must be a date (YYYY-MM-DD): ${value}`);
  }
  if (period.end < period.start) fail('--period-end is before --period-start');
  const db = await openDatabase(databaseOptions(flags));
  try {
    await migrate(db);
    const { repo } = wireAccess(db);
    const started = Date.now();
    const { rows, reports } = await runAllMeasures(repo, SYSTEM_CONTEXT, period);
    const seconds = (Date.now() - started) / 1000;
    const table = [
      ['measure', 'denominator', 'excluded', 'numerator', 'score', '95% CI'],
      ...rows.map((r) => [
        r.id,
        String(r.denominator),
        String(r.exclusions),
        String(r.numerator),
        fmt(r.score, r.unit) + (r.unit === '%' ? '' : ` ${r.unit}`),
        r.low === null || r.high === null ? '' : `${fmt(r.low, r.unit)}–${fmt(r.high, r.unit)}`,
      ]),
    ];
    const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
    for (const row of table) {
      process.stdout.write(
        `${row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ')}\n`,
      );
    }
    if (flags.out) {
      mkdirSync(flags.out, { recursive: true });
      for (const [id, report] of reports) {
        writeFileSync(
          join(flags.out, `MeasureReport-${id}.json`),
          `${JSON.stringify(report, null, 2)}\n`,
        );
      }
      process.stdout.write(`Wrote ${reports.size} MeasureReports to ${flags.out}\n`);
    }
    process.stdout.write(
      `${JSON.stringify({ periodStart: period.start, periodEnd: period.end, seconds, measures: rows })}\n`,
    );
  } finally {
    await db.close();
  }
}

/** `careweave measures load FILE|DIR...` and `careweave measures run`. */
export function registerMeasuresCommand(program: Command, dataDir: () => Option): void {
  const measures = program.command('measures').description('quality and programme measures');
  measures
    .command('load')
    .description(
      'load eCQM packages (Measure, Libraries, ValueSets; give the shared-libraries bundle beside a measure bundle); last line: JSON',
    )
    .argument('<paths...>', 'bundle files or directories of them')
    .addOption(dataDir())
    .action(loadCommand);
  measures
    .command('run')
    .description('compute every measure over the period: a table, then JSON on the last line')
    .option(
      '--period-start <date>',
      'first day of the measurement period (default: 1 January this year)',
    )
    .option(
      '--period-end <date>',
      'last day of the measurement period (default: 31 December this year)',
    )
    .option('--out <dir>', 'also write each summary MeasureReport there as JSON')
    .addOption(dataDir())
    .action(runCommand);
}
