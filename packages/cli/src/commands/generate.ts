import { generatePopulation } from '@careweave/synth';
import { resolve } from 'node:path';
import { fail } from '../options.js';
import { createProgress } from '../progress.js';

export interface GenerateFlags {
  patients: string;
  seed: string;
  out: string;
  programmeEffect?: string;
  asOf?: string;
}

/** `careweave generate`: a deterministic synthetic population as NDJSON per resource type. */
export async function generateCommand(flags: GenerateFlags): Promise<void> {
  const patients = Number(flags.patients);
  const seed = Number(flags.seed);
  if (!Number.isInteger(patients) || patients < 1) {
    fail('--patients must be a positive integer');
  }
  if (!Number.isInteger(seed)) {
    fail('--seed must be an integer');
  }
  const effect = flags.programmeEffect === undefined ? undefined : Number(flags.programmeEffect);
  if (effect !== undefined && !(effect >= 0 && effect < 1)) {
    fail('--programme-effect must be a fraction between 0 and 1, e.g. 0.12');
  }
  const progress = createProgress('Generating', patients, 'patients');
  const summary = await generatePopulation({
    patients,
    seed,
    outDir: resolve(flags.out),
    ...(effect !== undefined ? { programmeEffect: effect } : {}),
    ...(flags.asOf ? { asOf: flags.asOf } : {}),
    onProgress: (done) => progress.update(done),
  });
  progress.stop();
  process.stdout.write(
    `Generated ${summary.patients} patients, ${summary.resources.toLocaleString('en-US')} resources in ${resolve(flags.out)}\n`,
  );
}
