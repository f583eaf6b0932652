/** Quality and programme measures as set-based SQL read models (one statement per family). */
import type { SqlMeasureId } from '@careweave/contract';
import type { AccessScope } from '../context.js';
import type { Queryable } from '../db/database.js';
import type { MeasureCase, MeasurePeriod } from './cases.js';
import {
  assessmentCompletion,
  dischargeToContact,
  goalAttainment,
  highRiskWithActivePlan,
  referralLoopClosure,
  utilisation,
} from './programme.js';
import {
  allCauseReadmissions,
  edFollowUpMultipleChronic,
  followUpAfterMentalIllness,
  transitionsOfCare,
} from './transitions.js';

export type { MeasureCase, MeasurePeriod } from './cases.js';
export { measureSubjects, type MeasureSubject } from './subjects.js';
export { patientRecords, sharedResourcesOfType, visiblePatientIds } from './content.js';

type Family = (
  q: Queryable,
  scope: AccessScope,
  period: MeasurePeriod,
) => Promise<Partial<Record<SqlMeasureId, MeasureCase[]>>>;

/** Each family computes one or more measures in one statement. */
const FAMILIES: readonly { ids: readonly SqlMeasureId[]; run: Family }[] = [
  {
    ids: ['fuh-7', 'fuh-30'],
    run: async (q, s, p) => {
      const r = await followUpAfterMentalIllness(q, s, p);
      return { 'fuh-7': r.fuh7, 'fuh-30': r.fuh30 };
    },
  },
  {
    ids: [
      'trc-admission-notification',
      'trc-discharge-information',
      'trc-patient-engagement',
      'trc-medication-reconciliation',
    ],
    run: async (q, s, p) => {
      const r = await transitionsOfCare(q, s, p);
      return {
        'trc-admission-notification': r.admissionNotification,
        'trc-discharge-information': r.dischargeInformation,
        'trc-patient-engagement': r.patientEngagement,
        'trc-medication-reconciliation': r.medicationReconciliation,
      };
    },
  },
  {
    ids: ['pcr-readmissions-30'],
    run: async (q, s, p) => ({ 'pcr-readmissions-30': await allCauseReadmissions(q, s, p) }),
  },
  {
    ids: ['fmc-7'],
    run: async (q, s, p) => ({ 'fmc-7': await edFollowUpMultipleChronic(q, s, p) }),
  },
  {
    ids: ['ed-visits-per-1000-member-months', 'admissions-per-1000-member-months'],
    run: async (q, s, p) => {
      const r = await utilisation(q, s, p);
      return {
        'ed-visits-per-1000-member-months': r.edVisits,
        'admissions-per-1000-member-months': r.admissions,
      };
    },
  },
  {
    ids: ['discharge-to-first-contact-days'],
    run: async (q, s, p) => ({
      'discharge-to-first-contact-days': await dischargeToContact(q, s, p),
    }),
  },
  {
    ids: ['high-risk-active-plan'],
    run: async (q, s, p) => ({ 'high-risk-active-plan': await highRiskWithActivePlan(q, s, p) }),
  },
  {
    ids: ['referral-loop-closure'],
    run: async (q, s, p) => ({ 'referral-loop-closure': await referralLoopClosure(q, s, p) }),
  },
  {
    ids: ['goal-attainment'],
    run: async (q, s, p) => ({ 'goal-attainment': await goalAttainment(q, s, p) }),
  },
  {
    ids: ['assessment-completion'],
    run: async (q, s, p) => ({ 'assessment-completion': await assessmentCompletion(q, s, p) }),
  },
];

/**
 * The cases of the requested SQL measures (all when `ids` is absent) over the period, within
 * the scope: each family that holds a requested measure runs once.
 */
export async function measureCases(
  q: Queryable,
  scope: AccessScope,
  period: MeasurePeriod,
  ids?: readonly SqlMeasureId[],
): Promise<Map<SqlMeasureId, MeasureCase[]>> {
  const wanted = new Set(ids ?? FAMILIES.flatMap((f) => f.ids));
  const out = new Map<SqlMeasureId, MeasureCase[]>();
  for (const family of FAMILIES) {
    if (!family.ids.some((id) => wanted.has(id))) continue;
    const result = await family.run(q, scope, period);
    for (const id of family.ids) {
      const cases = result[id];
      if (wanted.has(id) && cases) out.set(id, cases);
    }
  }
  return out;
}
