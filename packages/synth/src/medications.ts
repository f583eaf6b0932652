/**
 * MedicationRequests: a baseline regimen per condition, and changes at hospital discharge (the old
 * request is stopped and a new one authored at discharge by the hospitalist, pointing back to it
 * through priorPrescription) so that medication reconciliation has something to reconcile.
 */
import type { MedicationRequest } from '@medplum/fhirtypes';
import { MEDICATIONS, type MedicationKey } from './catalog.js';
import { SYSTEM } from './codes.js';
import { patientRef, practitionerRef, type PersonContext } from './context.js';
import type { Stay } from './history.js';
import { hasCondition } from './person-model.js';
import type { ConditionKey } from './prevalence.js';
import { formatDate, formatDateTime } from './time.js';
import type { StaffMember } from './workforce.js';

/** One prescription over time. */
export interface Course {
  id: string;
  med: MedicationKey;
  start: number;
  end?: number;
  reason: ConditionKey;
  requester: StaffMember;
  discharge?: { encounterId: string };
  priorId?: string;
}

function isActive(course: Course, day: number): boolean {
  return course.start <= day && (course.end === undefined || course.end > day);
}

/** The regimen each person is on, started near diagnosis (or renewed within the year before the window). */
export function baselineCourses(ctx: PersonContext): Course[] {
  const { person, rng, window } = ctx;
  const courses: Course[] = [];
  const add = (med: MedicationKey, reason: ConditionKey): void => {
    if (courses.some((c) => c.med === med)) return;
    const onset = person.conditions.find((c) => c.key === reason)?.onsetDay ?? window.start;
    const start = Math.max(onset + rng.uniform(0, 45), window.start - rng.uniform(0, 365));
    courses.push({
      id: ctx.ids.next(),
      med,
      start: Math.min(start, window.asOf - 1),
      reason,
      requester: ctx.gp,
    });
  };
  const has = (key: ConditionKey): boolean => hasCondition(person, key);
  if (has('hypertension')) {
    add(rng.chance(0.7) ? 'lisinopril10' : 'amlodipine5', 'hypertension');
    if (person.hypertensionUncontrolled && rng.chance(0.6))
      add('hydrochlorothiazide25', 'hypertension');
  }
  if (has('diabetes')) {
    add('metformin500', 'diabetes');
    if (person.diabetesUncontrolled && rng.chance(0.5)) add('liraglutide', 'diabetes');
    if (person.age >= 40)
      add(has('heart-failure') ? 'atorvastatin80' : 'simvastatin20', 'diabetes');
  }
  if (has('heart-failure')) {
    add('furosemide20', 'heart-failure');
    add('carvedilol625', 'heart-failure');
    if (person.heartFailureSevere) add('spironolactone25', 'heart-failure');
  }
  if (has('ckd') && !courses.some((c) => c.med === 'lisinopril10')) add('lisinopril10', 'ckd');
  if (has('copd')) {
    add('albuterol', 'copd');
    if (person.copdSevere) add('fluticasoneSalmeterol', 'copd');
  }
  if (has('asthma')) {
    add('albuterol', 'asthma');
    if (rng.chance(0.4)) add('fluticasoneSalmeterol', 'asthma');
  }
  if (has('depression') && rng.chance(0.7)) add('sertraline50', 'depression');
  if (has('anxiety') && !courses.some((c) => c.med === 'sertraline50') && rng.chance(0.6))
    add('escitalopram10', 'anxiety');
  if (has('dementia') && rng.chance(0.6)) add('donepezil10', 'dementia');
  if (has('alcohol-use') && rng.chance(0.3)) add('naltrexone50', 'alcohol-use');
  if (has('opioid-use') && rng.chance(0.6)) add('buprenorphineNaloxone', 'opioid-use');
  return courses;
}

/** What a discharge changes for an admission with this reason: [stop, start] (stop may be undefined). */
const ESCALATION: Partial<
  Record<ConditionKey, readonly (readonly [MedicationKey | undefined, MedicationKey])[]>
