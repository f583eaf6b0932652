import {
  evaluateProgramme,
  evaluationData,
  evaluationSummaryLine,
  loadEvaluationData,
  renderEvaluationText,
  type EvaluationData,
} from '@careweave/care';
import { EVALUATION_OUTCOMES, type EvaluationOutcome } from '@careweave/contract';
import { migrate, openDatabase, Repository } from '@careweave/store';
import { Option, type Command } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isGeneratedDirectory, readGeneratedData } from '../evaluate/generated-data.js';
import { databaseOptions, fail, type DatabaseFlags } from '../options.js';
import { numberOption } from './score.js';

interface EvaluateFlags extends DatabaseFlags {
  outcome: string;
  ratio: string;
  seed: string;
  replicates: string;
}

/** `careweave evaluate`: the programme against a matched comparison group (last line: JSON). */
export function registerEvaluateCommand(program: Command): void {
  program
    .command('evaluate')
    .description(
      'evaluate the integrated-care programme: matched comparison group, balance, difference-in-differences 12 months before/after enrolment with 95% CIs (last line: JSON)',
    )
    .option(
      '--outcome <outcome>',
      `what to evaluate: ${EVALUATION_OUTCOMES.join(', ')}`,
      'admissions',
    )
    .option('--ratio <k>', 'comparison people matched to each enrolled person', '1')
    .option('--replicates <n>', 'bootstrap resamples for the 95% intervals', '1000')
    .option('--seed <n>', 'seed of the sampling and the bootstrap (same data, same report)', '2026')
    .addOption(
      new Option(
        '--data-dir <dir>',
        'embedded database directory, or a directory written by `careweave generate` (read directly; its truth.csv is compared)',
      ).env('CAREWEAVE_DATA_DIR'),
    )
    .action(evaluateCommand);
}

/** The programme effect written in a generated population's truth.csv (after enrolment), if any. */
function truthEffect(dir: string): number | undefined {
  const file = join(dir, 'truth.csv');
  if (!existsSync(file)) return undefined;
  const [header, ...rows] = readFileSync(file, 'utf8').split(/\r?\n/);
  const cols = (header ?? '').split(',');
  const iAfter = cols.indexOf('after_enrolment');
  const iEffect = cols.indexOf('programme_effect');
  if (iAfter < 0 || iEffect < 0) return undefined;
  for (const row of rows) {
    const cells = row.split(',');
    if (cells[iAfter] === 'true') return Number(cells[iEffect]);
  }
  return undefined;
}

async function readData(flags: EvaluateFlags): Promise<{ data: EvaluationData; dir?: string }> {
  if (!process.env['DATABASE_URL'] && flags.dataDir && isGeneratedDirectory(flags.dataDir)) {
    const dir = resolve(flags.dataDir);
    process.stderr.write(`Reading the generated population in ${dir}…\n`);
    const { inputs, claims } = await readGeneratedData(dir);
    return { data: evaluationData(inputs, claims), dir };
  }
  const db = await openDatabase(databaseOptions(flags));
  try {
    await migrate(db);
    process.stderr.write('Reading people, encounters, enrolments and claims…\n');
    return { data: await loadEvaluationData(new Repository(db)) };
  } finally {
    await db.close();
  }
}

async function evaluateCommand(flags: EvaluateFlags): Promise<void> {
  if (!(EVALUATION_OUTCOMES as readonly string[]).includes(flags.outcome))
    fail(`--outcome must be one of ${EVALUATION_OUTCOMES.join(', ')} (got "${flags.outcome}")`);
  const outcome = flags.outcome as EvaluationOutcome;
  const ratio = numberOption('ratio', flags.ratio, 1, 10, true);
  const replicates = numberOption('replicates', flags.replicates, 50, 100_000, true);
  const seed = numberOption('seed', flags.seed, 0, 2 ** 31, true);
  const { data, dir } = await readData(flags);
  if (data.persons.size === 0)
    fail('no patients in the data: import data first (careweave import DIR)');
  process.stderr.write(`Matching and estimating (${data.persons.size} people)…\n`);
  let evaluation;
  try {
    evaluation = evaluateProgramme(data, {
      outcome,
      ratio,
      replicates,
      seed,
    });
  } catch (err) {
    fail((err as Error).message);
  }
  process.stdout.write(`${renderEvaluationText(evaluation)}\n`);
  const truth = dir ? truthEffect(dir) : undefined;
  if (truth !== undefined && outcome === 'admissions') {
    const inside = evaluation.ci95[0] <= truth && truth <= evaluation.ci95[1];
    process.stdout.write(
      `\nTruth (truth.csv): programme effect ${truth} on admissions — ${inside ? 'inside' : 'outside'} the 95% interval.\n`,
    );
  }
  process.stdout.write(`${JSON.stringify(evaluationSummaryLine(evaluation))}\n`);
}
