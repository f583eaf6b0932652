import { parseTierRules, stratify, type TierRules } from '@careweave/care';
import { wireAccess } from '@careweave/server';
import { migrate, openDatabase } from '@careweave/store';
import type { Command, Option } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import { databaseOptions, fail, type DatabaseFlags } from '../options.js';
import { createProgress, type Progress } from '../progress.js';

interface StratifyFlags extends DatabaseFlags {
  full?: boolean;
  asOf?: string;
  tiers?: string;
}

/** `careweave stratify`: recomputes risk for the people whose data changed (or everyone with --full). */
export function registerStratifyCommand(program: Command, dataDir: () => Option): void {
  program
    .command('stratify')
    .description(
      'risk-stratify the population: RiskAssessments, tiers, registries; incremental after the first run (last line: JSON)',
    )
    .option('--full', 'recompute everyone and refit the model')
    .option('--as-of <date>', 'assess risk as of this date (default: now)')
    .option(
      '--tiers <file.json>',
      'tier rules (JSON, merged over the defaults; see care/risk/tiers.ts)',
    )
    .addOption(dataDir())
    .action(stratifyCommand);
}

async function stratifyCommand(flags: StratifyFlags): Promise<void> {
  let rules: TierRules | undefined;
  if (flags.tiers) {
    if (!existsSync(flags.tiers)) fail(`tier rules file not found: ${flags.tiers}`);
    try {
      rules = parseTierRules(JSON.parse(readFileSync(flags.tiers, 'utf8')));
    } catch (err) {
      fail(`tier rules ${flags.tiers}: ${(err as Error).message}`);
    }
  }
  const asOf = flags.asOf ? new Date(flags.asOf) : undefined;
  if (asOf && Number.isNaN(asOf.getTime())) fail(`--as-of is not a date: ${flags.asOf}`);
  const db = await openDatabase(databaseOptions(flags));
  let progress: Progress | undefined;
  try {
    await migrate(db);
    // The one write path, as the server runs it: validation, ownership, sensitivity labels, audit.
    const { repo } = wireAccess(db);
    const result = await stratify(repo, {
      ...(asOf ? { asOf } : {}),
      ...(flags.full ? { full: true } : {}),
      ...(rules ? { rules } : {}),
      onProgress: (phase, done, total) => {
        if (phase === 'write') {
          progress ??= createProgress('Writing', total);
          progress.update(done);
        }
      },
    });
    progress?.stop();
    const t = result.timings;
    process.stdout.write(
      `Stratified ${result.patients.toLocaleString('en-US')} people (${result.kind}) as of ${result.asOf.slice(0, 10)} in ${(t.total / 1000).toFixed(1)} s ` +
        `(read ${(t.read / 1000).toFixed(1)} s, score ${(t.score / 1000).toFixed(1)} s, write ${(t.write / 1000).toFixed(1)} s); ${result.written.toLocaleString('en-US')} resources written\n`,
    );
    process.stdout.write(
      `Tiers: ${Object.entries(result.tiers)
        .map(([tier, n]) => `${tier} ${n.toLocaleString('en-US')}`)
        .join(', ')}\n`,
    );
    process.stdout.write(
      `${JSON.stringify({ runId: result.runId, kind: result.kind, asOf: result.asOf, patients: result.patients, written: result.written, tiers: result.tiers, seconds: Math.round(t.total) / 1000, timings: t, cpu: result.cpu })}\n`,
    );
  } finally {
    await db.close();
  }
}
