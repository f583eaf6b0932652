import type { Appointment, ServiceRequest, Task } from '@medplum/fhirtypes';
import type { Repository, RequestContext } from '@careweave/store';
import type { PortalReferrals } from '@careweave/contract';
import { subjectFor } from './whose.js';

/**
 * Where a referral stands, in words, from the fulfilling Task when there is one (HL7 Gravity SDOH
 * Clinical Care: the receiving organisation moves the Task; its status is the referral's state)
 * and otherwise from the ServiceRequest's own status.
 */
const TASK_WORDS: Readonly<Record<string, string>> = {
  draft: 'Being prepared',
  requested: 'Sent',
  received: 'Received',
  accepted: 'Accepted',
  rejected: 'Declined',
  ready: 'Ready',
  cancelled: 'Cancelled',
  'in-progress': 'Under way',
  'on-hold': 'On hold',
  failed: 'Could not be done',
  completed: 'Done',
  'entered-in-error': 'Removed',
};
const REQUEST_WORDS: Readonly<Record<string, string>> = {
  draft: 'Being prepared',
  active: 'Sent',
  'on-hold': 'On hold',
  revoked: 'Cancelled',
  completed: 'Done',
  'entered-in-error': 'Removed',
  unknown: 'Unknown',
};
const APPOINTMENT_WORDS: Readonly<Record<string, string>> = {
  proposed: 'Suggested',
  pending: 'Waiting to be confirmed',
  booked: 'Booked',
  arrived: 'You arrived',
  fulfilled: 'Happened',
  cancelled: 'Cancelled',
  noshow: 'Missed',
  'entered-in-error': 'Removed',
  'checked-in': 'Checked in',
  waitlist: 'On the waiting list',
};

/** `GET /api/me/referrals`: the person's referrals and appointments with their status, newest first. */
export async function myReferrals(repo: Repository, ctx: RequestContext): Promise<PortalReferrals> {
  const subject = await subjectFor(repo, ctx, 'referrals');
  const patient = `Patient/${subject.patientId}`;
  const [requests, tasks, appointments] = await Promise.all([
    repo.search(ctx, 'ServiceRequest', [
      ['patient', patient],
      ['_sort', '-authored'],
      ['_count', '100'],
      ['_total', 'none'],
    ]),
    repo.search(ctx, 'Task', [
      ['patient', patient],
      ['focus:missing', 'false'],
      ['_count', '200'],
      ['_total', 'none'],
    ]),
    ctx.scope.kind === 'grants' &&
    ctx.scope.grants.some(
      (g) =>
        g.patientIds.includes(subject.patientId) &&
        g.resourceTypes !== undefined &&
        !g.resourceTypes.includes('Appointment'),
    )
      ? Promise.resolve({ resources: [] })
      : repo.search(ctx, 'Appointment', [
          ['patient', patient],
          ['_sort', '-date'],
          ['_count', '100'],
          ['_total', 'none'],
        ]),
  ]);
  const byFocus = new Map<string, Task>();
  for (const t of tasks.resources as Task[]) {
    const focus = t.focus?.reference;
    if (focus?.startsWith('ServiceRequest/')) {
      const seen = byFocus.get(focus);
      if (!seen || (t.meta?.lastUpdated ?? '') > (seen.meta?.lastUpdated ?? ''))
        byFocus.set(focus, t);
    }
  }
  return {
    referrals: (requests.resources as ServiceRequest[]).map((sr) => {
      const task = byFocus.get(`ServiceRequest/${sr.id}`);
      const outcome =
        task?.output?.find((o) => o.valueString)?.valueString ??
        task?.statusReason?.text ??
        undefined;
      const to = sr.performer?.[0]?.display ?? task?.owner?.display;
      return {
        reference: `ServiceRequest/${sr.id}`,
        what: sr.code?.text ?? sr.code?.coding?.[0]?.display ?? 'Referral',
        ...(to ? { to } : {}),
        status: task
          ? (TASK_WORDS[task.status] ?? task.status)
          : (REQUEST_WORDS[sr.status] ?? sr.status),
        ...(sr.authoredOn ? { requested: sr.authoredOn } : {}),
        ...(outcome ? { outcome } : {}),
      };
    }),
    appointments: (appointments.resources as Appointment[]).map((a) => {
      const others = (a.participant ?? []).filter(
        (p) => p.actor?.reference !== patient && !p.actor?.reference?.startsWith('Location/'),
      );
      const where = a.participant?.find((p) => p.actor?.reference?.startsWith('Location/'))?.actor
        ?.display;
      return {
        reference: `Appointment/${a.id}`,
        what:
          a.description ??
          a.serviceType?.[0]?.text ??
          a.appointmentType?.text ??
          a.serviceType?.[0]?.coding?.[0]?.display ??
          'Appointment',
        ...(a.start ? { start: a.start } : {}),
        ...(a.end ? { end: a.end } : {}),
        ...(where ? { where } : {}),
        with: others.map((p) => p.actor?.display).filter((d): d is string => !!d),
        status: APPOINTMENT_WORDS[a.status] ?? a.status,
      };
    }),
  };
}
