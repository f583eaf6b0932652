import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  evalFhirPathTyped,
  getSearchParameters,
  toTypedValue,
  tryGetDataType,
} from '@medplum/core';
import type { Bundle, Reference, Resource } from '@medplum/fhirtypes';
import { describe, expect, test } from 'vitest';
import { IndexCollector } from './collector.js';
import {
  ComponentCollector,
  combineComponents,
  componentExpression,
  componentTypes,
} from './composite.js';
import { addValue, convertTarget } from './convert-values.js';
import { extractIndexValues } from './extract.js';
import type { IndexValues } from './index-values.js';
import { getPatientCompartmentParams, getSearchParams, listResourceTypes } from './registry.js';

// The oracle: evaluate each parameter's full R4 expression with @medplum/core FHIRPath and convert
// the typed results. The compiled walker must reach exactly the same values, as sets.
//
// One correction: @medplum/core 4.5 evaluates the function form `.as(T)` as a pass-through
// (`Condition.onset.as(string)` returns an onsetDateTime), unlike the operator `as T` and
// `.ofType(T)`, which filter by type as FHIRPath specifies. The oracle therefore evaluates `.as(T)`
// as the equivalent `.ofType(T)`, so that `onset-info` holds only onsetString, as R4 intends.

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const dataDir = path.resolve(repoRoot, '../shared/data');
const hasData = existsSync(dataDir);
if (!hasData) {
  console.warn(`extract oracle tests skipped: ${dataDir} (Synthea and FHIR examples) is absent`);
}

/** The slow reference implementation: full FHIRPath evaluation of every expression. */
function referenceExtract(resource: Resource): IndexValues {
  const out = new IndexCollector();
  const input = [toTypedValue(resource)];
  const official = getSearchParameters(resource.resourceType) ?? {};
  for (const info of getSearchParams(resource.resourceType).values()) {
    const expression = official[info.code]?.expression?.replaceAll('.as(', '.ofType(');
    if (info.type === 'composite' && expression) {
      referenceComposite(out, resource.resourceType, info.code, expression, input);
      continue;
    }
    if (
      ['_id', '_lastUpdated'].includes(info.code) ||
      ['composite', 'special'].includes(info.type) ||
      !expression
    ) {
      continue;
    }
    const target = convertTarget(info.code, info.type);
    const before = out.added;
    for (const value of evalFhirPathTyped(expression, input)) {
      addValue(out, target, value.value, value.type);
    }
    if (out.added > before) {
      out.addPresent(info.code);
    }
  }
  const patientIds = resource.resourceType === 'Patient' && resource.id ? [resource.id] : [];
  for (const code of getPatientCompartmentParams(resource.resourceType)) {
    for (const reference of out.references) {
      const id = reference.startsWith(`${code}|Patient/`)
        ? reference.slice(code.length + 9)
        : undefined;
      if (id !== undefined && !patientIds.includes(id)) {
        patientIds.push(id);
      }
    }
  }
  return out.toIndexValues(patientIds);
}

/** A composite by full FHIRPath: each value of its expression, each component evaluated on it. */
function referenceComposite(
  out: IndexCollector,
  resourceType: string,
  code: string,
  expression: string,
  input: ReturnType<typeof toTypedValue>[],
): void {
  const info = getSearchParams(resourceType).get(code);
  const types = info && componentTypes(resourceType, info);
  if (!info || !types) {
    return;
  }
  const before = out.added;
  for (const root of evalFhirPathTyped(expression, input)) {
    const [first, second] = [0, 1].map((i) => {
      const values = new ComponentCollector();
      const component = componentExpression(info.components?.[i]?.expression ?? '').replaceAll(
        '.as(',
        '.ofType(',
      );
      for (const value of evalFhirPathTyped(component, [root])) {
        addValue(values, convertTarget('', types[i] ?? 'token'), value.value, value.type);
      }
      return values;
    });
    if (first && second && first.added > 0) {
      combineComponents(out, code, types[0], types[1], first, second);
    }
  }
  if (out.added > before) {
    out.addPresent(code);
  }
}

/** IndexValues as comparable sorted string lists (order inside a field carries no meaning). */
function asSets(values: IndexValues): Record<string, string[]> {
  return {
    tokens: [...values.tokens].sort(),
    references: [...values.references].sort(),
    strings: values.strings.map((s) => JSON.stringify(s)).sort(),
    dates: values.dates.map((d) => JSON.stringify(d)).sort(),
    numbers: values.numbers.map((n) => JSON.stringify(n)).sort(),
  };
}

