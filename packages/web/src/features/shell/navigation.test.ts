import { describe, expect, it } from 'vitest';
import { homePath, NAV_ITEMS, navigationFor } from './navigation';

describe('where people land after signing in', () => {
  it('starts staff on their worklist, programme managers on the population numbers, community workers on referrals', () => {
    for (const role of [
      'care-coordinator',
      'social-worker',
      'nurse',
      'pharmacist',
      'community-health-worker',
    ])
      expect(homePath(role), role).toBe('/worklist');
    expect(homePath('programme-manager')).toBe('/population');
    expect(homePath('community-organisation')).toBe('/referrals');
    expect(homePath('administrator')).toBe('/admin');
    expect(homePath('patient')).toBe('/me');
  });

  it('no longer marks the worklist and caseload as coming', () => {
    expect(
      NAV_ITEMS.filter((i) => i.key === 'worklist' || i.key === 'caseload').map((i) => i.coming),
    ).toEqual([undefined, undefined]);
  });
});

describe('the Payment page', () => {
  it('is offered to programme managers and administrators only', () => {
    const offered = [
      'programme-manager',
      'administrator',
      'care-coordinator',
      'physician',
      'patient',
    ].filter((role) => navigationFor(role).some((i) => i.key === 'payment'));
    expect(offered).toEqual(['programme-manager', 'administrator']);
  });
});
