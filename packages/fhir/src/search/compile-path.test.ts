import { parseFhirPath } from '@medplum/core';
import { beforeAll, describe, expect, test } from 'vitest';
import { loadFhirDefinitions } from '../definitions.js';
import { compileBranch, walkPath, type TypedNode } from './compile-path.js';
import { getFallbackBranches } from './plan.js';

beforeAll(() => loadFhirDefinitions());

function walk(expression: string, resource: { resourceType: string }): TypedNode[] {
  const compiled = compileBranch(parseFhirPath(expression).child, resource.resourceType);
  if (!compiled) {
    throw new Error(`not compiled: ${expression}`);
  }
  return walkPath(resource, compiled);
}

describe('compiled paths', () => {
  const observation = {
    resourceType: 'Observation',
    effectivePeriod: { start: '2025-01-01' },
    valueQuantity: { value: 5 },
    component: [{ valueCodeableConcept: { text: 'a' } }, { valueQuantity: { value: 6 } }],
    performer: [{ reference: 'Practitioner/1' }, { reference: 'https://x.org/fhir/Patient/2' }],
  };

  test('choice elements expand to their typed properties', () => {
    expect(walk('Observation.effective', observation)).toEqual([
      { value: { start: '2025-01-01' }, type: 'Period' },
    ]);
  });

  test('`as`, `.as()` and `ofType()` keep one type', () => {
    expect(walk('(Observation.value as Quantity)', observation)).toEqual([
      { value: { value: 5 }, type: 'Quantity' },
    ]);
    expect(walk('Observation.value.as(CodeableConcept)', observation)).toEqual([]);
    expect(walk('Observation.component.value.ofType(Quantity)', observation)).toEqual([
      { value: { value: 6 }, type: 'Quantity' },
    ]);
    expect(walk('(Observation.component.value as CodeableConcept).text', observation)).toEqual([
      { value: 'a', type: 'string' },
    ]);
  });

  test('where(resolve() is T) filters references by their target type, absolute URLs included', () => {
    expect(walk('Observation.performer.where(resolve() is Patient)', observation)).toEqual([
      { value: { reference: 'https://x.org/fhir/Patient/2' }, type: 'Reference' },
    ]);
  });

  test('where(key = literal) and extension(url) compile too', () => {
    const patient = {
      resourceType: 'Patient',
      telecom: [
        { system: 'email', value: 'a@b.c' },
        { system: 'phone', value: '1' },
      ],
      extension: [{ url: 'http://x/race', valueCoding: { code: 'r' } }],
    };
    expect(walk("Patient.telecom.where(system='phone')", patient)).toEqual([
      { value: { system: 'phone', value: '1' }, type: 'ContactPoint' },
    ]);
    expect(walk("Patient.extension('http://x/race').value", patient)).toEqual([
      { value: { code: 'r' }, type: 'Coding' },
    ]);
  });

  test('anything else is left to FHIRPath', () => {
    for (const expression of [
      'Patient.deceased.exists() and Patient.deceased != false',
      'Bundle.entry[0].resource',
      'Patient.name.first()',
    ]) {
      const atom = parseFhirPath(expression).child;
      expect(
        compileBranch(atom, expression.slice(0, expression.indexOf('.'))),
        expression,
      ).toBeUndefined();
    }
  });

  test('almost every R4 branch is compiled', () => {
    const fallbacks = getFallbackBranches();
    console.log(
      `search extraction: ${fallbacks.length} branches fall back to FHIRPath over all R4 types:\n` +
        fallbacks.map((f) => `  ${f.resourceType}.${f.code}: ${f.branch}`).join('\n'),
    );
    expect(fallbacks.length).toBeLessThanOrEqual(3);
  });
});
