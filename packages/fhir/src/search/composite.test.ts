import type { Observation } from '@medplum/fhirtypes';
import { describe, expect, test } from 'vitest';
import { extractIndexValues } from './extract.js';
import { elementOfKey, getSummaryElements } from './summary.js';

const LOINC = 'http://loinc.org';
const UCUM = 'http://unitsofmeasure.org';

describe('composite search values (R4 §3.1.1.5.8)', () => {
  // A blood pressure panel: the systolic and diastolic values sit in components.
  const bp: Observation = {
    resourceType: 'Observation',
    id: 'bp',
    status: 'final',
    code: { coding: [{ system: LOINC, code: '85354-9' }] },
    component: [
      {
        code: { coding: [{ system: LOINC, code: '8480-6' }] },
        valueQuantity: { value: 158, system: UCUM, code: 'mm[Hg]' },
      },
      {
        code: { coding: [{ system: LOINC, code: '8462-4' }] },
        valueQuantity: { value: 90, system: UCUM, code: 'mm[Hg]' },
      },
    ],
  };

  test('token$quantity: each component pairs its own code with its own value', () => {
    const values = extractIndexValues(bp);
    const rows = values.numbers
      .filter((n) => n.param === 'component-code-value-quantity')
      .map((n) => [n.comp?.code, n.value]);
    expect(rows).toEqual([
      ['8480-6', 158],
      ['8462-4', 90],
    ]);
    // combo- covers the Observation and its components; the panel itself has no value.
    expect(values.numbers.filter((n) => n.param === 'combo-code-value-quantity')).toHaveLength(2);
    expect(values.numbers.some((n) => n.param === 'code-value-quantity')).toBe(false);
    expect(values.tokens).toContain('!component-code-value-quantity');
    expect(values.tokens).not.toContain('!code-value-quantity');
  });

  test('token$token: every token form of both sides, `$` and `\\` escaped', () => {
    const smoking: Observation = {
      resourceType: 'Observation',
      status: 'final',
      code: { coding: [{ system: LOINC, code: '72166-2' }] },
      valueCodeableConcept: { coding: [{ system: 'urn:x', code: 'a$b' }] },
    };
    const tokens = extractIndexValues(smoking).tokens.filter((t) =>
      t.startsWith('code-value-concept|'),
    );
    expect(tokens).toHaveLength(9);
    expect(tokens).toContain(`code-value-concept|${LOINC}|72166-2$urn:x|a\\$b`);
    expect(tokens).toContain('code-value-concept|*|72166-2$*|a\\$b');
    expect(tokens).toContain(`code-value-concept|${LOINC}|*$urn:x|*`);
  });

  test('token$date and token$string become typed rows carrying the code', () => {
    const dated: Observation = {
      resourceType: 'Observation',
      status: 'final',
      code: { coding: [{ system: LOINC, code: '21112-8' }] },
      valueDateTime: '1950-03',
    };
    expect(extractIndexValues(dated).dates.find((d) => d.param === 'code-value-date')).toEqual({
      param: 'code-value-date',
      low: '1950-03-01T00:00:00.000Z',
      high: '1950-03-31T23:59:59.999Z',
      comp: { system: LOINC, code: '21112-8' },
    });
    const noted: Observation = {
      resourceType: 'Observation',
      status: 'final',
      code: { coding: [{ code: 'note' }] },
      valueString: 'Lives Alone',
    };
    expect(extractIndexValues(noted).strings.find((s) => s.param === 'code-value-string')).toEqual({
      param: 'code-value-string',
      value: 'lives alone',
      raw: 'Lives Alone',
      comp: { system: '', code: 'note' },
    });
  });
});

describe('_summary elements from the R4 StructureDefinitions', () => {
  test('Patient: name and birthDate are summary, contact and photo are not', () => {
    const patient = getSummaryElements('Patient');
    expect(patient?.summary.has('name')).toBe(true);
    expect(patient?.summary.has('birthDate')).toBe(true);
    expect(patient?.summary.has('photo')).toBe(false);
    expect(getSummaryElements('Observation')?.mandatory).toEqual(new Set(['status', 'code']));
  });

  test('choice and primitive-extension properties map to their element', () => {
    const names = new Set(['value', 'birthDate']);
    expect(elementOfKey('valueQuantity', names)).toBe('value');
    expect(elementOfKey('_birthDate', names)).toBe('birthDate');
    expect(elementOfKey('valueset', names)).toBeUndefined();
  });
});
