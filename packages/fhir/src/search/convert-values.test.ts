import { describe, expect, test } from 'vitest';
import { IndexCollector } from './collector.js';
import { addValue, convertTarget, CURRENCY_SYSTEM } from './convert-values.js';
import { precisionRange } from './numbers.js';
import type { SearchParamType } from './registry.js';

function convert(type: SearchParamType, value: unknown, fhirType: string): IndexCollector {
  const out = new IndexCollector();
  addValue(out, convertTarget('p', type), value, fhirType);
  return out;
}

describe('numbers carry the precision they were written with', () => {
  test('integers and decimals', () => {
    expect(precisionRange(100)).toEqual([99.5, 100.5]);
    expect(precisionRange(100.5)).toEqual([100.45, 100.55]);
    expect(precisionRange(0.001)).toEqual([0.0005, 0.0015]);
    expect(precisionRange(-2.5)).toEqual([-2.55, -2.45]);
    expect(precisionRange(1e-7)).toEqual([5e-8, 1.5e-7]);
  });

  test('JSON loses trailing zeros: 100.0 arrives as 100 and is indexed as 100', () => {
    expect(precisionRange(JSON.parse('100.0') as number)).toEqual([99.5, 100.5]);
  });
});

describe('token values', () => {
  test('a CodeableConcept gives exact, any-system and any-code tokens, and its texts', () => {
    const out = convert(
      'token',
      {
        coding: [{ system: 'http://snomed.info/sct', code: '44054006', display: 'Diabetes' }],
        text: 'Type 2 diabetes',
      },
      'CodeableConcept',
    );
    expect([...out.tokens]).toEqual([
      'p|http://snomed.info/sct|44054006',
      'p|*|44054006',
      'p|http://snomed.info/sct|*',
    ]);
    // `raw` keeps the text as written (for :exact) when normalising changed it.
    expect(out.strings).toEqual([
      { param: 'p:text', value: 'diabetes', raw: 'Diabetes' },
      { param: 'p:text', value: 'type 2 diabetes', raw: 'Type 2 diabetes' },
    ]);
  });

  test('codes, booleans and ContactPoints have no system', () => {
    expect([...convert('token', 'final', 'code').tokens]).toEqual(['p||final', 'p|*|final']);
    expect([...convert('token', false, 'boolean').tokens]).toEqual(['p||false', 'p|*|false']);
    expect([
      ...convert('token', { system: 'phone', value: '+1 555' }, 'ContactPoint').tokens,
    ]).toEqual(['p||+1 555', 'p|*|+1 555']);
  });

  test('an Identifier with a type also gives :of-type and :text', () => {
    const out = convert(
      'token',
      {
        system: 'urn:oid:1.2.36.146.595.217.0.1',
        value: '12345',
        type: {
          coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR' }],
          text: 'Medical record',
        },
      },
      'Identifier',
    );
    expect([...out.tokens]).toContain(
      'p:of-type|http://terminology.hl7.org/CodeSystem/v2-0203|MR|12345',
    );
    expect([...out.tokens]).toContain('p|urn:oid:1.2.36.146.595.217.0.1|12345');
    expect(out.strings).toEqual([
      { param: 'p:text', value: 'medical record', raw: 'Medical record' },
    ]);
  });

  test('uri parameters are tokens without a system', () => {
    expect([...convert('uri', 'http://example.org/fhir/ValueSet/x', 'uri').tokens]).toEqual([
      'p||http://example.org/fhir/ValueSet/x',
      'p|*|http://example.org/fhir/ValueSet/x',
    ]);
  });
});

describe('quantities and numbers', () => {
  test('a Quantity keeps value, precision range and units', () => {
    const out = convert(
      'quantity',
      { value: 7.25, unit: 'mmol/L', system: 'http://unitsofmeasure.org', code: 'mmol/L' },
      'Quantity',
    );
    expect(out.numbers).toEqual([
      {
        param: 'p',
        value: 7.25,
        low: 7.245,
        high: 7.255,
        system: 'http://unitsofmeasure.org',
        code: 'mmol/L',
        unit: 'mmol/L',
      },
    ]);
  });

  test('Money: the currency is the code, ISO 4217 the system', () => {
    expect(convert('quantity', { value: 120, currency: 'USD' }, 'Money').numbers).toEqual([
      { param: 'p', value: 120, low: 119.5, high: 120.5, system: CURRENCY_SYSTEM, code: 'USD' },
    ]);
  });

  test('a Range covers low.value to high.value; a missing end is open', () => {
    expect(
      convert('quantity', { low: { value: 5, unit: 'a' }, high: { value: 10, unit: 'a' } }, 'Range')
        .numbers,
    ).toEqual([{ param: 'p', value: 5, low: 5, high: 10, unit: 'a' }]);
    expect(convert('number', { high: { value: 0.3 } }, 'Range').numbers).toEqual([
      { param: 'p', value: 0.3, low: -Number.MAX_VALUE, high: 0.3 },
    ]);
  });
});

describe('dates and strings', () => {
  test('a Timing gives its events and its bounds', () => {
    const out = convert(
      'date',
      { event: ['2025-03-04'], repeat: { boundsPeriod: { start: '2025-01', end: '2025-06' } } },
      'Timing',
    );
    expect(out.dates).toEqual([
      { param: 'p', low: '2025-03-04T00:00:00.000Z', high: '2025-03-04T23:59:59.999Z' },
      { param: 'p', low: '2025-01-01T00:00:00.000Z', high: '2025-06-30T23:59:59.999Z' },
    ]);
  });

  test('an Address gives each of its parts', () => {
    const out = convert(
      'string',
      {
        line: ['12 Rue de l’Église'],
        city: 'Besançon',
        state: 'Doubs',
        postalCode: '25000',
        country: 'FR',
        text: 'x',
      },
      'Address',
    );
    expect(out.strings.map((s) => s.value)).toEqual([
      '12 rue de l’eglise',
      'besancon',
      'doubs',
      '25000',
      'fr',
      'x',
    ]);
  });

  test('references: Type/id, canonical as-is, contained and urn:uuid skipped', () => {
    const refs = (value: unknown, type: string): string[] => [
      ...convert('reference', value, type).references,
    ];
    expect(
      refs({ reference: 'https://fhir.example.org/R4/Patient/123/_history/4' }, 'Reference'),
    ).toEqual(['p|Patient/123']);
    expect(refs({ reference: '#med1' }, 'Reference')).toEqual([]);
    expect(
      refs({ reference: 'urn:uuid:0c3151bd-1cbf-4d64-b04d-cd9187a4c6e0' }, 'Reference'),
    ).toEqual([]);
    expect(refs({ identifier: { value: 'x' } }, 'Reference')).toEqual([]);
    expect(refs('http://example.org/Questionnaire/phq9|1.0', 'canonical')).toEqual([
      'p|http://example.org/Questionnaire/phq9|1.0',
    ]);
  });
});
