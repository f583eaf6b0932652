/** Test helper: generate into a fresh temporary directory. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generatePopulation, type GenerateOptions, type GenerateSummary } from '../src/index.js';

const created: string[] = [];

/** Removes every directory generateToTemp created (call from afterAll). */
export function removeGenerated(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Generates a population into a new temp dir; remove it with {@link removeGenerated}. */
export async function generateToTemp(
  opts: Omit<GenerateOptions, 'outDir'>,
): Promise<{ dir: string; summary: GenerateSummary }> {
  const dir = mkdtempSync(join(tmpdir(), 'careweave-synth-'));
  created.push(dir);
  const summary = await generatePopulation({ ...opts, outDir: dir });
  return { dir, summary };
}

/** Parses truth.csv into objects keyed by column name. */
export function parseCsv(text: string): Record<string, string>[] {
  const [header, ...lines] = text.trim().split('\n');
  const cols = (header ?? '').split(',');
  return lines.map((line) => {
    const cells = line.split(',');
    return Object.fromEntries(cols.map((c, i) => [c, cells[i] ?? '']));
  });
}
