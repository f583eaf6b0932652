import type { Task } from '@medplum/fhirtypes';

/** HL7 SDOH Clinical Care IG (Gravity Project) STU 2 canonical base. */
export const SDOHCC = 'http://hl7.org/fhir/us/sdoh-clinicalcare';
/** Profile of the referral Task the receiving organisation works on. */
export const TASK_FOR_REFERRAL_PROFILE = `${SDOHCC}/StructureDefinition/SDOHCC-TaskForReferralManagement`;
/** Profile of the referral itself. */
export const SDOHCC_SERVICE_REQUEST_PROFILE = `${SDOHCC}/StructureDefinition/SDOHCC-ServiceRequest`;
/** Profile of the Procedure a completed referral reports (Task.output). */
export const SDOHCC_PROCEDURE_PROFILE = `${SDOHCC}/StructureDefinition/SDOHCC-Procedure`;
/** Gravity's SDOH domain codes (food-insecurity, housing-instability, …). */
export const SDOH_CATEGORY_SYSTEM = `${SDOHCC}/CodeSystem/SDOHCC-CodeSystemTemporaryCodes`;
/** FHIR task-code: `fulfill` is the code of a referral Task (Gravity TaskForReferralManagement). */
export const TASK_CODE_SYSTEM = 'http://hl7.org/fhir/CodeSystem/task-code';

const CAREWEAVE = 'https://careweave.org/fhir';
/**
 * Extension on a referral Task version: the last status change — from, to, by (who), at (when),
 * reason (why) — stamped by the write rule on every door, so each version in the history says who
 * moved the referral, when and why.
 */
export const STATUS_CHANGE_EXTENSION = `${CAREWEAVE}/StructureDefinition/referral-status-change`;

/**
 * A referral Task: profiled as Gravity's TaskForReferralManagement, or a Task whose focus is a
 * ServiceRequest (the form Careweave and Gravity both write).
 */
export function isReferralTask(task: Task | undefined): boolean {
  if (!task) return false;
  return (
    task.meta?.profile?.includes(TASK_FOR_REFERRAL_PROFILE) === true ||
    task.focus?.reference?.startsWith('ServiceRequest/') === true
  );
}

/** Gravity's Task.output type for the Procedure a referral delivered. */
export const RESULTING_ACTIVITY = {
  system: `${SDOHCC}/CodeSystem/SDOHCC-CodeSystemTemporaryCodes`,
  code: 'resulting-activity',
  display: 'Resulting Activity',
} as const;
/** Task.output types Careweave adds: whether the need was met, and the outcome in words. */
export const REFERRAL_OUTPUT_SYSTEM = `${CAREWEAVE}/CodeSystem/referral-output`;

/** Whether a completed referral met the need (`Task.output` need-met), if recorded. */
export function needMetOf(task: Task): boolean | undefined {
  return task.output?.find((o) =>
    o.type.coding?.some((c) => c.system === REFERRAL_OUTPUT_SYSTEM && c.code === 'need-met'),
  )?.valueBoolean;
}

/** The outcome in words (`Task.output` outcome), if recorded. */
export function outcomeOf(task: Task): string | undefined {
  return task.output?.find((o) =>
    o.type.coding?.some((c) => c.system === REFERRAL_OUTPUT_SYSTEM && c.code === 'outcome'),
  )?.valueString;
}

/** The Procedure the referral delivered (`Task.output` resulting-activity), if recorded. */
export function procedureOf(task: Task): string | undefined {
  return task.output?.find(
    (o) =>
      o.type.coding?.some((c) => c.code === RESULTING_ACTIVITY.code) &&
      o.valueReference?.reference?.startsWith('Procedure/'),
  )?.valueReference?.reference;
}
