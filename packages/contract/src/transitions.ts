/**
 * The vocabulary of care transitions that the hospital-event protocol writes and the
 * transition measures read. One list, so the protocol and the measures cannot drift apart.
 *
 * Each transition step is recorded as a FHIR `Task` whose `code` carries one of these codes in
 * TRANSITION_TASK_SYSTEM, whose `focus` references the inpatient `Encounter` it belongs to, and
 * whose `executionPeriod.end` (or `lastModified` when absent) is when it was done, once its status
 * is `completed`. The components follow the HEDIS Transitions of Care (TRC) measure (admission
 * notification, receipt of discharge information, patient engagement after discharge, medication
 * reconciliation post-discharge) and Follow-Up After Hospitalization for Mental Illness (FUH).
 */
export const TRANSITION_TASK_SYSTEM = 'https://careweave.org/fhir/CodeSystem/transition-task';

export const TRANSITION_TASK_CODES = [
  /** TRC: notification of inpatient admission received (day of admission or the next day). */
  'admission-notification',
  /** TRC: discharge information received (day of discharge or the next day). */
  'discharge-information',
  /** Contact the person within 2 business days of discharge. */
  'post-discharge-contact',
  /** TRC: patient engagement within 30 days after discharge. */
  'patient-engagement',
  /** TRC: medication reconciliation on the discharge date through day 30. */
  'medication-reconciliation',
  /** Follow-up visit within 7 days (FUH 7-day; also the general 7-day follow-up). */
  'follow-up-7-days',
  /** FUH 30-day follow-up after a mental-illness hospitalisation. */
  'follow-up-30-days',
] as const;

export type TransitionTaskCode = (typeof TRANSITION_TASK_CODES)[number];

/**
 * Extension on an `Encounter` linking a readmission to its index stay (a readmission within
 * 30 days of a discharge). valueReference: the index `Encounter`.
 */
export const READMISSION_OF_EXTENSION =
  'https://careweave.org/fhir/StructureDefinition/readmission-of';
