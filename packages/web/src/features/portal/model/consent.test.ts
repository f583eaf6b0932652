import type { ConsentOrganization, PortalConsent } from '@careweave/contract';
import { describe, expect, it } from 'vitest';
import { consentChanges, consequenceOf } from './consent';

const cats = { 'mental-health': true, 'substance-use': true, hiv: false, violence: false };
const hospital: ConsentOrganization = {
  id: 'h',
  name: 'Riverside General Hospital',
  shares: true,
  categories: cats,
};
const before: PortalConsent = {
  organisations: [hospital],
  everyoneElse: { shares: true, categories: cats },
  caregivers: [],
  history: [],
};

describe('the consent screen explains a change before it is confirmed', () => {
  it('finds what changed and says what it means', () => {
    const rows = [{ ...hospital, categories: { ...cats, 'mental-health': false } }];
    const changes = consentChanges(before, rows, before.everyoneElse);
    expect(changes).toEqual([
      { who: 'Riverside General Hospital', what: 'mental-health', from: true, to: false },
    ]);
    expect(consequenceOf(changes[0]!)).toBe(
      'Staff at Riverside General Hospital will no longer see your mental health information written by other organisations, from the next time they open your record. They still see what they wrote themselves.',
    );
  });

  it('stopping all sharing with an organisation lists the rest of the record and each category it saw', () => {
    const rows = [{ ...hospital, shares: false }];
    const changes = consentChanges(before, rows, before.everyoneElse);
    expect(changes.map((c) => c.what)).toEqual(['general', 'mental-health', 'substance-use']);
    expect(consequenceOf({ who: 'X', what: 'hiv', from: false, to: true })).toContain(
      'will be able to see your HIV information',
    );
  });
});
