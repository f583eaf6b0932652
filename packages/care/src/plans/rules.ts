import type { CarePlan, Goal } from '@medplum/fhirtypes';
import {
  SYSTEM_CONTEXT,
  lockInTransaction,
  searchInTransaction,
  type Queryable,
  type RequestContext,
} from '@careweave/store';
import { isSystem } from '../shared/acting.js';
import { careError } from '../shared/care-errors.js';
import { NotificationKind, notify } from '../notifications/notify.js';
import { patientIdOf, teamMembersIn } from '../roster/team-members.js';
import { PlanError, planProgramme, programmeCoding } from './codes.js';

/**
 * One active CarePlan per patient per programme (plans with a programme category; other plans,
 * e.g. imported Synthea plans, are not constrained). Checked with an advisory lock on
 * patient + programme, so two racing creations cannot both pass.
 */
async function assertSingleActive(
  next: CarePlan,
  previous: CarePlan | undefined,
  tx: Queryable,
): Promise<void> {
  const programme = planProgramme(next.category);
  const patient = next.subject?.reference;
  if (next.status !== 'active' || !programme || !patient) {
    return;
  }
  const unchanged =
    previous?.status === 'active' &&
    previous.subject?.reference === patient &&
    planProgramme(previous.category) === programme;
  if (unchanged) {
    return;
  }
  await lockInTransaction(tx, `careplan-active|${patient}|${programme}`);
  const coding = programmeCoding(programme);
  const found = await searchInTransaction(tx, SYSTEM_CONTEXT, 'CarePlan', [
    ['subject', patient],
    ['status', 'active'],
    ['category', `${coding.system}|${coding.code}`],
    ['_count', '2'],
    ['_total', 'none'],
  ]);
  const other = found.resources.find((p) => p.id !== next.id);
  if (other) {
    throw careError(
      PlanError.ACTIVE_PLAN_EXISTS,
      'conflict',
      `${patient} already has an active ${programme} care plan (CarePlan/${other.id}); change that plan or end it first`,
      'CarePlan.status',
    );
  }
}

/** Per transaction, the patients whose team was already told of a plan change (one notification per write, not per goal). */
const told = new WeakMap<Queryable, Set<string>>();

/** Tells the patient's care team (but not the actor) that their plan changed. */
async function notifyPlanChange(
  ctx: RequestContext,
  tx: Queryable,
  patientId: string,
  focus: string,
  summary: string,
  now: Date,
): Promise<void> {
  if (isSystem(ctx)) {
    return;
  }
  const done = told.get(tx) ?? new Set<string>();
  if (done.has(patientId)) {
    return;
  }
  done.add(patientId);
  told.set(tx, done);
  const members = await teamMembersIn(tx, patientId, now);
  await notify(
    tx,
    ctx,
    members.map((m) => ({
      recipient: m.reference,
      kind: NotificationKind.PLAN_CHANGED,
      patientId,
      focus,
      summary,
    })),
  );
}

/** CarePlan rules of the one write path: one active plan per programme; the team hears of changes. */
export async function carePlanRule(
  ctx: RequestContext,
  next: CarePlan,
  previous: CarePlan | undefined,
  tx: Queryable,
  now: Date,
): Promise<CarePlan> {
  await assertSingleActive(next, previous, tx);
  const patientId = patientIdOf(next.subject?.reference);
  if (patientId) {
    await notifyPlanChange(
      ctx,
      tx,
      patientId,
      `CarePlan/${next.id}`,
      `${previous ? 'Care plan changed' : 'Care plan created'}: ${next.title ?? 'care plan'}`,
      now,
    );
  }
  return next;
}

/** Goal rules of the one write path: the team hears of changes (achievement status, targets…). */
export async function goalRule(
  ctx: RequestContext,
  next: Goal,
  previous: Goal | undefined,
  tx: Queryable,
  now: Date,
): Promise<Goal> {
  const patientId = patientIdOf(next.subject?.reference);
  if (patientId) {
    await notifyPlanChange(
      ctx,
      tx,
      patientId,
      `Goal/${next.id}`,
      `${previous ? 'Goal updated' : 'Goal added'}: ${next.description?.text ?? 'goal'}`,
      now,
    );
  }
  return next;
}
