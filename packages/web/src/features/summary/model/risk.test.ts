import type { RiskAssessment } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { effectiveRisk } from './risk';

const assessment = (
  id: string,
  method: string,
  status: RiskAssessment['status'] = 'final',
): RiskAssessment => ({
  resourceType: 'RiskAssessment',
  id,
  status,
  subject: { reference: 'Patient/p' },
  method: {
    coding: [{ system: 'https://careweave.org/fhir/CodeSystem/risk-method', code: method }],
  },
});

describe('the risk tier the summary shows', () => {
  it("is the model's newest assessment, not a LACE score at discharge", () => {
    expect(
      effectiveRisk([
        assessment('lace', 'lace'),
        assessment('m2', 'admission-12m'),
        assessment('m1', 'admission-12m'),
      ]).model?.id,
    ).toBe('m2');
  });
  it('lets a standing clinician override win, and ignores a withdrawn one', () => {
    expect(
      effectiveRisk([assessment('o1', 'clinician-override'), assessment('m', 'admission-12m')])
        .override?.id,
    ).toBe('o1');
    expect(
      effectiveRisk([
        assessment('o1', 'clinician-override', 'cancelled'),
        assessment('o0', 'clinician-override'),
        assessment('m', 'admission-12m'),
      ]).override,
    ).toBeUndefined();
  });
});
