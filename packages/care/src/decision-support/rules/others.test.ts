import { describe, expect, it } from 'vitest';
import {
  episode,
  foodInsecurity,
  medication,
  record,
  referral,
  riskAssessment,
} from '../testing/records.js';
import { polypharmacy } from './medications.js';
import { riskNotEnrolled } from './risk.js';
import { socialNeedReferral } from './social.js';

describe('positive social-need screening with no referral (Gravity / AHC HRSN)', () => {
  it('fires for a need with no referral and is quiet once a referral names it', () => {
    const r = record();
    const need = foodInsecurity('2026-03-01');
    r.conditions = [need];
    const card = socialNeedReferral.evaluate(r);
    expect(card?.summary).toBe('Social need without a referral: Food insecurity');
    expect(card?.suggestions[0]?.actions[0]?.resource).toMatchObject({
      resourceType: 'ServiceRequest',
      reasonReference: [{ reference: `Condition/${need.id}` }],
    });
    r.serviceRequests = [referral('2026-03-02', `Condition/${need.id}`)];
    expect(socialNeedReferral.evaluate(r)).toBeUndefined();
  });

  it('a revoked referral does not close it; a resolved need is quiet', () => {
    const r = record();
    const need = foodInsecurity('2026-03-01');
    r.conditions = [need];
    r.serviceRequests = [{ ...referral('2026-03-02', `Condition/${need.id}`), status: 'revoked' }];
    expect(socialNeedReferral.evaluate(r)).toBeDefined();
    r.conditions = [
      {
        ...need,
        clinicalStatus: {
          coding: [
            {
              system: 'http://terminology.hl7.org/CodeSystem/condition-clinical',
              code: 'resolved',
            },
          ],
        },
      },
    ];
    expect(socialNeedReferral.evaluate(r)).toBeUndefined();
  });
});

describe('10 or more active medicines → pharmacist review', () => {
  const meds = (count: number) => Array.from({ length: count }, (_, i) => medication(`rx${i}`));

  it('fires at 10 and not at 9', () => {
    const r = record();
    r.medicationRequests = meds(10);
    expect(polypharmacy.evaluate(r)?.summary).toBe(
      '10 active medicines: consider a pharmacist review',
    );
    r.medicationRequests = meds(9);
    expect(polypharmacy.evaluate(r)).toBeUndefined();
  });

  it('counts distinct medicines, active ones only', () => {
    const r = record();
    r.medicationRequests = [...meds(9), medication('rx0'), medication('rx99', 'stopped')];
    expect(polypharmacy.evaluate(r)).toBeUndefined();
  });

  it('order-sign: the draft order that makes the tenth fires', () => {
    const r = record();
    r.medicationRequests = meds(9);
    r.draftOrders = [medication('new-one', 'draft')];
    expect(polypharmacy.evaluate(r)?.summary).toContain('Signing this order makes 10');
    r.draftOrders = [medication('rx3', 'draft')];
    expect(polypharmacy.evaluate(r)).toBeUndefined();
  });
});

describe('high or rising risk tier not enrolled', () => {
  it('fires for high and rising, not for low', () => {
    const r = record();
    r.riskAssessments = [riskAssessment('high')];
    expect(riskNotEnrolled.evaluate(r)?.indicator).toBe('warning');
    r.riskAssessments = [riskAssessment('rising')];
    expect(riskNotEnrolled.evaluate(r)?.indicator).toBe('info');
    r.riskAssessments = [riskAssessment('low')];
    expect(riskNotEnrolled.evaluate(r)).toBeUndefined();
  });

  it('an active episode silences it; a finished one does not', () => {
    const r = record();
    r.riskAssessments = [riskAssessment('very-high')];
    r.episodes = [episode('finished')];
    expect(riskNotEnrolled.evaluate(r)).toBeDefined();
    r.episodes = [episode('active')];
    expect(riskNotEnrolled.evaluate(r)).toBeUndefined();
  });

  it('the latest assessment decides', () => {
    const r = record();
    r.riskAssessments = [
      riskAssessment('high', '2026-01-01T00:00:00Z'),
      riskAssessment('low', '2026-03-01T00:00:00Z'),
    ];
    expect(riskNotEnrolled.evaluate(r)).toBeUndefined();
  });
});
