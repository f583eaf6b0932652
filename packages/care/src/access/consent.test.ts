import type { Consent, ConsentProvision, ConsentProvisionActor } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { ACT_CODE } from './codes.js';
import { evaluateConsent, type Recipient } from './consent.js';

const NOW = new Date('2026-06-01T00:00:00Z');
/** A provision actor as FHIR requires it: who (reference) in which role (the recipient). */
const actor = (reference: string): ConsentProvisionActor => ({
  role: {
    coding: [
      { system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType', code: 'IRCP' },
    ],
  },
  reference: { reference },
});
const NETWORK = actor('Organization/network');
const consent = (provision: ConsentProvision, extra: Partial<Consent> = {}): Consent => ({
  resourceType: 'Consent',
  status: 'active',
  scope: {
    coding: [
      { system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: 'patient-privacy' },
    ],
  },
  category: [{ text: 'privacy' }],
  patient: { reference: 'Patient/p' },
  organization: [{ reference: 'Organization/network' }],
  provision,
  ...extra,
});
const gp: Recipient = { orgIds: ['practice'], refs: ['Practitioner/gp'] };
const clinic: Recipient = { orgIds: ['clinic'], refs: ['Practitioner/psych'] };
const daughter: Recipient = { orgIds: [], refs: ['RelatedPerson/daughter'] };
const label = (code: string) => ({ system: ACT_CODE, code });

describe('evaluating a patient’s privacy consent (FHIR R4 Consent, 42 CFR Part 2 §2.31)', () => {
  it('no consent on file: nothing is shared beyond the authoring organisation', () => {
    expect(evaluateConsent([], gp, NOW).shares).toBe(false);
  });

  it('opt-in to the network shares with every organisation in it, but no sensitive category unless named', () => {
    const d = evaluateConsent([consent({ type: 'permit', actor: [NETWORK] })], gp, NOW);
    expect(d.shares).toBe(true);
    expect([...d.labels]).toEqual([]);
    const named = evaluateConsent(
      [
        consent({
          type: 'permit',
          actor: [NETWORK],
          provision: [{ type: 'permit', securityLabel: [label('PSY'), label('ETH')] }],
        }),
      ],
      gp,
      NOW,
    );
    expect([...named.labels].sort()).toEqual([
      `${ACT_CODE}|ETH`,
      `${ACT_CODE}|ETHUD`,
      `${ACT_CODE}|PSY`,
      `${ACT_CODE}|SUD`,
    ]);
  });

  it('a nested deny keeps a named category out (the synthetic population’s encoding)', () => {
    const d = evaluateConsent(
      [
        consent({
          type: 'permit',
          actor: [NETWORK],
          securityLabel: [label('PSY'), label('ETH')],
          provision: [{ type: 'deny', securityLabel: [label('ETH')] }],
        }),
      ],
      gp,
      NOW,
    );
    expect([...d.labels]).toEqual([`${ACT_CODE}|PSY`]);
  });

  it('opt-out with an exception for one organisation', () => {
    const c = consent({
      type: 'deny',
      actor: [NETWORK],
      provision: [{ type: 'permit', actor: [actor('Organization/clinic')] }],
    });
    expect(evaluateConsent([c], gp, NOW).shares).toBe(false);
    expect(evaluateConsent([c], clinic, NOW).shares).toBe(true);
  });

  it('a caregiver must be named personally; the types and categories are the ones the provision lists', () => {
    const c = consent({
      type: 'permit',
      actor: [NETWORK],
      provision: [
        {
          type: 'permit',
          actor: [actor('RelatedPerson/daughter')],
          class: [{ system: 'http://hl7.org/fhir/resource-types', code: 'CarePlan' }],
        },
      ],
    });
    expect(
      evaluateConsent([consent({ type: 'permit', actor: [NETWORK] })], daughter, NOW).shares,
    ).toBe(false);
    expect(evaluateConsent([consent({ type: 'permit' })], daughter, NOW).shares).toBe(false); // "everyone" means care staff
    expect(evaluateConsent([c], daughter, NOW)).toEqual({
      shares: true,
      labels: new Set(),
      resourceTypes: ['CarePlan'],
    });
  });

  it('only a consent in force counts, and the newest one wins', () => {
    const optIn = consent({ type: 'permit', actor: [NETWORK] }, { dateTime: '2025-01-01' });
    const optOut = consent({ type: 'deny', actor: [NETWORK] }, { dateTime: '2026-01-01' });
    expect(evaluateConsent([optIn, optOut], gp, NOW).shares).toBe(false);
    expect(evaluateConsent([optIn, { ...optOut, status: 'inactive' }], gp, NOW).shares).toBe(true);
    expect(
      evaluateConsent(
        [consent({ type: 'permit', actor: [NETWORK], period: { end: '2026-01-01' } })],
        gp,
        NOW,
      ).shares,
    ).toBe(false);
    expect(
      evaluateConsent(
        [
          consent(
            { type: 'permit', actor: [NETWORK] },
            { scope: { coding: [{ code: 'research' }] } },
          ),
        ],
        gp,
        NOW,
      ).shares,
    ).toBe(false);
  });
});
