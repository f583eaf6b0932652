import { describe, expect, it } from 'vitest';
import { careErrorCode } from '../shared/care-errors.js';
import {
  REFERRAL_STATUSES,
  REFERRAL_TRANSITIONS,
  ReferralError,
  assertReferralTransition,
  referralPath,
  sideFor,
} from './state-machine.js';

const code = (fn: () => void): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (err) {
    return careErrorCode(err);
  }
};

describe('the Gravity referral state machine', () => {
  it('is the issue text: the receiver accepts or rejects, works, holds, completes or fails; the requester cancels open referrals and marks errors', () => {
    expect(REFERRAL_TRANSITIONS).toEqual({
      requested: [
        { to: 'accepted', side: 'receiver' },
        { to: 'rejected', side: 'receiver' },
        { to: 'cancelled', side: 'requester' },
        { to: 'entered-in-error', side: 'requester' },
      ],
      accepted: [
        { to: 'in-progress', side: 'receiver' },
        { to: 'cancelled', side: 'requester' },
        { to: 'entered-in-error', side: 'requester' },
      ],
      'in-progress': [
        { to: 'on-hold', side: 'receiver' },
        { to: 'completed', side: 'receiver' },
        { to: 'failed', side: 'receiver' },
        { to: 'cancelled', side: 'requester' },
        { to: 'entered-in-error', side: 'requester' },
      ],
      'on-hold': [
        { to: 'in-progress', side: 'receiver' },
        { to: 'completed', side: 'receiver' },
        { to: 'failed', side: 'receiver' },
        { to: 'cancelled', side: 'requester' },
        { to: 'entered-in-error', side: 'requester' },
      ],
      rejected: [{ to: 'entered-in-error', side: 'requester' }],
      completed: [{ to: 'entered-in-error', side: 'requester' }],
      failed: [{ to: 'entered-in-error', side: 'requester' }],
      cancelled: [{ to: 'entered-in-error', side: 'requester' }],
      'entered-in-error': [],
    });
  });

  it('refuses every other change with its code, and the right change by the wrong side with another', () => {
    for (const from of REFERRAL_STATUSES) {
      for (const to of [...REFERRAL_STATUSES, 'draft', 'received', 'ready']) {
        if (from === to) continue;
        const side = sideFor(from, to as (typeof REFERRAL_STATUSES)[number]);
        for (const actor of ['receiver', 'requester'] as const) {
          const got = code(() => assertReferralTransition(from, to, actor));
          const want = !side
            ? ReferralError.ILLEGAL_TRANSITION
            : side === actor
              ? undefined
              : ReferralError.WRONG_SIDE;
          expect(got, `${actor}: ${from} → ${to}`).toBe(want);
        }
      }
    }
  });

  it('finds the receiver path from an accepted referral to completed through in-progress', () => {
    expect(referralPath('requested', 'completed', 'receiver')).toEqual([
      'accepted',
      'in-progress',
      'completed',
    ]);
    expect(referralPath('on-hold', 'completed', 'receiver')).toEqual(['completed']);
    expect(code(() => referralPath('completed', 'in-progress', 'receiver'))).toBe(
      ReferralError.ILLEGAL_TRANSITION,
    );
    expect(code(() => referralPath('requested', 'cancelled', 'receiver'))).toBe(
      ReferralError.WRONG_SIDE,
    );
  });
});
