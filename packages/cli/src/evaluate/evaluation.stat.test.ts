/**
 * The programme evaluation on generated populations whose true effect is known (synth injects
 * it: enrolled people's admission probability × (1 − effect) after enrolment; truth.csv says so).
 * The populations are small so the runtime stays bounded; the intervals are wide at these sizes,
 * and what is checked is that they are honest: the truth is inside at two seeds, and with no
 * effect the 95% interval excludes zero no more often than 5% of 20 populations allows.
 */
import { evaluateProgramme, evaluationData } from '@careweave/care';
import type { ProgrammeEvaluation } from '@careweave/contract';
import { generatePopulation } from '@careweave/synth';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readGeneratedData } from './generated-data.js';

/** The effect truth.csv states for the periods after enrolment. */
function truthEffect(csv: string): number | undefined {
  const [header, ...rows] = csv.split('\n');
  const cols = (header ?? '').split(',');
  const after = cols.indexOf('after_enrolment');
  const effect = cols.indexOf('programme_effect');
  const row = rows.map((r) => r.split(',')).find((c) => c[after] === 'true');
  return row ? Number(row[effect]) : undefined;
}

async function evaluateGenerated(
  seed: number,
  effect: number,
  patients: number,
): Promise<{ evaluation: ProgrammeEvaluation; truth: number | undefined }> {
  const dir = await mkdtemp(join(tmpdir(), 'careweave-evaluation-'));
  try {
    await generatePopulation({ patients, seed, outDir: dir, programmeEffect: effect });
    const { inputs, claims } = await readGeneratedData(dir);
    const truth = truthEffect(await readFile(join(dir, 'truth.csv'), 'utf8'));
    const evaluation = evaluateProgramme(evaluationData(inputs, claims), { replicates: 300 });
    return { evaluation, truth };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const inside = (x: number, [low, high]: [number, number]): boolean => low <= x && x <= high;

describe('programme evaluation on generated populations', () => {
  // At 1,000 people about 75 enrolled people are matched and fewer than twenty admissions follow
  // in each arm, so the intervals are wide; what matters is that they are honest.
  it.each([1, 2])(
    'finds the injected 12%% effect inside its 95%% interval (seed %i)',
    async (seed) => {
      const { evaluation, truth } = await evaluateGenerated(seed, 0.12, 1000);
      expect(truth).toBe(0.12);
      expect(evaluation.nTreated).toBeGreaterThan(30);
      expect(evaluation.nControl).toBe(evaluation.nTreated);
      expect(inside(0.12, evaluation.ci95)).toBe(true);
      expect(evaluation.ci95[0]).toBeLessThan(evaluation.estimate);
      expect(evaluation.estimate).toBeLessThan(evaluation.ci95[1]);
    },
    600_000,
  );

  it('with no effect, rejects "no effect" at 5% in at most 3 of 20 populations', async () => {
    // Under a valid 95% interval the rejections are Binomial(20, 0.05): P(≥ 4) = 1.6%.
    const results: string[] = [];
    let rejected = 0;
    for (let seed = 101; seed <= 120; seed++) {
      const { evaluation, truth } = await evaluateGenerated(seed, 0, 600);
      expect(truth ?? 0).toBe(0);
      if (!inside(0, evaluation.ci95)) rejected++;
      results.push(
        `${seed}: ${evaluation.estimate.toFixed(3)} [${evaluation.ci95.map((x) => x.toFixed(3)).join(', ')}] n=${evaluation.nTreated}`,
      );
    }
    console.log(`null populations (rejected ${rejected}/20):\n${results.join('\n')}`);
    expect(rejected).toBeLessThanOrEqual(3);
  }, 1_800_000);
});
