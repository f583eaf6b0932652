/** Builders of the resources decision-support tests put in a record. */
import type {
  Communication,
  Condition,
  Encounter,
  EpisodeOfCare,
  MedicationRequest,
  Observation,
  RiskAssessment,
  ServiceRequest,
  Task,
} from '@medplum/fhirtypes';
import { RISK_METHOD, RISK_METHOD_SYSTEM, RISK_TIER_SYSTEM } from '../../risk/codes.js';
import { ACT_CODE_SYSTEM, CDS_LOINC, LOINC, LOINC_SYSTEM } from '../codes.js';
import { emptyRecord, type PatientRecord } from '../record.js';

export const PATIENT = 'p1';
const subject = { reference: `Patient/${PATIENT}` };
let n = 0;
const nextId = (): string => `r${++n}`;

/** An empty record of PATIENT at `now` (default 2026-03-18, a Wednesday, noon UTC). */
export function record(now = '2026-03-18T12:00:00Z'): PatientRecord {
  return emptyRecord(PATIENT, new Date(now));
}

export function observation(code: string, value: number, date: string): Observation {
  return {
    resourceType: 'Observation',
    id: nextId(),
    status: 'final',
    code: { coding: [{ system: LOINC_SYSTEM, code }] },
    subject,
    effectiveDateTime: date,
    valueQuantity: { value },
  };
}

export const phq9 = (score: number, date: string): Observation =>
  observation(LOINC.PHQ9_TOTAL, score, date);
export const phq9Item9 = (points: number, date: string): Observation =>
  observation(LOINC.PHQ9_ITEM9, points, date);
export const hba1c = (percent: number, date: string): Observation =>
  observation(CDS_LOINC.HBA1C[0], percent, date);

export function bloodPressure(systolic: number, diastolic: number, at: string): Observation {
  const part = (code: string, value: number) => ({
    code: { coding: [{ system: LOINC_SYSTEM, code }] },
    valueQuantity: { value, unit: 'mm[Hg]' },
  });
  return {
    resourceType: 'Observation',
    id: nextId(),
    status: 'final',
    code: { coding: [{ system: LOINC_SYSTEM, code: CDS_LOINC.BP_PANEL }] },
    subject,
    effectiveDateTime: at,
    component: [part(CDS_LOINC.SYSTOLIC, systolic), part(CDS_LOINC.DIASTOLIC, diastolic)],
  };
}

export function encounter(classCode: string, start: string, end?: string): Encounter {
  return {
    resourceType: 'Encounter',
    id: nextId(),
    status: 'finished',
    class: { system: ACT_CODE_SYSTEM, code: classCode },
    subject,
    period: { start, ...(end ? { end } : {}) },
  };
}

export function call(sent: string): Communication {
  return { resourceType: 'Communication', id: nextId(), status: 'completed', subject, sent };
}

export function task(authoredOn: string, status: Task['status'] = 'requested'): Task {
  return { resourceType: 'Task', id: nextId(), status, intent: 'order', for: subject, authoredOn };
}

export function referral(authoredOn: string, reason?: string): ServiceRequest {
  return {
    resourceType: 'ServiceRequest',
    id: nextId(),
    status: 'active',
    intent: 'order',
    subject,
    authoredOn,
    ...(reason ? { reasonReference: [{ reference: reason }] } : {}),
  };
}

export function foodInsecurity(recordedDate: string): Condition {
  return {
    resourceType: 'Condition',
    id: nextId(),
    clinicalStatus: {
      coding: [
        { system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' },
      ],
    },
    category: [
      {
        coding: [
          { system: 'http://hl7.org/fhir/us/core/CodeSystem/us-core-category', code: 'sdoh' },
        ],
      },
    ],
    code: {
      coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'Z59.41' }],
      text: 'Food insecurity',
    },
    subject,
    recordedDate,
  };
}

export function medication(
  code: string,
  status: MedicationRequest['status'] = 'active',
): MedicationRequest {
  return {
    resourceType: 'MedicationRequest',
    id: nextId(),
    status,
    intent: 'order',
    medicationCodeableConcept: {
      coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code }],
    },
    subject,
  };
}

export function riskAssessment(tier: string, date = '2026-03-01T00:00:00Z'): RiskAssessment {
  return {
    resourceType: 'RiskAssessment',
    id: nextId(),
    status: 'final',
    method: { coding: [{ system: RISK_METHOD_SYSTEM, code: RISK_METHOD.ADMISSION_12M }] },
    subject,
    occurrenceDateTime: date,
    prediction: [
      {
        probabilityDecimal: 0.2,
        qualitativeRisk: { coding: [{ system: RISK_TIER_SYSTEM, code: tier }] },
      },
    ],
  };
}

export function episode(status: EpisodeOfCare['status']): EpisodeOfCare {
  return { resourceType: 'EpisodeOfCare', id: nextId(), status, patient: subject };
}
