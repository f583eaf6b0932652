import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { OperationOutcomeError, validateResource } from '@medplum/core';
import type { Resource } from '@medplum/fhirtypes';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadFhirDefinitions } from '../definitions.js';
import { quickStructureOk } from './quick-structure.js';

const sharedData = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../../../shared/data',
);
const examplesDir = path.join(sharedData, 'fhir-examples/r4-spec');
const syntheaDir = path.join(sharedData, 'synthea');

/** What medplum reports, minus the reference-target warnings `validateResourceStrict` drops. */
function medplumIssues(resource: Resource): string[] {
  let issues;
  try {
    issues = validateResource(resource);
  } catch (err) {
    issues =
      err instanceof OperationOutcomeError
        ? (err.outcome.issue ?? [])
        : [{ severity: 'error', details: { text: String(err) } }];
  }
  return issues
    .filter(
      (i) => !(i.severity === 'warning' && i.details?.text?.startsWith('Invalid reference: ')),
    )
    .map((i) => `${i.severity} ${i.details?.text}`);
}

/** The quick check may decline anything, but must never accept what medplum reports on. */
function expectSameOrDeclined(resource: Resource): boolean {
  const quick = quickStructureOk(resource as unknown as Record<string, unknown>);
  if (quick) {
    expect(medplumIssues(resource), `${resource.resourceType}/${resource.id}`).toEqual([]);
  }
  return quick;
}

function resourcesIn(dir: string): Resource[] {
  const out: Resource[] = [];
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.json'))) {
    const value = JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as Resource & {
      entry?: { resource?: Resource }[];
    };
    out.push(value);
    for (const e of value.resourceType === 'Bundle' ? (value.entry ?? []) : []) {
      if (e.resource) {
        out.push(e.resource);
      }
    }
  }
  return out;
}

/** Ways to break a valid resource (medplum reports each) and shapes the quick check does not model. */
const MUTATIONS: [string, (r: Record<string, unknown>) => void, 'reported'?][] = [
  ['unknown property', (r) => (r.colour = 'blue'), 'reported'],
  ['null value', (r) => (r.language = null), 'reported'],
  ['empty string (medplum treats it as absent)', (r) => (r.language = '')],
  ['wrong JSON type', (r) => (r.language = 7), 'reported'],
  ['array for a single value', (r) => (r.language = ['en']), 'reported'],
  ['single value for an array', (r) => (r.extension = { url: 'http://x' }), 'reported'],
  ['empty object', (r) => (r.meta = {})],
  ['id of the wrong JSON type', (r) => (r.id = 5), 'reported'],
  ['bad instant', (r) => (r.meta = { lastUpdated: '2020-13-45' }), 'reported'],
  [
    'extension with value and children',
    (r) =>
      (r.extension = [
        { url: 'http://x', valueString: 'a', extension: [{ url: 'y', valueString: 'b' }] },
      ]),
    'reported',
  ],
  [
    'primitive extension',
    (r) => (r._language = { extension: [{ url: 'http://x', valueString: 'a' }] }),
  ],
  [
    'invalid contained resource',
    (r) => (r.contained = [{ resourceType: 'Patient', id: 'p', gender: 7 }]),
    'reported',
  ],
];

describe.skipIf(!existsSync(sharedData))(
  'quickStructureOk agrees with medplum validateResource',
  () => {
    beforeAll(() => loadFhirDefinitions());

    it('never accepts an official example or Synthea resource that medplum reports on', () => {
      const all = [...resourcesIn(examplesDir), ...resourcesIn(syntheaDir)];
      const accepted = all.filter(expectSameOrDeclined).length;
      // The point is speed on ordinary data: most resources must take the quick path.
      expect(accepted / all.length).toBeGreaterThan(0.8);
    });

    it('declines every mutation of valid resources', () => {
      const valid = resourcesIn(syntheaDir).filter((r) =>
        quickStructureOk(r as unknown as Record<string, unknown>),
      );
      const samples = [...new Map(valid.map((r) => [r.resourceType, r])).values()];
      for (const [name, mutate, reported] of MUTATIONS) {
        for (const sample of samples) {
          const broken = structuredClone(sample) as unknown as Record<string, unknown>;
          mutate(broken);
          if (reported) {
            expect(
              medplumIssues(broken as unknown as Resource).length,
              `${name} on ${sample.resourceType}`,
            ).toBeGreaterThan(0);
          }
          expect(quickStructureOk(broken), `${name} on ${sample.resourceType}`).toBe(false);
        }
      }
    });

    it('declines missing required elements and broken invariants', () => {
      const obs = resourcesIn(syntheaDir).find(
        (r) => r.resourceType === 'Observation',
      ) as unknown as Record<string, unknown>;
      const noStatus = { ...obs };
      delete noStatus.status;
      expect(quickStructureOk(noStatus)).toBe(false);
      // obs-6: dataAbsentReason SHALL only be present if value[x] is not present.
      const both = { ...obs, dataAbsentReason: { text: 'unknown' } };
      expect(medplumIssues(both as unknown as Resource).length).toBeGreaterThan(0);
      expect(quickStructureOk(both)).toBe(false);
      // A contained resource is walked too: its required elements count.
      const containing = {
        ...obs,
        contained: [{ resourceType: 'Observation', id: 'c', code: { text: 'x' } }],
      };
      expect(medplumIssues(containing as unknown as Resource).length).toBeGreaterThan(0);
      expect(quickStructureOk(containing)).toBe(false);
    });
  },
);
