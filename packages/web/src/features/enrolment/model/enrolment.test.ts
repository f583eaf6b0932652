import type { EpisodeOfCare } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { INTEGRATED_CARE, isEnrolled, mayEnrol, PROGRAMME_SYSTEM } from './enrolment';

const episode = (status: EpisodeOfCare['status'], code = INTEGRATED_CARE): EpisodeOfCare => ({
  resourceType: 'EpisodeOfCare',
  status,
  patient: { reference: 'Patient/p' },
  type: [{ coding: [{ system: PROGRAMME_SYSTEM, code }] }],
});

describe('enrolment', () => {
  it('counts only an active integrated-care episode as enrolled', () => {
    expect(isEnrolled([episode('active')])).toBe(true);
    expect(isEnrolled([episode('finished')])).toBe(false);
    expect(isEnrolled([episode('active', 'falls-prevention')])).toBe(false);
    expect(isEnrolled([])).toBe(false);
  });

  it('offers enrolment to coordinators, programme managers and administrators only', () => {
    expect(['care-coordinator', 'programme-manager', 'administrator'].map(mayEnrol)).toEqual([
      true,
      true,
      true,
    ]);
    expect(['physician', 'patient', undefined].map(mayEnrol)).toEqual([false, false, false]);
  });
});
