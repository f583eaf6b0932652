import type { Condition, Consent, Encounter, Observation } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { severityBand } from './assessments';
import { summariseConsent } from './consent';
import { countByDomain, domainOf } from './domains';
import { countByOrganization } from './encounters';
import { TRENDS, trendPoints } from './results';

const condition = (icd: string, extra: Partial<Condition> = {}): Condition => ({
  resourceType: 'Condition',
  subject: { reference: 'Patient/p' },
  code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: icd }] },
  clinicalStatus: { coding: [{ code: 'active' }] },
  ...extra,
});

describe('domains of problems', () => {
  it('puts ICD-10-CM chapter F in the mental domain, Z55–Z65 and SDOH concerns in the social one', () => {
    expect(domainOf(condition('E11.22'))).toBe('physical');
    expect(domainOf(condition('F32.9'))).toBe('mental');
    expect(domainOf(condition('F10.20'))).toBe('mental');
    expect(domainOf(condition('Z59.41'))).toBe('social');
    expect(domainOf(condition('I10', { category: [{ coding: [{ code: 'sdoh' }] }] }))).toBe(
      'social',
    );
  });
  it('counts only active problems', () => {
    const resolved = condition('I10', { clinicalStatus: { coding: [{ code: 'resolved' }] } });
    expect(
      countByDomain([condition('I10'), resolved, condition('F41.1'), condition('Z59.00')]),
    ).toEqual({ physical: 1, mental: 1, social: 1 });
  });
});

describe('consent in words', () => {
  const base: Consent = {
    resourceType: 'Consent',
    status: 'active',
    scope: { coding: [{ code: 'patient-privacy' }] },
    category: [],
    dateTime: '2023-02-03T19:15:00Z',
    policyRule: { coding: [{ code: 'OPTIN' }] },
    provision: { type: 'permit', period: { start: '2023-02-03' } },
  };
  it('says opted in, opted out, or which sensitive categories are kept out', () => {
    expect(summariseConsent([base]).status).toBe('Opted in to sharing');
    expect(
      summariseConsent([
        { ...base, policyRule: { coding: [{ code: 'OPTOUT' }] }, provision: { type: 'deny' } },
      ]).status,
    ).toBe('Opted out of sharing');
    const exceptions = summariseConsent([
      {
        ...base,
        provision: {
          type: 'permit',
          provision: [{ type: 'deny', securityLabel: [{ code: 'ETH' }, { code: 'PSY' }] }],
        },
      },
    ]);
    expect(exceptions.status).toBe('Opted in, with exceptions');
    expect(exceptions.withheldCategories).toEqual(['substance use', 'psychiatric']);
    expect(summariseConsent([]).status).toBe('No consent on record');
  });
});

describe('assessment bands at their published edges', () => {
  it('PHQ-9 (Kroenke 2001) and GAD-7 (Spitzer 2006)', () => {
    expect([4, 5, 9, 10, 14, 15, 19, 20].map((s) => severityBand('44261-6', s))).toEqual([
      'Minimal',
      'Mild',
      'Mild',
      'Moderate',
      'Moderate',
      'Moderately severe',
      'Moderately severe',
      'Severe',
    ]);
    expect([4, 5, 10, 15].map((s) => severityBand('70274-6', s))).toEqual([
      'Minimal',
      'Mild',
      'Moderate',
      'Severe',
    ]);
    expect([10, 11].map((s) => severityBand('95614-4', s))).toEqual(['Negative', 'Positive']);
  });
});

describe('trend points', () => {
  it('takes blood pressure from the panel components, oldest first', () => {
    const bp = (date: string, sys: number, dia: number): Observation => ({
      resourceType: 'Observation',
      id: date,
      status: 'final',
      code: { coding: [{ system: 'http://loinc.org', code: '85354-9' }] },
      effectiveDateTime: date,
      component: [
        {
          code: { coding: [{ system: 'http://loinc.org', code: '8480-6' }] },
          valueQuantity: { value: sys },
        },
        {
          code: { coding: [{ system: 'http://loinc.org', code: '8462-4' }] },
          valueQuantity: { value: dia },
        },
      ],
    });
    const spec = TRENDS.find((t) => t.key === 'bp')!;
    const points = trendPoints([bp('2025-03-01', 150, 95), bp('2024-01-01', 140, 90)], spec);
    expect(points.map((p) => [p.date, p['systolic'], p['diastolic']])).toEqual([
      ['2024-01-01', 140, 90],
      ['2025-03-01', 150, 95],
    ]);
  });
});

describe('encounters by organisation', () => {
  it("counts each organisation's encounters per setting, busiest first", () => {
    const enc = (cls: string, org: string): Encounter => ({
      resourceType: 'Encounter',
      status: 'finished',
      class: { code: cls },
      serviceProvider: { display: org },
    });
    const rows = countByOrganization(
      [
        enc('AMB', 'Practice'),
        enc('IMP', 'Hospital'),
        enc('EMER', 'Hospital'),
        enc('EMER', 'Hospital'),
      ],
      (e) => e.serviceProvider?.display ?? '?',
    );
    expect(rows).toEqual([
      {
        organization: 'Hospital',
        total: 3,
        bySetting: { inpatient: 1, emergency: 2, ambulatory: 0 },
      },
      {
        organization: 'Practice',
        total: 1,
        bySetting: { inpatient: 0, emergency: 0, ambulatory: 1 },
      },
    ]);
  });
});
