/**
 * Care-coordination Tasks for the search benchmark: the synthetic population has none, and the
 * issue's shape `Task?owner=…&status=requested,in-progress&_sort=priority` needs them. Two per
 * patient, deterministic, owned round-robin by the population's practitioners.
 *
 *   npx tsx bench/search/tasks.ts POPULATION_DIR OUT_DIR
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const STATUSES = ['requested', 'in-progress', 'completed', 'cancelled', 'on-hold'] as const;
const PRIORITIES = ['routine', 'urgent', 'asap', 'stat'] as const;

function ids(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { id: string }).id);
}

/** Writes `OUT_DIR/Task.ndjson`; returns how many Tasks. */
export function writeTasks(populationDir: string, outDir: string): number {
  const patients = ids(join(populationDir, 'Patient.ndjson'));
  const practitioners = ids(join(populationDir, 'Practitioner.ndjson'));
  const lines: string[] = [];
  patients.forEach((patient, i) => {
    for (let k = 0; k < 2; k++) {
      const n = i * 2 + k;
      const owner = practitioners[n % practitioners.length] ?? 'none';
      const day = 1 + (n % 28);
      lines.push(
        JSON.stringify({
          resourceType: 'Task',
          id: `bench-task-${n}`,
          status: STATUSES[(n * 7) % STATUSES.length],
          intent: 'order',
          priority: PRIORITIES[(n * 3) % PRIORITIES.length],
          code: {
            coding: [{ system: 'http://hl7.org/fhir/CodeSystem/task-code', code: 'fulfill' }],
            text: k === 0 ? 'Post-discharge call' : 'Medication review',
          },
          for: { reference: `Patient/${patient}` },
          owner: { reference: `Practitioner/${owner}` },
          authoredOn: `2026-0${1 + (n % 9)}-${String(day).padStart(2, '0')}T09:00:00Z`,
        }),
      );
    }
  });
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'Task.ndjson'), `${lines.join('\n')}\n`);
  return lines.length;
}

if (process.argv[1]?.endsWith('tasks.ts')) {
  const [populationDir, outDir] = process.argv.slice(2);
  if (!populationDir || !outDir) {
    throw new Error('usage: tsx bench/search/tasks.ts POPULATION_DIR OUT_DIR');
  }
  process.stdout.write(`${writeTasks(populationDir, outDir)} Tasks written to ${outDir}\n`);
}
