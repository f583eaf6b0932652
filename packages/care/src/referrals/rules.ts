import type { Extension, Task } from '@medplum/fhirtypes';
import type { RequestContext } from '@careweave/store';
import { REFERRAL_REASON_SYSTEM, isReferralReason, type ReferralSide } from '@careweave/contract';
import { isSystem } from '../shared/acting.js';
import { careError } from '../shared/care-errors.js';
import { STATUS_CHANGE_EXTENSION } from './codes.js';
import { ReferralError, assertReferralTransition } from './state-machine.js';

/** The acting user's organisations as care/access puts them on the context. */
interface WithIdentity {
  identity?: { kind: string; organizationIds?: readonly string[] };
}

/**
 * Which side the actor writes for: the receiver when the referral Task is owned by one of their
 * organisations (or by them), otherwise the requesting side (the referring care team; who may
 * write at all is care/access's decision).
 */
export function sideOf(ctx: RequestContext, task: Task): ReferralSide {
  const owner = task.owner?.reference;
  if (!owner) return 'requester';
  if (owner === ctx.actor) return 'receiver';
  const orgs = (ctx as RequestContext & WithIdentity).identity?.organizationIds ?? [];
  return orgs.some((o) => owner === `Organization/${o}`) ? 'receiver' : 'requester';
}

/** The reason code of a rejection or failure, if the Task carries one. */
export function reasonCodeOf(task: Task): string | undefined {
  return task.statusReason?.coding?.find((c) => c.system === REFERRAL_REASON_SYSTEM)?.code;
}

/**
 * The referral Task rules of the one write path (every door: /api, FHIR PUT/PATCH, bundles,
 * imports), in place of the generic Task state machine:
 * - a user creates a referral Task only as `requested`;
 * - a status change must be an edge of the Gravity machine taken by the right side
 *   (`state-machine.ts`), else 422;
 * - rejected and failed carry a reason code (REFERRAL_REASON_SYSTEM), else 422;
 * - each status change is stamped on the version (STATUS_CHANGE_EXTENSION: from, to, by, at, why).
 */
export function referralTaskRule(
  ctx: RequestContext,
  next: Task,
  previous: Task | undefined,
  now: Date,
): Task {
  const system = isSystem(ctx);
  if (!previous) {
    if (!system && next.status !== 'requested') {
      throw careError(
        ReferralError.MUST_START_REQUESTED,
        'business-rule',
        `A referral starts as requested, not ${next.status}`,
        'Task.status',
      );
    }
    return next;
  }
  if (previous.status === next.status) {
    return next;
  }
  assertReferralTransition(
    previous.status,
    next.status,
    system ? 'system' : sideOf(ctx, previous),
    next.id,
  );
  if ((next.status === 'rejected' || next.status === 'failed') && !system) {
    const code = reasonCodeOf(next);
    if (!isReferralReason(code)) {
      throw careError(
        ReferralError.REASON_REQUIRED,
        'business-rule',
        `A referral that is ${next.status} needs a reason: Task.statusReason coded in ${REFERRAL_REASON_SYSTEM} (could-not-contact, not-eligible, declined-by-person, no-capacity, other)`,
        'Task.statusReason',
      );
    }
  }
  const why =
    next.statusReason?.text ??
    next.statusReason?.coding?.find((c) => c.system === REFERRAL_REASON_SYSTEM)?.display ??
    reasonCodeOf(next);
  const change: Extension = {
    url: STATUS_CHANGE_EXTENSION,
    extension: [
      { url: 'from', valueCode: previous.status },
      { url: 'to', valueCode: next.status },
      {
        url: 'by',
        valueReference: system ? { display: 'Careweave system' } : { reference: ctx.actor },
      },
      { url: 'at', valueDateTime: now.toISOString() },
      ...(why && JSON.stringify(next.statusReason) !== JSON.stringify(previous.statusReason)
        ? [{ url: 'reason', valueString: why }]
        : []),
    ],
  };
  return {
    ...next,
    extension: [...(next.extension ?? []).filter((e) => e.url !== STATUS_CHANGE_EXTENSION), change],
  };
}
