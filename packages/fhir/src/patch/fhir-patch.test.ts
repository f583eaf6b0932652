import { readFileSync } from 'node:fs';
import { OperationOutcomeError, getStatus } from '@medplum/core';
import type { Resource } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { applyFhirPathPatch } from './apply.js';

interface Fixture {
  name: string;
  input: Resource;
  patch: unknown;
  output?: Resource;
  status?: number;
}

const fixtures = JSON.parse(
  readFileSync(new URL('./fixtures/fhirpath-patch-cases.json', import.meta.url), 'utf8'),
) as Fixture[];

describe('FHIRPath Patch beyond the HL7 cases: choice types, where(), and errors', () => {
  it.each(fixtures.map((f) => [f.name, f] as const))('%s', (_name, f) => {
    if (f.status === undefined) {
      expect(applyFhirPathPatch(f.input, f.patch)).toEqual(f.output);
      return;
    }
    let caught: unknown;
    try {
      applyFhirPathPatch(f.input, f.patch);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(OperationOutcomeError);
    expect(getStatus((caught as OperationOutcomeError).outcome)).toBe(f.status);
  });

  it('leaves the input resource untouched', () => {
    const input: Resource = { resourceType: 'Patient', gender: 'female' };
    applyFhirPathPatch(input, fixtures[4]!.patch);
    expect(input).toEqual({ resourceType: 'Patient', gender: 'female' });
  });
});
