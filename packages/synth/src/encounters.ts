/**
 * Encounter resources: ambulatory (AMB), emergency (EMER) and inpatient (IMP, with admit source,
 * discharge disposition and length of stay), each with its period, attending practitioner,
 * location, service provider and reasons (references to the person's Conditions).
 */
import type { Condition, Encounter, Reference } from '@medplum/fhirtypes';
import { SYSTEM } from './codes.js';
import { patientRef, practitionerRef, type PersonContext } from './context.js';
import type { AmbulatoryKind, DischargeDisposition } from './history.js';
import type { ConditionKey } from './prevalence.js';
import { formatDateTime } from './time.js';
import type { StaffMember } from './workforce.js';

/** The encounter classes generated (v3 ActCode). */
export type EncounterClass = 'AMB' | 'EMER' | 'IMP';

const CLASS_DISPLAY: Readonly<Record<EncounterClass, string>> = {
  AMB: 'ambulatory',
  EMER: 'emergency',
  IMP: 'inpatient encounter',
};

/**
 * Encounter.type (SNOMED CT procedure codes, as Synthea uses them) and a readable text. The
 * visits where a PHQ-9 is taken (annual review, enrolment assessment, behavioural health session,
 * post-discharge follow-up) carry codes of the eCQM value set "Encounter to Screen for Depression"
 * (VSAC 2.16.840.1.113883.3.600.1916, read by CMS2 "Preventive Care and Screening: Screening for
 * Depression and Follow-Up Plan"), as such visits are coded in practice, so the screenings count.
 */
export const ENCOUNTER_TYPES = {
  annual: ['185349003', 'Encounter for check up (procedure)', 'Annual review'],
  chronic: ['390906007', 'Follow-up encounter (procedure)', 'Chronic condition follow-up'],
  acute: ['185345009', 'Encounter for symptom (procedure)', 'Same-day appointment'],
  behavioural: [
    '18512000',
    'Individual psychotherapy (regime/therapy)',
    'Behavioural health session',
  ],
  'post-discharge': ['390906007', 'Follow-up encounter (procedure)', 'Post-discharge follow-up'],
  enrolment: [
    '108221006',
    'Evaluation AND/OR management - established patient (procedure)',
    'Integrated care enrolment assessment',
  ],
  coordination: ['185347001', 'Encounter for problem (procedure)', 'Care coordination contact'],
  emergency: ['50849002', 'Emergency room admission (procedure)', 'Emergency department visit'],
  emergencyAdmission: [
    '183452005',
    'Emergency hospital admission (procedure)',
    'Emergency admission',
  ],
  admission: ['32485007', 'Hospital admission (procedure)', 'Hospital admission'],
} as const satisfies Record<
  AmbulatoryKind | 'emergency' | 'emergencyAdmission' | 'admission',
  readonly [string, string, string]
>;

/** Display text of discharge-disposition codes. */
const DISPOSITION_DISPLAY: Readonly<Record<DischargeDisposition, string>> = {
  home: 'Home',
  snf: 'Skilled nursing facility',
  rehab: 'Rehabilitation',
  long: 'Long-term care',
  hosp: 'Hospice',
  aadvice: 'Left against advice',
  psy: 'Psychiatric hospital',
  oth: 'Other',
};

/** What an encounter needs. */
export interface EncounterSpec {
  cls: EncounterClass;
  start: number;
  end: number;
  type: readonly [string, string, string];
  practitioner: StaffMember;
  locationId: string;
  serviceProviderId: string;
  serviceProviderName: string;
  reasons: readonly ConditionKey[];
  hospitalization?: { viaEd: boolean; disposition: DischargeDisposition; lengthOfStayDays: number };
}

/** Builds an Encounter with a fresh id. */
export function encounter(ctx: PersonContext, spec: EncounterSpec): Encounter {
  const reasons: Reference<Condition>[] = spec.reasons
    .map((key) => ctx.conditionIds.get(key))
    .filter((id): id is string => id !== undefined)
    .map((id) => ({ reference: `Condition/${id}` }));
  const enc: Encounter = {
    resourceType: 'Encounter',
    id: ctx.ids.next(),
    status: 'finished',
    class: { system: SYSTEM.ACT_CODE, code: spec.cls, display: CLASS_DISPLAY[spec.cls] },
    type: [
      {
        coding: [{ system: SYSTEM.SNOMED, code: spec.type[0], display: spec.type[1] }],
        text: spec.type[2],
      },
    ],
    subject: patientRef(ctx),
    participant: [
      {
        type: [
          { coding: [{ system: SYSTEM.PARTICIPATION_TYPE, code: 'ATND', display: 'attender' }] },
        ],
        individual: practitionerRef(spec.practitioner),
      },
    ],
    period: { start: formatDateTime(spec.start), end: formatDateTime(spec.end) },
    location: [{ location: { reference: `Location/${spec.locationId}` }, status: 'completed' }],
    serviceProvider: {
      reference: `Organization/${spec.serviceProviderId}`,
      display: spec.serviceProviderName,
    },
  };
  if (reasons.length > 0) {
    enc.reasonReference = reasons;
  }
  if (spec.hospitalization) {
    const h = spec.hospitalization;
    enc.length = { value: h.lengthOfStayDays, unit: 'days', system: SYSTEM.UCUM, code: 'd' };
    enc.hospitalization = {
      admitSource: {
        coding: [
          h.viaEd
            ? {
                system: SYSTEM.ADMIT_SOURCE,
                code: 'emd',
                display: 'From accident/emergency department',
              }
            : { system: SYSTEM.ADMIT_SOURCE, code: 'gp', display: 'General Practitioner referral' },
        ],
      },
      dischargeDisposition: {
        coding: [
          {
            system: SYSTEM.DISCHARGE_DISPOSITION,
            code: h.disposition,
            display: DISPOSITION_DISPLAY[h.disposition],
          },
        ],
      },
    };
    if (reasons.length > 0) {
      enc.diagnosis = reasons.map((condition, i) => ({
        condition,
        use: {
          coding: [
            {
              system: 'http://terminology.hl7.org/CodeSystem/diagnosis-role',
              code: 'DD',
              display: 'Discharge diagnosis',
            },
          ],
        },
        rank: i + 1,
      }));
    }
  }
  return enc;
}
