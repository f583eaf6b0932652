/**
 * What the rules read about one person: the resources of a few types, as the service loaded them
 * (through the caller's access scope) or as the CDS client prefetched them. Pure data, so every
 * rule is a function of it and of `now`, and is tested without a database.
 */
import type {
  Communication,
  Condition,
  Encounter,
  EpisodeOfCare,
  Goal,
  MedicationRequest,
  Observation,
  RiskAssessment,
  ServiceRequest,
  Task,
} from '@medplum/fhirtypes';

/** One person's record as the rules see it. */
export interface PatientRecord {
  patientId: string;
  /** When the rules run (the hook call). */
  now: Date;
  observations: Observation[];
  encounters: Encounter[];
  communications: Communication[];
  tasks: Task[];
  serviceRequests: ServiceRequest[];
  goals: Goal[];
  conditions: Condition[];
  medicationRequests: MedicationRequest[];
  riskAssessments: RiskAssessment[];
  episodes: EpisodeOfCare[];
  /** order-sign: the orders being signed (not yet in the record). */
  draftOrders: MedicationRequest[];
}

/** The resource lists of a record, by the FHIR type they hold. */
export const RECORD_TYPES = {
  observations: 'Observation',
  encounters: 'Encounter',
  communications: 'Communication',
  tasks: 'Task',
  serviceRequests: 'ServiceRequest',
  goals: 'Goal',
  conditions: 'Condition',
  medicationRequests: 'MedicationRequest',
  riskAssessments: 'RiskAssessment',
  episodes: 'EpisodeOfCare',
} as const;
export type RecordList = keyof typeof RECORD_TYPES;

/** An empty record (tests build on it). */
export function emptyRecord(patientId: string, now: Date): PatientRecord {
  return {
    patientId,
    now,
    observations: [],
    encounters: [],
    communications: [],
    tasks: [],
    serviceRequests: [],
    goals: [],
    conditions: [],
    medicationRequests: [],
    riskAssessments: [],
    episodes: [],
    draftOrders: [],
  };
}

const DAY = 86_400_000;

/** The calendar date (UTC, `YYYY-MM-DD`) of a FHIR date or dateTime, or undefined. */
export function calendarDate(value: string | undefined): string | undefined {
  if (!value) return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString().slice(0, 10);
}

/** Whole calendar days from date `a` to date `b` (`YYYY-MM-DD`; negative when b is earlier). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY);
}

/** Today's calendar date of the record. */
export function today(record: PatientRecord): string {
  return record.now.toISOString().slice(0, 10);
}

/** Whether a coded element carries this system and code. */
export function hasCode(
  concept: { coding?: { system?: string; code?: string }[] } | undefined,
  system: string,
  codes: readonly string[],
): boolean {
  return (concept?.coding ?? []).some(
    (c) => c.system === system && c.code !== undefined && codes.includes(c.code),
  );
}

/** When an observation applies (effective dateTime, period start, or issued). */
export function observationDate(o: Observation): string | undefined {
  return calendarDate(o.effectiveDateTime ?? o.effectivePeriod?.start ?? o.issued);
}

/** Observations with one of these codes, final or amended, newest first. */
export function observationsOf(
  record: PatientRecord,
  system: string,
  codes: readonly string[],
): Observation[] {
  return record.observations
    .filter(
      (o) =>
        ['final', 'amended', 'corrected'].includes(o.status) &&
        hasCode(o.code, system, codes) &&
        observationDate(o) !== undefined,
    )
    .sort((a, b) => (observationDate(b) ?? '').localeCompare(observationDate(a) ?? ''));
}

/** A numeric observation value (valueQuantity, valueInteger), or undefined. */
export function numericValue(o: {
  valueQuantity?: { value?: number };
  valueInteger?: number;
}): number | undefined {
  return o.valueQuantity?.value ?? o.valueInteger;
}
