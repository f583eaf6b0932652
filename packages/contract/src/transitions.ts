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
  /** Urgent: contact the person and the ward while they are in hospital (the admission's own work). */
  'admission-contact',
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

/**
 * Which transition codes belong to the discharge (a reopened stay, HL7 A13, cancels the open
 * ones); the others belong to the admission.
 */
export const DISCHARGE_TASK_CODES = [
  'discharge-information',
  'post-discharge-contact',
  'patient-engagement',
  'medication-reconciliation',
  'follow-up-7-days',
  'follow-up-30-days',
] as const satisfies readonly TransitionTaskCode[];

/** `Encounter.class` codes (v3 ActCode) of a hospital stay or ED visit: "in hospital" when one is open. */
export const HOSPITAL_ENCOUNTER_CLASSES = ['IMP', 'ACUTE', 'NONAC', 'OBSENC', 'EMER'] as const;
/** `Encounter.status` codes of a person who is in hospital now. */
export const IN_HOSPITAL_STATUSES = ['arrived', 'triaged', 'in-progress', 'onleave'] as const;

/** Domain error codes of transitions of care (in `OperationOutcome.issue.details.coding`). */
export const TransitionError = {
  /** The Encounter is not a hospital stay of this patient (404). */
  NO_STAY: 'transition-no-stay',
  /** A reconciliation decision names a line that is not on either list (422). */
  UNKNOWN_LINE: 'transition-unknown-line',
  /** Every line needs a decision: continue, stop or change (422). */
  DECISION_MISSING: 'transition-decision-missing',
  /** Stopping or changing a medicine needs a reason (422). */
  REASON_REQUIRED: 'transition-reason-required',
  /** The stay's reconciliation was already recorded (409). */
  ALREADY_RECONCILED: 'transition-already-reconciled',
} as const;

/** A hospital stay as the summary, worklist and caseload show it. */
export interface StayView {
  encounter: string;
  /** `Encounter.class` code (IMP, EMER, ACUTE…). */
  class: string;
  status: string;
  admitted?: string;
  discharged?: string;
  /** Where: the service provider's or location's display, when known. */
  where?: string;
  /** LACE at discharge (van Walraven 2010), when computed. */
  lace?: {
    score: number;
    band: 'low' | 'moderate' | 'high';
    points: { l: number; a: number; c: number; e: number };
  };
  /** The index stay when this admission is a readmission within 30 days of its discharge. */
  readmissionOf?: string;
  /** Principal diagnosis in words, when the stay carries one. */
  diagnosis?: string;
}

/** One transition task as the patient's transition summary lists it. */
export interface TransitionTaskView {
  id: string;
  code: TransitionTaskCode;
  description: string;
  status: string;
  due?: string;
  owner?: string;
  encounter: string;
}

/** `GET /api/transitions/patients/{id}`: the person's current and latest stays and their tasks. */
export interface TransitionSummary {
  patientId: string;
  /** Start of the current hospital stay, when the person is in hospital now. */
  inHospitalSince?: string;
  current?: StayView;
  lastDischarge?: StayView;
  tasks: TransitionTaskView[];
}

/** How a medicine line compares between the list before admission and the discharge list. */
export type ReconciliationChange = 'unchanged' | 'added' | 'stopped' | 'dose-changed';
/** The decision taken on a line. */
export type ReconciliationDecision = 'continue' | 'stop' | 'change';
export const RECONCILIATION_DECISIONS: readonly ReconciliationDecision[] = [
  'continue',
  'stop',
  'change',
];

/** One medicine side by side: before admission and at discharge. */
export interface ReconciliationLine {
  /** Stable key of the line (the medicine's code or name, lower case). */
  key: string;
  medication: string;
  change: ReconciliationChange;
  before?: { reference: string; dosage?: string; status?: string };
  discharge?: { reference: string; dosage?: string };
  /** The decision already recorded, when the reconciliation is done. */
  decision?: { decision: ReconciliationDecision; reason?: string; dosage?: string };
}

/** `GET /api/transitions/patients/{id}/medication-reconciliation[?encounter=]`. */
export interface MedicationReconciliationView {
  patientId: string;
  stay: StayView;
  lines: ReconciliationLine[];
  /** Whether the hospital sent a discharge medication list (else every line is "not on the discharge list"). */
  dischargeListReceived: boolean;
  task?: TransitionTaskView;
  /** The reconciliation record (who, when) once done. */
  reconciled?: { by: string; byName?: string; at: string; record: string };
}

/** `POST /api/transitions/patients/{id}/medication-reconciliation`: a decision per line. */
export interface ReconciliationInput {
  encounter: string;
  decisions: { key: string; decision: ReconciliationDecision; reason?: string; dosage?: string }[];
}

/**
 * Principal diagnoses that make a hospital stay a mental-illness hospitalisation for HEDIS
 * Follow-Up After Hospitalization for Mental Illness (FUH): NCQA HEDIS MY 2025 Technical
 * Specifications, Volume 2, FUH — denominator "a principal diagnosis of mental illness or
 * intentional self-harm" (Mental Illness Value Set, Intentional Self-Harm Value Set). One list,
 * read by the transitions protocol (which tasks a discharge raises) and by the FUH measure's SQL,
 * so the two cannot disagree about a stay.
 *
 * NCQA's value sets are licensed and not shipped; this is the documented ICD-10-CM subset used in
 * their place, as code prefixes without the dot (chapter F blocks of ICD-10-CM, CMS/NCHS):
 * - F20–F29 schizophrenia, schizotypal, delusional and other non-mood psychotic disorders
 * - F30–F39 mood (affective) disorders
 * - F40–F48 anxiety, dissociative, stress-related, somatoform and other non-psychotic disorders
 * - F50–F53, F59 behavioural syndromes with physiological disturbances (eating, sleep, puerperal)
 * - F60–F69 disorders of adult personality and behaviour
 * - F84 pervasive developmental disorders; F90–F98 behavioural and emotional disorders with
 *   onset in childhood and adolescence; F99 mental disorder, not otherwise specified
 * - intentional self-harm: X71–X83, T14.91
 * Left out, as FUH leaves them out: F01–F09 (dementia and other organic disorders), F10–F19
 * (substance use: HEDIS FUA), F54–F55, F70–F79 (intellectual disabilities), F80–F83, F88–F89.
 */
export const FUH_MENTAL_ILLNESS_ICD10_PREFIXES: readonly string[] = [
  ...codeRange('F', 20, 48),
  'F50',
  'F51',
  'F52',
  'F53',
  'F59',
  ...codeRange('F', 60, 69),
  'F84',
  ...codeRange('F', 90, 99),
  ...codeRange('X', 71, 83),
  'T1491',
];

/** The code systems an ICD-10(-CM) principal diagnosis may be written in (URI, OID, HL7 v2 names). */
export const ICD10_SYSTEMS: readonly string[] = [
  'http://hl7.org/fhir/sid/icd-10-cm',
  'http://hl7.org/fhir/sid/icd-10',
  'urn:oid:2.16.840.1.113883.6.90',
  'urn:oid:2.16.840.1.113883.6.3',
  'I10',
  'ICD10',
];

function codeRange(letter: string, from: number, to: number): string[] {
  const out: string[] = [];
  for (let n = from; n <= to; n += 1) out.push(`${letter}${String(n).padStart(2, '0')}`);
  return out;
}