> = {
  'heart-failure': [
    ['furosemide20', 'furosemide40'],
    ['carvedilol625', 'carvedilol125'],
    [undefined, 'spironolactone25'],
  ],
  copd: [[undefined, 'fluticasoneSalmeterol']],
  asthma: [[undefined, 'fluticasoneSalmeterol']],
  diabetes: [[undefined, 'liraglutide']],
  hypertension: [
    ['lisinopril10', 'lisinopril20'],
    [undefined, 'hydrochlorothiazide25'],
  ],
  ckd: [['lisinopril10', 'lisinopril20']],
  depression: [[undefined, 'sertraline50']],
  'alcohol-use': [[undefined, 'naltrexone50']],
  'opioid-use': [[undefined, 'buprenorphineNaloxone']],
};

/** Applies a discharge medication change (most discharges for a treatable reason change something). */
export function dischargeChange(
  ctx: PersonContext,
  courses: Course[],
  stay: Stay,
  encounterId: string,
  hospitalist: StaffMember,
): void {
  const reason = stay.reason;
  if (!reason || !ctx.rng.chance(0.7)) return;
  const t = stay.discharge;
  for (const [stop, start] of ESCALATION[reason] ?? []) {
    const old = stop ? courses.find((c) => c.med === stop && isActive(c, t)) : undefined;
    const alreadyOnNew = courses.some((c) => c.med === start && isActive(c, t));
    if ((stop && !old) || alreadyOnNew) continue;
    if (old) old.end = t;
    const course: Course = {
      id: ctx.ids.next(),
      med: start,
      start: t,
      reason,
      requester: hospitalist,
      discharge: { encounterId },
    };
    if (old) course.priorId = old.id;
    courses.push(course);
    return;
  }
}

/** Serialises the courses as MedicationRequests. */
export function medicationRequests(
  ctx: PersonContext,
  courses: readonly Course[],
): MedicationRequest[] {
  return courses.map((course) => {
    const med = MEDICATIONS[course.med];
    const reasonId = ctx.conditionIds.get(course.reason);
    const mr: MedicationRequest = {
      resourceType: 'MedicationRequest',
      id: course.id,
      status: course.end === undefined ? 'active' : 'stopped',
      intent: 'order',
      category: [
        {
          coding: [
            course.discharge
              ? {
                  system: SYSTEM.MEDICATION_REQUEST_CATEGORY,
                  code: 'discharge',
                  display: 'Discharge',
                }
              : {
                  system: SYSTEM.MEDICATION_REQUEST_CATEGORY,
                  code: 'community',
                  display: 'Community',
                },
          ],
        },
      ],
      medicationCodeableConcept: {
        coding: [{ system: SYSTEM.RXNORM, code: med.rxnorm, display: med.display }],
        text: med.display,
      },
      subject: patientRef(ctx),
      authoredOn: formatDateTime(course.start),
      requester: practitionerRef(course.requester),
      courseOfTherapyType: {
        coding: [
          {
            system: 'http://terminology.hl7.org/CodeSystem/medicationrequest-course-of-therapy',
            code: 'continuous',
            display: 'Continuous long term therapy',
          },
        ],
      },
      dosageInstruction: [{ text: med.sig }],
      dispenseRequest: {
        validityPeriod: {
          start: formatDate(course.start),
          ...(course.end !== undefined ? { end: formatDate(course.end) } : {}),
        },
      },
    };
    if (reasonId) mr.reasonReference = [{ reference: `Condition/${reasonId}` }];
    if (course.discharge) mr.encounter = { reference: `Encounter/${course.discharge.encounterId}` };
    if (course.priorId) mr.priorPrescription = { reference: `MedicationRequest/${course.priorId}` };
    if (course.end !== undefined) mr.statusReason = { text: 'Changed at hospital discharge' };
    return mr;
  });
}
