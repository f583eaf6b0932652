import { describe, expect, it } from 'vitest';
import { patientSearchParams } from './usePatientSearch';

describe('patientSearchParams: what the coordinator types becomes a FHIR search', () => {
  it('waits for two characters', () => {
    expect(patientSearchParams('r')).toBeNull();
    expect(patientSearchParams('  ')).toBeNull();
  });
  it('searches every word of a name as a prefix', () => {
    expect(patientSearchParams('rosa del')).toMatchObject({ name: ['rosa', 'del'] });
  });
  it('reads ISO dates, years and day/month/year as birth dates', () => {
    expect(patientSearchParams('1952-08-14')).toMatchObject({ birthdate: '1952-08-14' });
    expect(patientSearchParams('1952')).toMatchObject({ birthdate: '1952' });
    expect(patientSearchParams('14/8/1952')).toMatchObject({ birthdate: '1952-08-14' });
  });
  it('treats a token with digits as an identifier', () => {
    expect(patientSearchParams('CW00000001')).toMatchObject({ identifier: 'CW00000001' });
  });
});
