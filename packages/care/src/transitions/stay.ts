/**
 * What an Encounter write means for the protocol: a hospital admission or ED arrival in
 * progress, a finished stay (discharge), a cancelled one — read from the resource itself, so the
 * same Encounter from FHIR REST, a bundle or the HL7 v2 feed means the same thing.
 */
import type { Encounter } from '@medplum/fhirtypes';
import { ACT_CODE_SYSTEM } from './codes.js';
import type { TransitionConfig } from './config.js';

/** Statuses of a person who is in hospital now (FHIR R4 encounter-status). */
export const IN_HOSPITAL_STATUSES = ['arrived', 'triaged', 'in-progress', 'onleave'] as const;
/** Statuses of a stay that never happened. */
export const VOID_STATUSES = ['cancelled', 'entered-in-error'] as const;

export type StayState = 'in-hospital' | 'discharged' | 'void' | 'other';

/** `Encounter.class` code (v3 ActCode, or the code alone when a sender omits the system). */
export function classCode(e: Encounter): string | undefined {
  const c = e.class;
  if (!c?.code) return undefined;
  return !c.system || c.system === ACT_CODE_SYSTEM ? c.code : undefined;
}

export function stayState(e: Encounter): StayState {
  if ((IN_HOSPITAL_STATUSES as readonly string[]).includes(e.status)) return 'in-hospital';
  if ((VOID_STATUSES as readonly string[]).includes(e.status)) return 'void';
  if (e.status === 'finished' && e.period?.end) return 'discharged';
  return 'other';
}

export function isAdmissionClass(e: Encounter, config: TransitionConfig): boolean {
  const c = classCode(e);
  return c !== undefined && config.admissionClasses.includes(c);
}

export function isInpatientClass(e: Encounter, config: TransitionConfig): boolean {
  const c = classCode(e);
  return c !== undefined && config.dischargeClasses.includes(c);
}

/** The calendar date of an instant as its writer wrote it (the hospital's local day). */
export function localDate(instant: string): string {
  return instant.slice(0, 10);
}

/** Patient id of the Encounter's subject. */
export function patientOf(e: Encounter): string | undefined {
  const ref = e.subject?.reference;
  return ref?.startsWith('Patient/') ? ref.slice('Patient/'.length) : undefined;
}

const ms = (iso: string | undefined): number | undefined => {
  if (!iso) return undefined;
  const t = Date.parse(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  return Number.isNaN(t) ? undefined : t;
};

/** Milliseconds since the epoch of the stay's start / end, when given. */
export function startMs(e: Encounter): number | undefined {
  return ms(e.period?.start);
}
export function endMs(e: Encounter): number | undefined {
  return ms(e.period?.end);
}

/** Where the stay is, in words, when the resource says. */
export function whereOf(e: Encounter): string | undefined {
  return (
    e.serviceProvider?.display ??
    e.location?.find((l) => l.location?.display)?.location?.display ??
    e.hospitalization?.destination?.display ??
    undefined
  );
}
