import { describe, expect, it } from 'vitest';
import { anyFuhMentalIllness, isFuhMentalIllness } from './mental-illness.js';

const ICD10_CM = 'http://hl7.org/fhir/sid/icd-10-cm';

describe('FUH mental illness (documented ICD-10-CM subset)', () => {
  it('counts psychoses, mood, anxiety, personality and childhood-onset disorders and self-harm', () => {
    for (const code of [
      'F20.9',
      'F25.0',
      'F32.9',
      'F33.1',
      'F31.81',
      'F41.1',
      'F43.10',
      'F48.9',
      'F50.00',
      'F60.3',
      'F84.0',
      'F90.2',
      'F99',
      'X78.0XXA',
      'T14.91XA',
    ])
      expect(isFuhMentalIllness(code), code).toBe(true);
  });
  it('leaves out dementia, substance use and intellectual disability, and physical illness', () => {
    for (const code of [
      'F03.90',
      'F05',
      'F10.20',
      'F11.23',
      'F19.10',
      'F54',
      'F70',
      'F79',
      'F80.1',
      'I50.9',
      'J44.1',
      'X70',
    ])
      expect(isFuhMentalIllness(code), code).toBe(false);
  });
  it('reads ICD-10 codings only (a SNOMED code that looks like an F-code is not one)', () => {
    expect(anyFuhMentalIllness([{ system: ICD10_CM, code: 'F32.9' }])).toBe(true);
    expect(anyFuhMentalIllness([{ system: 'http://snomed.info/sct', code: 'F32' }])).toBe(false);
    expect(anyFuhMentalIllness([{ code: 'F32.9' }])).toBe(false);
  });
});
