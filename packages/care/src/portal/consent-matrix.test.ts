import type { Consent } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { evaluateConsent } from '../access/consent.js';
import { choiceFor, encodeConsent, everyoneElseChoice } from './consent-matrix.js';

const NOW = new Date('2026-06-01T00:00:00Z');
const ACT = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';
const IRCP = { coding: [{ code: 'IRCP' }] };
const network = { role: IRCP, reference: { reference: 'Organization/network' } };
const none = { 'mental-health': false, 'substance-use': false, hiv: false, violence: false };

/** Opted in to the network, naming mental health and substance use, with a daughter's grant. */
const OPT_IN: Consent = {
  resourceType: 'Consent',
  id: 'c1',
  status: 'active',
  scope: { coding: [{ code: 'patient-privacy' }] },
  category: [{ text: 'privacy' }],
  dateTime: '2025-01-01T00:00:00Z',
  organization: [{ reference: 'Organization/network' }],
  provision: {
    type: 'permit',
    actor: [network],
    provision: [
      {
        type: 'permit',
        securityLabel: [
          { system: ACT, code: 'PSY' },
          { system: ACT, code: 'ETH' },
        ],
      },
      {
        type: 'permit',
        actor: [{ role: IRCP, reference: { reference: 'RelatedPerson/daughter' } }],
        class: [{ system: 'http://hl7.org/fhir/resource-types', code: 'CarePlan' }],
      },
    ],
  },
};

const staffOf = (org: string) => ({ orgIds: [org], refs: [] });

describe('the consent grid (organisations × categories) read from and written into a Consent', () => {
  it('reads what each organisation and everyone else may see', () => {
    expect(choiceFor([OPT_IN], 'hospital', NOW)).toEqual({
      shares: true,
      categories: { ...none, 'mental-health': true, 'substance-use': true },
    });
    expect(everyoneElseChoice([OPT_IN], NOW)).toEqual(choiceFor([OPT_IN], 'hospital', NOW));
    expect(choiceFor([], 'hospital', NOW)).toEqual({ shares: false, categories: none });
  });

  it('revoking mental health for the hospital only: the hospital loses PSY, the others keep it, the daughter keeps her grant', () => {
    const everyone = everyoneElseChoice([OPT_IN], NOW);
    const next = encodeConsent(
      OPT_IN,
      [
        {
          id: 'hospital',
          shares: true,
          categories: { ...everyone.categories, 'mental-health': false },
        },
        { id: 'practice', ...everyone },
      ],
      everyone,
      NOW,
    );
    expect(next.dateTime).toBe(NOW.toISOString());
    const hospital = evaluateConsent([next], staffOf('hospital'), NOW);
    expect(hospital.shares).toBe(true);
    expect(hospital.labels.has(`${ACT}|PSY`)).toBe(false);
    expect(hospital.labels.has(`${ACT}|ETH`)).toBe(true);
    expect(evaluateConsent([next], staffOf('practice'), NOW).labels.has(`${ACT}|PSY`)).toBe(true);
    expect(evaluateConsent([next], staffOf('elsewhere'), NOW).labels.has(`${ACT}|PSY`)).toBe(true);
    const daughter = evaluateConsent([next], { orgIds: [], refs: ['RelatedPerson/daughter'] }, NOW);
    expect(daughter).toMatchObject({ shares: true, resourceTypes: ['CarePlan'] });
    // Reading the new version back gives the grid that was written.
    expect(choiceFor([next], 'hospital', NOW).categories['mental-health']).toBe(false);
    expect(choiceFor([next], 'practice', NOW)).toEqual(everyone);
  });

  it('stops sharing with one organisation altogether, and gives another a category everyone else lacks', () => {
    const everyone = { shares: true, categories: { ...none, 'mental-health': true } };
    const next = encodeConsent(
      OPT_IN,
      [
        { id: 'hospital', shares: false, categories: none },
        { id: 'clinic', shares: true, categories: { ...none, 'mental-health': true, hiv: true } },
      ],
      everyone,
      NOW,
    );
    expect(evaluateConsent([next], staffOf('hospital'), NOW).shares).toBe(false);
    expect(choiceFor([next], 'clinic', NOW).categories).toEqual({
      ...none,
      'mental-health': true,
      hiv: true,
    });
    expect(choiceFor([next], 'elsewhere', NOW)).toEqual(everyone);
  });

  it('an opt-out that shares with one organisation only', () => {
    const next = encodeConsent(
      OPT_IN,
      [{ id: 'clinic', shares: true, categories: { ...none, 'substance-use': true } }],
      { shares: false, categories: none },
      NOW,
    );
    expect(next.provision?.type).toBe('deny');
    expect(next.policyRule?.coding?.[0]?.code).toBe('OPTOUT');
    expect(choiceFor([next], 'clinic', NOW)).toEqual({
      shares: true,
      categories: { ...none, 'substance-use': true },
    });
    expect(choiceFor([next], 'hospital', NOW).shares).toBe(false);
    expect(
      evaluateConsent([next], { orgIds: [], refs: ['RelatedPerson/daughter'] }, NOW).shares,
    ).toBe(true);
  });
});