/** Rewrites `urn:uuid:` references to `Type/id`, as transaction processing does before indexing. */
function resolveBundleReferences(bundle: Bundle): Resource[] {
  const byFullUrl = new Map<string, string>();
  for (const entry of bundle.entry ?? []) {
    if (entry.fullUrl && entry.resource?.id) {
      byFullUrl.set(entry.fullUrl, `${entry.resource.resourceType}/${entry.resource.id}`);
    }
  }
  const text = JSON.stringify((bundle.entry ?? []).map((e) => e.resource).filter(Boolean));
  return JSON.parse(text, (key, value: unknown) =>
    key === 'reference' && typeof value === 'string' ? (byFullUrl.get(value) ?? value) : value,
  ) as Resource[];
}

function relativeReference(key: string, value: unknown): unknown {
  return key === 'reference' && typeof value === 'string'
    ? value.replace(/^https?:\/\/.*\/(\w+\/[^/]+)$/, '$1')
    : value;
}

function loadSynthea(): Resource[] {
  const dir = path.join(dataDir, 'synthea');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .flatMap((f) =>
      resolveBundleReferences(JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as Bundle),
    );
}

/**
 * Official examples, with the resources inside them (bundle entries, contained) as samples too.
 * Absolute references (`http://hl7.org/fhir/Patient/1`) are made relative first: the compiled
 * `where(resolve() is Patient)` knows their type (tested in extract.test.ts), while resolve() in
 * @medplum/core does not, and that known difference would hide any other.
 */
function loadExamples(): Resource[] {
  const dir = path.join(dataDir, 'fhir-examples', 'r4-spec');
  const result: Resource[] = [];
  const add = (resource: Resource): void => {
    result.push(resource);
    if (resource.resourceType === 'Bundle') {
      (resource.entry ?? []).forEach((e) => e.resource && add(e.resource));
    }
    if ('contained' in resource) {
      (resource.contained ?? []).forEach(add);
    }
  };
  readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .forEach((f) =>
      add(JSON.parse(readFileSync(path.join(dir, f), 'utf8'), relativeReference) as Resource),
    );
  return result;
}

describe.skipIf(!hasData)('extractIndexValues against full FHIRPath evaluation', () => {
  test('official R4 examples give the same values', () => {
    for (const resource of loadExamples()) {
      expect(
        asSets(extractIndexValues(resource)),
        `${resource.resourceType}/${resource.id}`,
      ).toEqual(asSets(referenceExtract(resource)));
    }
  });

  // ~4k resources through full FHIRPath: seconds, not milliseconds.
  test('every Synthea resource gives the same values', { timeout: 300_000 }, () => {
    const resources = loadSynthea();
    expect(resources.length).toBeGreaterThan(3000);
    for (const resource of resources) {
      expect(
        asSets(extractIndexValues(resource)),
        `${resource.resourceType}/${resource.id}`,
      ).toEqual(asSets(referenceExtract(resource)));
    }
    // Once transaction processing resolved the urn:uuid references, clinical data is in a compartment.
    const observation = resources.find((r) => r.resourceType === 'Observation');
    const subject = (observation as { subject?: Reference } | undefined)?.subject?.reference;
    expect(extractIndexValues(observation as Resource).patientIds).toEqual([
      subject?.replace('Patient/', ''),
    ]);
  });

  test('extraction rate over the Synthea bundles (logged, not asserted)', () => {
    const resources = loadSynthea();
    resources.forEach((r) => extractIndexValues(r)); // warm up: plans built, code optimised
    const rounds = 10;
    let start = performance.now();
    for (let i = 0; i < rounds; i++) {
      resources.forEach((r) => extractIndexValues(r));
    }
    const compiledRate = (rounds * resources.length) / ((performance.now() - start) / 1000);
    const sample = resources.slice(0, 500); // full FHIRPath is slow: a sample is enough for the rate
    start = performance.now();
    sample.forEach((r) => referenceExtract(r));
    const fhirPathRate = sample.length / ((performance.now() - start) / 1000);
    console.log(
      `extractIndexValues: ${Math.round(compiledRate)} resources/s compiled vs ${Math.round(fhirPathRate)} resources/s ` +
        `with full FHIRPath (${resources.length} Synthea resources × ${rounds})`,
    );
  });
});

// Synthetic resources of every R4 type, built from the StructureDefinitions, so that every
// parameter of every type is checked, not only those the sample files happen to use.

