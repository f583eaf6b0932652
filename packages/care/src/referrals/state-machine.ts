import {
  ReferralError,
  REFERRAL_STATUSES,
  type ReferralSide,
  type ReferralStatus,
} from '@careweave/contract';
import { careError } from '../shared/care-errors.js';

export { ReferralError, REFERRAL_STATUSES, type ReferralSide, type ReferralStatus };

/** One legal change of a referral Task and the side that may make it. */
export interface ReferralEdge {
  to: ReferralStatus;
  side: ReferralSide;
}

const receiver = (...to: ReferralStatus[]): ReferralEdge[] =>
  to.map((s) => ({ to: s, side: 'receiver' }));
const requester = (...to: ReferralStatus[]): ReferralEdge[] =>
  to.map((s) => ({ to: s, side: 'requester' }));

/**
 * The referral Task's state machine as the HL7 Gravity SDOH Clinical Care IG (STU 2, "Checking
 * Task Status" and TaskForReferralManagement) defines it for the receiving organisation and the
 * referring side:
 * - requested → accepted | rejected (receiver);
 * - accepted → in-progress (receiver); in-progress ↔ on-hold (receiver);
 * - in-progress or on-hold → completed | failed (receiver);
 * - cancelled from any open state (requester: the referral is withdrawn);
 * - entered-in-error from any state but itself (requester: the referral should never have existed).
 * Everything else — e.g. completed → in-progress, or a receiver cancelling — is refused with 422.
 */
export const REFERRAL_TRANSITIONS: Readonly<Record<ReferralStatus, readonly ReferralEdge[]>> = {
  requested: [...receiver('accepted', 'rejected'), ...requester('cancelled', 'entered-in-error')],
  accepted: [...receiver('in-progress'), ...requester('cancelled', 'entered-in-error')],
  'in-progress': [
    ...receiver('on-hold', 'completed', 'failed'),
    ...requester('cancelled', 'entered-in-error'),
  ],
  'on-hold': [
    ...receiver('in-progress', 'completed', 'failed'),
    ...requester('cancelled', 'entered-in-error'),
  ],
  rejected: requester('entered-in-error'),
  completed: requester('entered-in-error'),
  failed: requester('entered-in-error'),
  cancelled: requester('entered-in-error'),
  'entered-in-error': [],
};

export function isReferralStatus(value: unknown): value is ReferralStatus {
  return typeof value === 'string' && (REFERRAL_STATUSES as readonly string[]).includes(value);
}

/** The side that may move a referral from `from` to `to`, or undefined when no one may. */
export function sideFor(from: ReferralStatus, to: ReferralStatus): ReferralSide | undefined {
  return REFERRAL_TRANSITIONS[from].find((e) => e.to === to)?.side;
}

/**
 * Throws a 422 unless `from → to` is an edge and `side` may take it (`system`: imports and jobs
 * follow the edges without a side). Staying in the same status is no transition.
 */
export function assertReferralTransition(
  from: string | undefined,
  to: string | undefined,
  side: ReferralSide | 'system',
  taskId?: string,
): void {
  if (from === to) {
    return;
  }
  const what = taskId ? `Referral Task/${taskId}` : 'Referral';
  if (!isReferralStatus(from) || !isReferralStatus(to)) {
    throw careError(
      ReferralError.ILLEGAL_TRANSITION,
      'business-rule',
      `${what} cannot go from ${from ?? 'no status'} to ${to ?? 'no status'}: a referral's statuses are ${REFERRAL_STATUSES.join(', ')}`,
      'Task.status',
    );
  }
  const allowed = sideFor(from, to);
  if (!allowed) {
    const edges = REFERRAL_TRANSITIONS[from];
    throw careError(
      ReferralError.ILLEGAL_TRANSITION,
      'business-rule',
      `${what} cannot go from ${from} to ${to}: ${edges.length > 0 ? `from ${from} it may only become ${edges.map((e) => `${e.to} (${e.side})`).join(', ')}` : `${from} is final`}`,
      'Task.status',
    );
  }
  if (side !== 'system' && side !== allowed) {
    throw careError(
      ReferralError.WRONG_SIDE,
      'business-rule',
      `${what}: only the ${allowed === 'receiver' ? 'receiving organisation' : 'referring side'} may change ${from} to ${to}`,
      'Task.status',
    );
  }
}

/**
 * The shortest sequence of receiver moves from `from` to `to` (excluding `from`), for actions such
 * as "complete" on a referral that was only accepted: each step is stored as its own version, so
 * the history shows a legal path. Never passes through a final status.
 */
export function referralPath(
  from: ReferralStatus,
  to: ReferralStatus,
  side: ReferralSide,
): ReferralStatus[] {
  if (from === to) return [];
  const previous = new Map<ReferralStatus, ReferralStatus>();
  const queue: ReferralStatus[] = [from];
  while (queue.length > 0) {
    const at = queue.shift() as ReferralStatus;
    for (const edge of REFERRAL_TRANSITIONS[at]) {
      const next = edge.to;
      if (edge.side !== side || previous.has(next) || next === from) continue;
      if (REFERRAL_TRANSITIONS[next].every((e) => e.to === 'entered-in-error') && next !== to)
        continue;
      previous.set(next, at);
      if (next === to) {
        const path: ReferralStatus[] = [to];
        for (let s = at; s !== from; s = previous.get(s) as ReferralStatus) path.unshift(s);
        return path;
      }
      queue.push(next);
    }
  }
  // No path for this side: the single step's own error says why.
  assertReferralTransition(from, to, side);
  return [to];
}
