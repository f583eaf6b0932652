/**
 * Per-stage CPU cost of the write path on one copy of the Synthea bundles (no database):
 *   npx tsx bench/ingest/stages.ts [ROUNDS]
 * Prints resources/s of validation (whole and its parts), index extraction and serialisation.
 */
import { extractIndexValues, loadFhirDefinitions, validateResourceStrict } from '@careweave/fhir';
import { validateResource } from '@medplum/core';
import type { Resource } from '@medplum/fhirtypes';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const sourceDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../../shared/data/synthea');

function time(
  label: string,
  resources: readonly Resource[],
  rounds: number,
  fn: (r: Resource) => unknown,
): void {
  const started = performance.now();
  for (let i = 0; i < rounds; i++) {
    for (const r of resources) {
      fn(r);
    }
  }
  const s = (performance.now() - started) / 1000;
  const n = resources.length * rounds;
  process.stdout.write(
    `${label.padEnd(34)} ${Math.round(n / s)
      .toLocaleString('en-US')
      .padStart(9)}/s  (${((s / n) * 1e6).toFixed(0)} µs each)\n`,
  );
}

if (!existsSync(sourceDir)) {
  process.stdout.write(`skipped: ${sourceDir} is absent\n`);
} else {
  const rounds = Number(process.argv[2] ?? 3);
  const t0 = performance.now();
  loadFhirDefinitions();
  validateResourceStrict({ resourceType: 'Patient' });
  process.stdout.write(`definitions + plans: ${(performance.now() - t0).toFixed(0)} ms\n`);
  const resources: Resource[] = [];
  for (const f of readdirSync(sourceDir).filter((n) => n.endsWith('.json'))) {
    const b = JSON.parse(readFileSync(join(sourceDir, f), 'utf8')) as {
      entry: { resource: Resource }[];
    };
    resources.push(...b.entry.map((e) => e.resource));
  }
  const texts = resources.map((r) => JSON.stringify(r));
  time('warm-up (validateResourceStrict)', resources, 1, (r) => validateResourceStrict(r));
  time('validateResourceStrict', resources, rounds, (r) => validateResourceStrict(r));
  time('medplum validateResource', resources, rounds, (r) => {
    try {
      validateResource(r);
    } catch {
      // errors are counted the same way
    }
  });
  time('extractIndexValues', resources, rounds, (r) => extractIndexValues(r));
  time('JSON.stringify', resources, rounds, (r) => JSON.stringify(r));
  let i = 0;
  time('JSON.parse', resources, rounds, () => JSON.parse(texts[i++ % texts.length] as string));
}
