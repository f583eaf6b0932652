import { charlsonIndex, hospitalScore, laceIndex } from '@careweave/care';
import type { Command } from 'commander';
import { fail } from '../options.js';
import { registerAssessmentScores } from './score-assessments.js';

/**
 * `careweave score charlson|lace|hospital`: the published scores as calculators for clinicians
 * and scripts. Each prints a readable line, then one JSON object on the last line; bad input
 * exits 1 with the reason on stderr.
 */
export function registerScoreCommands(program: Command): void {
  const score = program
    .command('score')
    .description(
      'published risk scores and standardized assessments as calculators (last line: one JSON object)',
    );
  score
    .command('charlson')
    .description(
      'Charlson Comorbidity Index from ICD-10 codes (Quan 2005 coding algorithm; no age points)',
    )
    .requiredOption(
      '--codes <codes>',
      'comma-separated ICD-10(-CM) codes, with or without the dot (e.g. I50.9,E11.22)',
    )
    .option(
      '--weights <weights>',
      'charlson1987 (Charlson 1987) or quan2011 (Quan 2011)',
      'charlson1987',
    )
    .action(scoreCharlson);
  score
    .command('lace')
    .description('LACE index at discharge (van Walraven, CMAJ 2010)')
    .requiredOption('--los-days <n>', 'length of stay in days')
    .option('--acute', 'emergent (acute) admission')
    .option('--elective', 'elective admission')
    .requiredOption('--charlson <c>', 'Charlson comorbidity index score')
    .requiredOption(
      '--ed-visits <e>',
      'emergency department visits in the 6 months before admission',
    )
    .action(scoreLace);
  score
    .command('hospital')
    .description('HOSPITAL score at discharge (Donzé, JAMA Intern Med 2013)')
    .requiredOption('--hb <g>', 'haemoglobin at discharge, g/dL')
    .requiredOption('--sodium <n>', 'sodium at discharge, mmol/L')
    .requiredOption('--admissions <n>', 'hospital admissions in the previous 12 months')
    .requiredOption('--los-days <n>', 'length of stay in days')
    .option('--oncology', 'discharged from an oncology service')
    .option('--procedure', 'any procedure during the stay')
    .option('--urgent', 'urgent (non-elective) index admission')
    .action(scoreHospital);
  registerAssessmentScores(score);
}

/** Parses a number option within [min, max]; integers only when `integer`. */
export function numberOption(
  name: string,
  value: string,
  min: number,
  max: number,
  integer = false,
): number {
  const n = Number(value);
  if (
    value.trim() === '' ||
    !Number.isFinite(n) ||
    n < min ||
    n > max ||
    (integer && !Number.isInteger(n))
  ) {
    fail(
      `--${name} must be ${integer ? 'a whole number' : 'a number'} between ${min} and ${max} (got ${JSON.stringify(value)})`,
    );
  }
  return n;
}

function scoreCharlson(flags: { codes: string; weights: string }): void {
  if (flags.weights !== 'charlson1987' && flags.weights !== 'quan2011') {
    fail(`--weights must be charlson1987 or quan2011 (got ${JSON.stringify(flags.weights)})`);
  }
  const codes = flags.codes
    .split(',')
    .map((c) => c.trim())
    .filter((c) => c !== '');
  if (codes.length === 0) fail('--codes needs at least one ICD-10 code');
  const malformed = codes.filter(
    (c) => !/^[A-Za-z][0-9][0-9A-Za-z]?(\.?[0-9A-Za-z]{1,4})?$/.test(c),
  );
  if (malformed.length > 0) fail(`not ICD-10 codes: ${malformed.join(', ')}`);
  const result = charlsonIndex(codes, flags.weights);
  const details = result.conditions.map((c) => ({
    ...c,
    codes: codes.filter((code) =>
      charlsonIndex([code], result.weights).conditions.some((x) => x.condition === c.condition),
    ),
  }));
  process.stdout.write(
    `Charlson Comorbidity Index (${result.weights}): ${result.score}${details.length ? ` — ${details.map((d) => `${d.condition} ${d.weight}`).join(', ')}` : ''}\n`,
  );
  process.stdout.write(
    `${JSON.stringify({ score: result.score, conditions: result.conditions.map((c) => c.condition), weights: result.weights, details })}\n`,
  );
}

function scoreLace(flags: {
  losDays: string;
  acute?: boolean;
  elective?: boolean;
  charlson: string;
  edVisits: string;
}): void {
  if (flags.acute === flags.elective) fail('give exactly one of --acute or --elective');
  const result = laceIndex({
    losDays: numberOption('los-days', flags.losDays, 0, 3650),
    acute: flags.acute === true,
    charlson: numberOption('charlson', flags.charlson, 0, 40, true),
    edVisits6m: numberOption('ed-visits', flags.edVisits, 0, 1000, true),
  });
  const p = result.points;
  process.stdout.write(
    `LACE ${result.score} (${result.band}): L ${p.l}, A ${p.a}, C ${p.c}, E ${p.e}\n`,
  );
  process.stdout.write(
    `${JSON.stringify({ score: result.score, band: result.band, points: p })}\n`,
  );
}

function scoreHospital(flags: {
  hb: string;
  sodium: string;
  admissions: string;
  losDays: string;
  oncology?: boolean;
  procedure?: boolean;
  urgent?: boolean;
}): void {
  const result = hospitalScore({
    hemoglobinGdl: numberOption('hb', flags.hb, 1, 30),
    sodiumMmolL: numberOption('sodium', flags.sodium, 80, 200),
    admissions12m: numberOption('admissions', flags.admissions, 0, 1000, true),
    losDays: numberOption('los-days', flags.losDays, 0, 3650),
    oncology: flags.oncology === true,
    procedure: flags.procedure === true,
    urgent: flags.urgent === true,
  });
  const p = result.points;
  process.stdout.write(
    `HOSPITAL ${result.score} (${result.band}): H ${p.h}, O ${p.o}, S ${p.s}, P ${p.p}, IT ${p.it}, A ${p.a}, L ${p.l}\n`,
  );
  process.stdout.write(
    `${JSON.stringify({ score: result.score, band: result.band, points: p })}\n`,
  );
}
