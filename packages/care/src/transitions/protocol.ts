/**
 * The transitions protocol as data: which steps an admission and a discharge create, with their
 * due dates. Pure — rules.ts writes what this plans. Each step cites the measure it serves:
 * NCQA HEDIS Transitions of Care (TRC: notification of inpatient admission, receipt of discharge
 * information, patient engagement after discharge, medication reconciliation post-discharge) and
 * Follow-Up After Hospitalization for Mental Illness (FUH: 7-day and 30-day follow-up).
 */
import type { Task } from '@medplum/fhirtypes';
import { addBusinessDays, addCalendarDays, onOrBeforeBusinessDay } from './business-days.js';
import type { TransitionTaskCode } from './codes.js';
import { calendarOf, type TransitionConfig } from './config.js';
import { localDate } from './stay.js';

/** One step to write: a Task of the protocol. */
export interface PlannedStep {
  code: TransitionTaskCode;
  /** `completed` for what the event itself is evidence of (a notice received), else `requested`. */
  status: 'requested' | 'completed';
  priority: NonNullable<Task['priority']>;
  /** Due date (`YYYY-MM-DD`), read by the worklist from `Task.restriction.period.end`. */
  due?: string;
  description: string;
}

export interface AdmissionFacts {
  patientName: string;
  /** When the stay began (`period.start`), if given. */
  admitted?: string;
  where?: string;
  /** ED arrival rather than an inpatient admission. */
  emergency: boolean;
  /** The index stay's discharge date when this admission is a readmission. */
  readmissionAfter?: string;
  now: Date;
}

/**
 * On admission (or ED arrival) of an enrolled person:
 * - TRC "notification of inpatient admission": recorded as received now (the day of admission
 *   or the next day counts; the notice is the event itself);
 * - an urgent task to the care coordinator, due the day the notice arrives ("the team knows the
 *   same day and acts").
 */
export function admissionSteps(f: AdmissionFacts): PlannedStep[] {
  const today = f.now.toISOString().slice(0, 10);
  const since = f.admitted ? ` since ${localDate(f.admitted)}` : '';
  const where = f.where ? ` at ${f.where}` : '';
  const what = f.emergency ? 'in the emergency department' : 'in hospital';
  const readmitted = f.readmissionAfter
    ? ` Readmission within 30 days of the discharge on ${f.readmissionAfter}.`
    : '';
  return [
    {
      code: 'admission-notification',
      status: 'completed',
      priority: 'routine',
      description: `Notification received: ${f.patientName} ${what}${where}${since} (HEDIS TRC notification of inpatient admission).`,
    },
    {
      code: 'admission-contact',
      status: 'requested',
      priority: 'urgent',
      due: today,
      description: `Urgent: ${f.patientName} is ${what}${where}${since}. Contact the person and the ward today; share the care plan.${readmitted}`,
    },
  ];
}

export interface DischargeFacts {
  patientName: string;
  /** `period.end`: the day of discharge is its calendar date as the hospital wrote it. */
  discharged: string;
  where?: string;
  /** The principal diagnosis is a FUH mental illness (mental-illness.ts). */
  mentalIllness: boolean;
  now: Date;
}

/** A calendar-day deadline, moved to the business day before when so configured. */
function deadline(day: string, config: TransitionConfig): string {
  return config.calendarDeadlines === 'previous-business-day'
    ? onOrBeforeBusinessDay(day, calendarOf(config))
    : day;
}

/**
 * On discharge of an enrolled person from an inpatient stay:
 * - TRC "receipt of discharge information": recorded as received now;
 * - contact the person within `contactBusinessDays` (2) business days — weekends and configured
 *   holidays skipped (TRC patient engagement; the transitional-care contact of CMS TCM, CPT
 *   99495/99496, is also due within 2 business days);
 * - TRC "medication reconciliation post-discharge": on the discharge date through day 30;
 * - follow-up visit within 7 days (FUH 7-day rate; the general 7-day follow-up);
 * - after a mental-illness stay, also the FUH 30-day follow-up.
 */
export function dischargeSteps(f: DischargeFacts, config: TransitionConfig): PlannedStep[] {
  const day = localDate(f.discharged);
  const from = f.where ? ` from ${f.where}` : '';
  const contactBy = addBusinessDays(day, config.contactBusinessDays, calendarOf(config));
  const steps: PlannedStep[] = [
    {
      code: 'discharge-information',
      status: 'completed',
      priority: 'routine',
      description: `Discharge information received: ${f.patientName} discharged${from} on ${day} (HEDIS TRC receipt of discharge information).`,
    },
    {
      code: 'post-discharge-contact',
      status: 'requested',
      priority: 'asap',
      due: contactBy,
      description: `Contact ${f.patientName} within ${config.contactBusinessDays} business days of discharge${from} on ${day} (by ${contactBy}).`,
    },
    {
      code: 'medication-reconciliation',
      status: 'requested',
      priority: 'routine',
      due: deadline(addCalendarDays(day, config.medicationReconciliationDays), config),
      description: `Reconcile ${f.patientName}'s medicines: the list before admission against the discharge list (HEDIS TRC, by day ${config.medicationReconciliationDays} after discharge).`,
    },
    {
      code: 'follow-up-7-days',
      status: 'requested',
      priority: 'routine',
      due: deadline(addCalendarDays(day, config.followUpDays), config),
      description: `Follow-up visit for ${f.patientName} within ${config.followUpDays} days of discharge${f.mentalIllness ? ' (HEDIS FUH 7-day, mental-health practitioner)' : ''}.`,
    },
  ];
  if (f.mentalIllness) {
    steps.push({
      code: 'follow-up-30-days',
      status: 'requested',
      priority: 'routine',
      due: deadline(addCalendarDays(day, config.mentalHealthFollowUpDays), config),
      description: `Follow-up visit for ${f.patientName} with a mental-health practitioner within ${config.mentalHealthFollowUpDays} days of discharge (HEDIS FUH 30-day).`,
    });
  }
  return steps;
}
