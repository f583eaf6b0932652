/**
 * LACE at the moment of discharge, from the record as it stands: van Walraven C, Dhalla IA,
 * Bell C, et al. CMAJ 2010;182(6):551–7 (care/risk/lace.ts has the points). L = the stay's
 * length, A = an emergent admission, C = the Charlson index of the person's ICD-10 conditions
 * known at discharge, E = ED visits in the 6 months before admission. Written as the same
 * RiskAssessment (same derived id) that the nightly stratification writes for the discharge, so
 * the two never make two.
 */
import type { Condition, Encounter, RiskAssessment } from '@medplum/fhirtypes';
import type { Queryable } from '@careweave/store';
import { laceAssessment } from '../risk/assessment.js';
import { charlsonIndex } from '../risk/charlson.js';
import { ICD10, ICD10_CM } from '../risk/codes.js';
import { laceIndex, type LaceResult } from '../risk/lace.js';
import { conditionsOf, staysSince } from './records.js';
import { classCode, endMs, startMs, stayState } from './stay.js';

const DAY = 86_400_000;
/** Encounter.priority codes (v3 ActPriority) of an emergent admission. */
const ACUTE_PRIORITY = ['EM', 'UR', 'A', 'S', 'CR', 'CS'];

/** An emergent admission: urgent priority, admitted from the ED, or an emergency encounter. */
export function isAcute(e: Encounter): boolean {
  const priority = e.priority?.coding?.map((c) => c.code ?? '') ?? [];
  return (
    classCode(e) === 'EMER' ||
    priority.some((p) => ACUTE_PRIORITY.includes(p)) ||
    (e.hospitalization?.admitSource?.coding ?? []).some((c) => c.code === 'emd')
  );
}

function icd10(c: Condition): string[] {
  return (c.code?.coding ?? [])
    .filter((x) => (x.system === ICD10_CM || x.system === ICD10) && x.code)
    .map((x) => x.code as string);
}

export interface LaceAtDischarge {
  lace: LaceResult;
  assessment: RiskAssessment;
}

/** LACE of a finished stay; undefined when the stay has no start or end. */
export async function laceAtDischarge(
  tx: Queryable,
  stay: Encounter & { id: string },
  patientId: string,
): Promise<LaceAtDischarge | undefined> {
  const start = startMs(stay);
  const end = endMs(stay);
  if (start === undefined || end === undefined || end < start) return undefined;
  const conditions = (await conditionsOf(tx, patientId)).filter((c) => {
    const verification = c.verificationStatus?.coding?.[0]?.code;
    if (verification === 'entered-in-error' || verification === 'refuted') return false;
    const recorded = Date.parse(c.recordedDate ?? c.onsetDateTime ?? '');
    return Number.isNaN(recorded) || recorded <= end;
  });
  const sixMonthsBefore = start - 182 * DAY;
  const edVisits = (
    await staysSince(tx, patientId, ['EMER'], new Date(sixMonthsBefore).toISOString())
  ).filter((e) => {
    const t = startMs(e);
    // The ED visit that led to this admission is the same episode, not a "previous" visit.
    return (
      e.id !== stay.id &&
      stayState(e) !== 'void' &&
      t !== undefined &&
      t >= sixMonthsBefore &&
      t < start - DAY
    );
  });
  const lace = laceIndex({
    losDays: (end - start) / DAY,
    acute: isAcute(stay),
    charlson: charlsonIndex(conditions.flatMap(icd10)).score,
    edVisits6m: edVisits.length,
  });
  const basis = [
    ...conditions.filter((c) => icd10(c).length > 0).map((c) => `Condition/${c.id}`),
    ...edVisits.map((e) => `Encounter/${e.id}`),
  ].slice(0, 20);
  return { lace, assessment: laceAssessment(patientId, stay.id, end, lace, basis) };
}