/** Literals the R4 expressions compare codes with (`where(system='phone')`), so filters can match. */
const LITERALS = [
  ...new Set(
    listResourceTypes().flatMap((t) =>
      [...getSearchParams(t).values()].flatMap((p) =>
        [...p.expression.matchAll(/'([^']*)'/g)].map((m) => m[1] as string),
      ),
    ),
  ),
];
const TARGETS = [
  'Patient',
  'Practitioner',
  'RelatedPerson',
  'Location',
  'Organization',
  'Group',
  'Device',
];
/** Not generated: extensions and contained resources add size, not coverage. */
const SKIPPED = new Set(['id', 'extension', 'modifierExtension', 'contained']);

function hash(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) {
    h = (h * 31 + text.charCodeAt(i)) | 0;
  }
  return Math.abs(h);
}

function pick<T>(items: readonly T[], seed: number): T {
  return items[seed % items.length] as T;
}

function primitive(type: string, seed: number, where: string): unknown {
  switch (type) {
    case 'boolean':
      return seed % 2 === 0;
    case 'integer':
    case 'positiveInt':
    case 'unsignedInt':
      return 3 + (seed % 5);
    case 'decimal':
      return pick([2.5, 100, 0.125], seed);
    case 'date':
      return pick(['2020', '2021-02', '2022-03-04'], seed);
    case 'dateTime':
      return pick(['2021-03-04T05:06:07+02:00', '2020-02', '2019-12-31', 'not a date'], seed);
    case 'instant':
      return '2021-03-04T05:06:07.123Z';
    case 'code':
      return pick(LITERALS, seed);
    case 'string':
    case 'markdown':
      return `Ánna ${where}`;
    default:
      return `http://example.org/${where}`;
  }
}

function generate(type: string, seed: number, where: string, stack: string[]): unknown {
  if (type === 'Reference') {
    return { reference: `${pick(TARGETS, seed)}/r${seed % 3}`, display: where };
  }
  if (type === 'Resource') {
    return { resourceType: pick(TARGETS, seed), id: `e${seed % 3}` };
  }
  if (/^[a-z]/.test(type)) {
    return primitive(type, seed, where);
  }
  const schema = tryGetDataType(type);
  if (
    !schema ||
    ['Extension', 'Narrative'].includes(type) ||
    stack.includes(type) ||
    stack.length > 5
  ) {
    return undefined;
  }
  const result: Record<string, unknown> = {};
  for (const [name, element] of Object.entries(schema.elements)) {
    const key = name.replace('[x]', '');
    if (SKIPPED.has(key) || name.includes('.')) {
      continue;
    }
    const elementSeed = seed + hash(`${type}.${key}`);
    const choice = pick(element.type, elementSeed);
    const property = name.endsWith('[x]')
      ? key + choice.code.charAt(0).toUpperCase() + choice.code.slice(1)
      : key;
    const value = generate(choice.code, elementSeed, `${where}.${key}`, [...stack, type]);
    if (value !== undefined) {
      result[property] = element.isArray ? [value] : value;
    }
  }
  return result;
}

describe('extractIndexValues against full FHIRPath evaluation, on synthetic resources of every type', () => {
  test('every R4 type, several variants of choice types and codes', () => {
    const variants = 12;
    let extractable = 0;
    const reached = new Set<string>();
    for (const resourceType of listResourceTypes()) {
      for (const info of getSearchParams(resourceType).values()) {
        extractable +=
          ['_id', '_lastUpdated'].includes(info.code) ||
          ['composite', 'special'].includes(info.type)
            ? 0
            : 1;
      }
      for (let variant = 0; variant < variants; variant++) {
        const generated = generate(resourceType, variant, resourceType, []) as object;
        const resource = { ...generated, resourceType, id: `x${variant}` } as Resource;
        const values = extractIndexValues(resource);
        expect(asSets(values), `${resourceType} variant ${variant}`).toEqual(
          asSets(referenceExtract(resource)),
        );
        values.tokens
          .filter((t) => t.startsWith('!'))
          .forEach((t) => reached.add(`${resourceType}.${t.slice(1)}`));
      }
    }
    // The generator is only useful if it reaches (nearly) every parameter with some value.
    const missed = listResourceTypes().flatMap((t) =>
      [...getSearchParams(t).values()]
        .filter(
          (p) =>
            !['_id', '_lastUpdated'].includes(p.code) && !['composite', 'special'].includes(p.type),
        )
        .filter((p) => !reached.has(`${t}.${p.code}`))
        .map((p) => `${t}.${p.code}`),
    );
    console.log(
      `synthetic resources reached ${reached.size} of ${extractable} extractable parameters; missed: ${missed.join(', ')}`,
    );
    expect(reached.size / extractable).toBeGreaterThan(0.95);
  });
});
