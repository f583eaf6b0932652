import {
  buildModelCard,
  buildPersons,
  endOfData,
  renderModelCardMarkdown,
  evaluateAdmissionModel,
  evaluationSummary,
  parseTruthCsv,
  renderCalibrationSvg,
  renderEvaluationMarkdown,
  RISK_OBSERVATION_CODES,
  type TruthRow,
} from '@careweave/care';
import { loadRiskInputs, migrate, openDatabase } from '@careweave/store';
import type { Command, Option } from 'commander';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { databaseOptions, fail, type DatabaseFlags } from '../options.js';
import { numberOption } from './score.js';

interface EvaluateFlags extends DatabaseFlags {
  truth?: string;
  asOf?: string;
  report?: string;
  lambda: string;
}

/** `careweave risk evaluate`: temporal validation of the admission model against the published scores. */
export function registerRiskCommands(program: Command, dataDir: () => Option): void {
  const risk = program.command('risk').description('the learned emergency-admission model');
  risk
    .command('evaluate')
    .description(
      'train on the year before last, test on the latest year; report AUC, Brier, calibration vs Charlson and LACE (last line: JSON)',
    )
    .option(
      '--truth <file>',
      "the synthetic population's truth.csv, to score the model against the true probabilities",
    )
    .option(
      '--as-of <date>',
      'end of the data (default: the day after the latest admission or ED visit)',
    )
    .option(
      '--report <file.md>',
      'also write the report as Markdown, with the calibration plot as an SVG beside it',
    )
    .option('--lambda <n>', 'ridge penalty on standardised coefficients', '1')
    .addOption(dataDir())
    .action(evaluateCommand);
  risk
    .command('card')
    .description(
      'the model card (ONC HTI-1 source attributes) with performance by sex and age band and a fairness audit (last line: JSON)',
    )
    .option(
      '--as-of <date>',
      'end of the data (default: the day after the latest admission or ED visit)',
    )
    .option('--lambda <n>', 'ridge penalty on standardised coefficients', '1')
    .addOption(dataDir())
    .action(cardCommand);
}

interface CardFlags extends DatabaseFlags {
  asOf?: string;
  lambda: string;
}

/** `careweave risk card`: the model card as Markdown, then the card as one JSON line. */
async function cardCommand(flags: CardFlags): Promise<void> {
  const lambda = numberOption('lambda', flags.lambda, 0, 1e6);
  const pinned = flags.asOf ? Date.parse(flags.asOf) : undefined;
  if (pinned !== undefined && Number.isNaN(pinned)) fail(`--as-of is not a date: ${flags.asOf}`);
  const db = await openDatabase(databaseOptions(flags));
  let persons;
  try {
    await migrate(db);
    process.stderr.write('Reading risk inputs…\n');
    persons = buildPersons(await loadRiskInputs(db, {}, { loinc: RISK_OBSERVATION_CODES }));
  } finally {
    await db.close();
  }
  const asOf = pinned ?? endOfData(persons);
  if (persons.size === 0 || asOf === undefined)
    fail('no admissions or ED visits in the database: nothing to validate on (import data first)');
  const card = buildModelCard(persons, asOf, { lambda });
  process.stdout.write(`${renderModelCardMarkdown(card)}\n`);
  process.stdout.write(`${JSON.stringify(card)}\n`);
}

/** The day after `t` (UTC midnight). */
function nextDay(t: number): number {
  return (Math.floor(t / 86_400_000) + 1) * 86_400_000;
}

async function evaluateCommand(flags: EvaluateFlags): Promise<void> {
  let truth: TruthRow[] | undefined;
  if (flags.truth) {
    if (!existsSync(flags.truth)) fail(`truth file not found: ${flags.truth}`);
    try {
      truth = parseTruthCsv(readFileSync(flags.truth, 'utf8'));
    } catch (err) {
      fail((err as Error).message);
    }
  }
  const lambda = numberOption('lambda', flags.lambda, 0, 1e6);
  const pinned = flags.asOf ? Date.parse(flags.asOf) : undefined;
  if (pinned !== undefined && Number.isNaN(pinned)) fail(`--as-of is not a date: ${flags.asOf}`);

  const db = await openDatabase(databaseOptions(flags));
  let persons;
  try {
    await migrate(db);
    process.stderr.write('Reading risk inputs…\n');
    persons = buildPersons(await loadRiskInputs(db, {}, { loinc: RISK_OBSERVATION_CODES }));
  } finally {
    await db.close();
  }
  if (persons.size === 0)
    fail('no patients in the database: import data first (careweave import DIR)');
  let latest = -Infinity;
  for (const p of persons.values()) {
    for (const s of p.stays) latest = Math.max(latest, s.start);
    for (const v of p.edVisits) latest = Math.max(latest, v.time);
  }
  if (!Number.isFinite(latest) && pinned === undefined)
    fail('no admissions or ED visits in the database: nothing to evaluate (import data first)');
  const asOf = pinned ?? nextDay(latest);
  const report = evaluateAdmissionModel(persons, asOf, truth, lambda);
  if (report.train.events < 10 || report.test.events < 10) {
    fail(
      `too few admissions to evaluate (training year ${report.train.events}, test year ${report.test.events}); at least 10 each are needed`,
    );
  }
  const command = `careweave risk evaluate${flags.truth ? ` --truth ${basename(flags.truth)}` : ''}${flags.report ? ` --report ${flags.report}` : ''}`;
  let svgFile: string | undefined;
  if (flags.report) {
    mkdirSync(dirname(flags.report), { recursive: true });
    svgFile = `${basename(flags.report).replace(/\.md$/, '')}-calibration.svg`;
    writeFileSync(join(dirname(flags.report), svgFile), renderCalibrationSvg(report));
  }
  const markdown = renderEvaluationMarkdown(report, {
    command,
    generatedAt: new Date().toISOString().slice(0, 10),
    ...(svgFile ? { svgFile } : {}),
  });
  if (flags.report) writeFileSync(flags.report, markdown);
  process.stdout.write(`${markdown}\n`);
  process.stdout.write(`${JSON.stringify(evaluationSummary(report))}\n`);
}
