import type { CodeableConcept, Coding, Encounter, Identifier } from '@medplum/fhirtypes';
import type { AdtEvent } from '@careweave/contract';
import { AdtError } from './errors.js';
import type { AdtDiagnosis, ParsedAdt } from './parse.js';

const ACT_CODE = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';
/** HL7 v2 table 0112 (discharge disposition), as FHIR publishes it. */
const V2_0112 = 'http://terminology.hl7.org/CodeSystem/v2-0112';

const CLASS_DISPLAY: Record<string, string> = {
  IMP: 'inpatient encounter',
  EMER: 'emergency',
  AMB: 'ambulatory',
  PRENC: 'pre-admission',
};

function actCode(code: keyof typeof CLASS_DISPLAY): Coding {
  return { system: ACT_CODE, code, display: CLASS_DISPLAY[code] };
}

/**
 * The Encounter class of a visit (HL7 v2 PV1-2 patient class, table 0004, mapped as the HL7
 * v2-to-FHIR implementation guide does): E emergency → EMER; for admit, transfer and discharge
 * events an inpatient stay (IMP) unless the class says outpatient or recurring (AMB) — a preadmit
 * (P) that is admitted is an inpatient; for registrations I/B are inpatient, P pre-admission, the
 * rest ambulatory.
 */
export function adtEncounterClass(event: AdtEvent, patientClass: string | undefined): Coding {
  if (patientClass === 'E') return actCode('EMER');
  if (event === 'A01' || event === 'A02' || event === 'A03') {
    return patientClass === 'O' || patientClass === 'R' ? actCode('AMB') : actCode('IMP');
  }
  if (patientClass === 'I' || patientClass === 'B') return actCode('IMP');
  if (patientClass === 'P') return actCode('PRENC');
  return actCode('AMB');
}

/** A stay not seen before: the person, the visit identifier, the class. */
export function newEncounter(patientId: string, identifier: Identifier, cls: Coding): Encounter {
  return {
    resourceType: 'Encounter',
    status: 'planned',
    class: cls,
    identifier: [identifier],
    subject: { reference: `Patient/${patientId}` },
  };
}

function diagnosisConcept(d: AdtDiagnosis): CodeableConcept {
  return {
    coding: [
      {
        ...(d.system ? { system: d.system } : {}),
        code: d.code,
        ...(d.display ? { display: d.display } : {}),
      },
    ],
    ...(d.display ? { text: d.display } : {}),
  };
}

/** Diagnoses, the principal (DG1-15 priority 1, else the first) first; else PV2-3 admit reason. */
function reasons(adt: ParsedAdt): CodeableConcept[] {
  const visit = adt.visit;
  if (!visit) return [];
  if (visit.diagnoses.length > 0) {
    return [...visit.diagnoses]
      .sort((a, b) => (a.priority ?? 99) - (b.priority ?? 99))
      .map(diagnosisConcept);
  }
  const reason = visit.admitReason;
  if (reason?.code || reason?.display) {
    return [
      {
        ...(reason.code
          ? {
              coding: [
                { code: reason.code, ...(reason.display ? { display: reason.display } : {}) },
              ],
            }
          : {}),
        ...(reason.display ? { text: reason.display } : {}),
      },
    ];
  }
  return [];
}

/**
 * The stay after `event`:
 * - A01 admit / A04 register / A02 transfer: in progress (an A03 that came first stays
 *   finished: out-of-order delivery never reopens a finished stay); A01 makes it inpatient (or
 *   emergency);
 * - A03 discharge: finished, ending at PV1-45 (or the event time);
 * - A08 update: details only (location, diagnoses), never the status;
 * - A11 cancel admit: `cancelledStatus` — the admission did not happen;
 * - A13 cancel discharge: in progress again, the discharge time and disposition removed.
 */
export function applyEventToEncounter(
  base: Encounter,
  adt: ParsedAdt,
  event: AdtEvent,
  cancelledStatus: Encounter['status'],
): Encounter {
  const visit = adt.visit;
  const next: Encounter = structuredClone(base);
  const eventTime = adt.occurredAt ?? adt.recordedAt;
  const start = visit?.admitAt ?? next.period?.start ?? (event === 'A03' ? undefined : eventTime);
  next.period = { ...next.period, ...(start ? { start } : {}) };
  if (visit?.location) {
    next.location = [
      {
        location: { display: visit.location },
        status: event === 'A03' ? 'completed' : 'active',
      },
    ];
  }
  const reasonCode = reasons(adt);
  if (reasonCode.length > 0) next.reasonCode = reasonCode;
  if (adt.sendingFacility && !next.serviceProvider) {
    next.serviceProvider = { display: adt.sendingFacility.split('^')[0] ?? adt.sendingFacility };
  }
  switch (event) {
    case 'A01':
      next.class = adtEncounterClass(event, visit?.patientClass);
      next.status = next.status === 'finished' ? 'finished' : 'in-progress';
      break;
    case 'A02':
    case 'A04':
      next.status = next.status === 'finished' ? 'finished' : 'in-progress';
      break;
    case 'A03': {
      next.status = 'finished';
      const end = visit?.dischargeAt ?? eventTime;
      if (end) {
        if (next.period.start && Date.parse(end) < Date.parse(next.period.start)) {
          throw new AdtError(
            `The discharge time (${end}) is before the admission (${next.period.start})`,
            'PV1^1^45',
            '207',
          );
        }
        next.period.end = end;
      }
      if (visit?.dischargeDisposition) {
        next.hospitalization = {
          ...next.hospitalization,
          dischargeDisposition: { coding: [{ system: V2_0112, code: visit.dischargeDisposition }] },
        };
      }
      break;
    }
    case 'A08':
      if (next.status === 'planned') next.status = 'in-progress';
      break;
    case 'A11':
      next.status = cancelledStatus;
      break;
    case 'A13':
      next.status = 'in-progress';
      delete next.period.end;
      if (next.hospitalization) {
        delete next.hospitalization.dischargeDisposition;
        if (Object.keys(next.hospitalization).length === 0) delete next.hospitalization;
      }
      break;
  }
  if (Object.keys(next.period).length === 0) delete next.period;
  return next;
}
