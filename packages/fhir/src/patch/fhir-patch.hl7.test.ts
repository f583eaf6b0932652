import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { OperationOutcomeError } from '@medplum/core';
import { describe, expect, it } from 'vitest';
import { applyFhirPathPatch } from './apply.js';
import { readXmlTree, resourceFromXml, type XmlNode } from './testing/fhir-xml.js';

// HL7's FHIRPath Patch cases (fhir-test-cases, patch/fhir-patch-tests.xml), published as XML.
const CASES = fileURLToPath(
  new URL(
    '../../../../../shared/data/conformance/fhir-patch/fhir-patch-tests.xml',
    import.meta.url,
  ),
);

interface Case {
  name: string;
  input: Record<string, unknown>;
  diff: Record<string, unknown>;
  output?: Record<string, unknown>;
  error?: string;
}

function child(node: XmlNode, name: string): XmlNode | undefined {
  return node.children.find((c) => c.name === name);
}

function resourceIn(node: XmlNode | undefined): Record<string, unknown> | undefined {
  const inner = node?.children[0];
  return inner ? resourceFromXml(inner) : undefined;
}

/** Narrative markup differs in insignificant whitespace between input and expected output. */
function normalise(resource: unknown): unknown {
  return JSON.parse(JSON.stringify(resource), (key, value: unknown) =>
    key === 'div' && typeof value === 'string' ? value.replace(/\s+/g, ' ') : value,
  );
}

function loadCases(): Case[] {
  const tests = readXmlTree(readFileSync(CASES, 'utf8'))[0]!;
  return tests.children
    .filter((c) => c.name === 'case')
    .map((c) => {
      const output = resourceIn(child(c, 'output'));
      const error = child(c, 'error')?.attrs['msg'];
      return {
        name: c.attrs['name'] ?? '?',
        input: resourceIn(child(c, 'input'))!,
        diff: resourceIn(child(c, 'diff'))!,
        ...(output ? { output } : {}),
        ...(error ? { error } : {}),
      };
    });
}

describe.skipIf(!existsSync(CASES))('HL7 FHIRPath Patch test cases', () => {
  const cases = existsSync(CASES) ? loadCases() : [];

  it('reads every published case', () => {
    expect(cases.length).toBe(33);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const input = c.input as { resourceType: 'Patient' };
    if (c.error !== undefined) {
      let caught: unknown;
      try {
        applyFhirPathPatch(input, c.diff);
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(OperationOutcomeError);
      expect((caught as OperationOutcomeError).outcome.issue[0]?.details?.text).toBe(c.error);
      return;
    }
    expect(normalise(applyFhirPathPatch(input, c.diff))).toEqual(normalise(c.output));
  });
});

if (!existsSync(CASES)) console.log(`skipped: ${CASES} is absent (HL7 FHIRPath Patch cases)`);
