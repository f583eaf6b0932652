import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateToTemp, removeGenerated } from '../test/generated.js';
import { GENERATED_TYPES } from './generate.js';

function digest(dir: string): string {
  const hash = createHash('sha256');
  for (const file of readdirSync(dir).sort()) {
    hash.update(file);
    hash.update(readFileSync(join(dir, file)));
  }
  return hash.digest('hex');
}

afterAll(removeGenerated);

describe('determinism', () => {
  it('same patients, seed and options give byte-for-byte identical files; another seed does not', async () => {
    const options = { patients: 60, seed: 7, programmeEffect: 0.12 };
    const first = await generateToTemp(options);
    const second = await generateToTemp(options);
    const otherSeed = await generateToTemp({ ...options, seed: 8 });
    expect(digest(second.dir)).toBe(digest(first.dir));
    expect(digest(otherSeed.dir)).not.toBe(digest(first.dir));
    expect(second.summary).toEqual(first.summary);
  });

  it('writes one NDJSON file per resource type and truth.csv, and reports what it wrote', async () => {
    const { dir, summary } = await generateToTemp({ patients: 50, seed: 3 });
    expect(readdirSync(dir).sort()).toEqual(summary.files);
    expect(summary.files).toContain('truth.csv');
    for (const [type, count] of Object.entries(summary.byType)) {
      const lines = readFileSync(join(dir, `${type}.ndjson`), 'utf8')
        .trim()
        .split('\n');
      expect(lines.length, type).toBe(count);
      expect((JSON.parse(lines[0] ?? '{}') as { resourceType?: string }).resourceType).toBe(type);
    }
    expect(summary.byType.Patient).toBe(50);
    // Re-runs clean up exactly these types, so the list must cover everything written.
    expect([...GENERATED_TYPES].sort()).toEqual(Object.keys(summary.byType).sort());
  });

  it('rejects bad options with a clear message', async () => {
    await expect(generateToTemp({ patients: 0, seed: 1 })).rejects.toThrow(/patients/);
    await expect(generateToTemp({ patients: 5, seed: 1.5 })).rejects.toThrow(/seed/);
    await expect(generateToTemp({ patients: 5, seed: 1, programmeEffect: 1 })).rejects.toThrow(
      /programmeEffect/,
    );
  });
});
