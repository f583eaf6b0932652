import type { Encounter, QuestionnaireResponse, Resource, ValueSet } from '@medplum/fhirtypes';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readGenerated } from '../test/fhir-checks.js';
import { generateToTemp, removeGenerated } from '../test/generated.js';

// CMS2 counts a depression screening only next to a qualifying Encounter (MANIFEST.md of
// shared/data/ecqm): the visits where the population takes a PHQ-9 must carry a type of the
// "Encounter to Screen for Depression" value set, or the demo's CMS2 rate would be empty.
const BUNDLE = resolve(
  fileURLToPath(new URL('../../../../shared/data/ecqm/CMS2', import.meta.url)),
  'CMS2FHIRPCSDepressionScreenAndFollowUp-measure-bundle.json',
);
const VALUE_SET = 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.600.1916';
const present = existsSync(BUNDLE);
if (!present) console.warn(`skipped: ${BUNDLE} (shared/data/ecqm) is not present`);

let data: Map<string, Resource[]>;
afterAll(removeGenerated);

describe.skipIf(!present)('the PHQ-9 visits qualify for CMS2', () => {
  beforeAll(async () => {
    const { dir } = await generateToTemp({ patients: 150, seed: 5 });
    data = readGenerated(dir);
  });

  it('every encounter with a PHQ-9 has a type in "Encounter to Screen for Depression"', () => {
    const bundle = JSON.parse(readFileSync(BUNDLE, 'utf8')) as {
      entry: { resource: Resource }[];
    };
    const vs = bundle.entry
      .map((e) => e.resource)
      .find((r): r is ValueSet => r.resourceType === 'ValueSet' && r.url === VALUE_SET);
    const qualifying = new Set(
      (vs?.expansion?.contains ?? []).map((c) => `${c.system ?? ''}|${c.code ?? ''}`),
    );
    expect(qualifying.size).toBeGreaterThan(10);
    const encounters = new Map(
      ((data.get('Encounter') ?? []) as Encounter[]).map((e) => [`Encounter/${e.id ?? ''}`, e]),
    );
    const phq9 = ((data.get('QuestionnaireResponse') ?? []) as QuestionnaireResponse[]).filter(
      (qr) => /phq-?9/i.test(qr.questionnaire ?? ''),
    );
    expect(phq9.length).toBeGreaterThan(50);
    const types = new Map<string, number>();
    for (const qr of phq9) {
      const enc = encounters.get(qr.encounter?.reference ?? '');
      const codes = (enc?.type ?? []).flatMap((t) => t.coding ?? []);
      const ok = codes.some((c) => qualifying.has(`${c.system ?? ''}|${c.code ?? ''}`));
      if (!ok) {
        const key = `${enc?.type?.[0]?.text ?? 'no encounter'} ${codes.map((c) => c.code).join(',')}`;
        types.set(key, (types.get(key) ?? 0) + 1);
      }
    }
    expect(Object.fromEntries(types)).toEqual({});
  });
});
