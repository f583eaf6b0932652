import { describe, expect, test } from 'vitest';
import {
  branchRootType,
  getPatientCompartmentParams,
  getSearchParams,
  listResourceTypes,
  splitUnion,
} from './registry.js';

describe('search parameter registry', () => {
  test('Observation has its own parameters and the Resource ones, not Medplum’s _compartment', () => {
    const params = getSearchParams('Observation');
    for (const code of [
      '_id',
      '_lastUpdated',
      '_tag',
      '_security',
      '_profile',
      '_source',
      'code',
      'subject',
      'value-quantity',
    ]) {
      expect(params.has(code), code).toBe(true);
    }
    expect(params.has('_compartment')).toBe(false);
    expect(params.get('code')).toMatchObject({ type: 'token', expression: 'Observation.code' });
    expect(params.get('value-quantity')?.expression).toBe(
      '(Observation.value as Quantity) | (Observation.value as SampledData)',
    );
    expect(params.get('subject')?.target).toContain('Patient');
    expect(params.get('_tag')?.expression).toBe('Observation.meta.tag');
  });

  test('composite parameters are reported with their components', () => {
    const composite = getSearchParams('Observation').get('code-value-quantity');
    expect(composite?.type).toBe('composite');
    expect(composite?.components).toEqual([
      {
        definition: 'http://hl7.org/fhir/SearchParameter/clinical-code',
        code: 'code',
        expression: 'code',
      },
      {
        definition: 'http://hl7.org/fhir/SearchParameter/Observation-value-quantity',
        code: 'value-quantity',
        expression: 'value.as(Quantity)',
      },
    ]);
  });

  test('an unknown type has no parameters', () => {
    expect(getSearchParams('NotAType').size).toBe(0);
  });

  test('the Patient compartment lists patient/subject parameters first', () => {
    expect(getPatientCompartmentParams('Observation')).toEqual(['subject', 'performer']);
    expect(getPatientCompartmentParams('AllergyIntolerance')).toEqual([
      'patient',
      'recorder',
      'asserter',
    ]);
    expect(getPatientCompartmentParams('Patient')).toEqual(['link']);
    expect(getPatientCompartmentParams('Organization')).toEqual([]);
  });

  test('every compartment parameter is a reference parameter of its type', () => {
    for (const type of listResourceTypes()) {
      for (const code of getPatientCompartmentParams(type)) {
        expect(getSearchParams(type).get(code)?.type, `${type}.${code}`).toBe('reference');
      }
    }
  });

  test('resource types are the concrete R4 ones, sorted', () => {
    const types = listResourceTypes();
    expect(types).toContain('Patient');
    expect(types).toContain('Bundle');
    expect(types).not.toContain('Resource');
    expect(types).not.toContain('DomainResource');
    expect(types).toEqual([...types].sort());
    expect(types.length).toBe(147);
  });

  test('expressions split at top-level unions only', () => {
    expect(splitUnion("A.b | (A.c | A.d).e | A.f.where(g = 'x|y')")).toEqual([
      'A.b',
      '(A.c | A.d).e',
      "A.f.where(g = 'x|y')",
    ]);
    expect(branchRootType('(Observation.value as Quantity)')).toBe('Observation');
  });
});
