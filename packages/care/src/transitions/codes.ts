/**
 * Codes the transitions protocol reads and writes. The Task vocabulary itself lives in
 * `@careweave/contract` (transitions.ts) because the measures read it too.
 */
import type { Coding } from '@medplum/fhirtypes';
import {
  DISCHARGE_TASK_CODES,
  READMISSION_OF_EXTENSION,
  TRANSITION_TASK_CODES,
  TRANSITION_TASK_SYSTEM,
  TransitionError,
  type TransitionTaskCode,
} from '@careweave/contract';

export {
  DISCHARGE_TASK_CODES,
  READMISSION_OF_EXTENSION,
  TRANSITION_TASK_CODES,
  TRANSITION_TASK_SYSTEM,
  TransitionError,
  type TransitionTaskCode,
};

/** HL7 v3 ActCode (Encounter.class). */
export const ACT_CODE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';

/** Why the protocol cancelled one of its tasks (`Task.statusReason`). */
export const TRANSITION_CANCEL_SYSTEM =
  'https://careweave.org/fhir/CodeSystem/transition-cancel-reason';
export const CANCEL_REASON = {
  /** The admission was cancelled or entered in error (HL7 A11). */
  STAY_CANCELLED: 'stay-cancelled',
  /** The discharge was cancelled: the stay is open again (HL7 A13). */
  DISCHARGE_CANCELLED: 'discharge-cancelled',
  /** The person left hospital: the in-hospital contact gives way to the discharge's steps. */
  DISCHARGED: 'discharged',
} as const;
export type CancelReason = (typeof CANCEL_REASON)[keyof typeof CANCEL_REASON];

/** Display of each transition task code. */
export const TASK_DISPLAY: Readonly<Record<TransitionTaskCode, string>> = {
  'admission-notification': 'Notification of inpatient admission received',
  'admission-contact': 'Contact the person and the ward about the admission',
  'discharge-information': 'Discharge information received',
  'post-discharge-contact': 'Contact the person within 2 business days of discharge',
  'patient-engagement': 'Patient engagement within 30 days after discharge',
  'medication-reconciliation': 'Medication reconciliation by day 30 after discharge',
  'follow-up-7-days': 'Follow-up visit within 7 days of discharge',
  'follow-up-30-days': 'Follow-up visit within 30 days of discharge',
};

export function taskCoding(code: TransitionTaskCode): Coding {
  return { system: TRANSITION_TASK_SYSTEM, code, display: TASK_DISPLAY[code] };
}

/** The transition code of a Task, when it has one. */
export function transitionCodeOf(task: {
  code?: { coding?: Coding[] };
}): TransitionTaskCode | undefined {
  const code = task.code?.coding?.find((c) => c.system === TRANSITION_TASK_SYSTEM)?.code;
  return code && (TRANSITION_TASK_CODES as readonly string[]).includes(code)
    ? (code as TransitionTaskCode)
    : undefined;
}

/** SNOMED CT 430193006 Medication reconciliation (procedure): the reconciliation record. */
export const MEDICATION_RECONCILIATION_PROCEDURE: Coding = {
  system: 'http://snomed.info/sct',
  code: '430193006',
  display: 'Medication reconciliation (procedure)',
};

/** How a reconciliation decision is written on the MedicationStatement (`MedicationStatement.statusReason`). */
export const RECONCILIATION_DECISION_SYSTEM =
  'https://careweave.org/fhir/CodeSystem/medication-reconciliation-decision';
