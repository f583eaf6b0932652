import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateToTemp, removeGenerated } from '../test/generated.js';
import { DEFAULT_AS_OF } from './generate.js';

/** FHIR date, dateTime and instant values (a year, a month, a day, or a time on a day). */
const FHIR_DATE = /^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?)?)?$/;

/** The instant a FHIR date value starts at (a partial date: its first moment), in ms. */
function startOf(value: string): number {
  const [year = '', month = '01', day = '01'] = value.slice(0, 10).split('-');
  return value.length > 10 ? Date.parse(value) : Date.parse(`${year}-${month}-${day}T00:00:00Z`);
}

interface Late {
  where: string;
  value: string;
}

/** Every date-like value in a resource that lies at or after `today` (the exclusive end of the history). */
function lateValues(value: unknown, today: number, path: string, out: Late[]): void {
  if (typeof value === 'string') {
    if (FHIR_DATE.test(value) && startOf(value) >= today) {
      out.push({ where: path, value });
    }
  } else if (Array.isArray(value)) {
    value.forEach((item) => lateValues(item, today, path, out));
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      lateValues(item, today, `${path}.${key}`, out);
    }
  }
}

/** Scans every resource the generator wrote; answers the late values (by element) and the number of resources. */
function scan(dir: string, asOf: string): { late: Map<string, Late>; resources: number } {
  const today = Date.parse(`${asOf}T00:00:00Z`);
  const late = new Map<string, Late>();
  let resources = 0;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ndjson'))) {
    for (const line of readFileSync(join(dir, file), 'utf8').split('\n')) {
      if (!line) continue;
      const resource = JSON.parse(line) as { resourceType: string; id: string };
      resources++;
      const found: Late[] = [];
      lateValues(resource, today, resource.resourceType, found);
      for (const f of found) {
        late.set(f.where, { ...f, where: `${resource.resourceType}/${resource.id} ${f.where}` });
      }
    }
  }
  return { late, resources };
}

afterAll(removeGenerated);

describe('the synthetic timeline ends at its own "today"', () => {
  it('dates nothing at or after the end of the history in the demo population (2,000 people, the demo seed)', async () => {
    const { dir, summary } = await generateToTemp({ patients: 2000, seed: 42 });
    const { late, resources } = scan(dir, DEFAULT_AS_OF);
    expect(resources).toBe(summary.resources);
    // Every onset, encounter, result, prescription and claim happened before "today".
    expect([...late.values()]).toEqual([]);
  }, 120_000);

  it('holds for another seed, another "today" and the programme effect', async () => {
    const asOf = '2025-03-15';
    const { dir } = await generateToTemp({
      patients: 800,
      seed: 9,
      asOf,
      programmeEffect: 0.12,
    });
    expect([...scan(dir, asOf).late.values()]).toEqual([]);
  }, 120_000);
});
