/**
 * LACE and HOSPITAL at every inpatient discharge of a person, from the FHIR data: the stay's
 * length and acuity, the Charlson index of the conditions known at discharge, ED visits in the
 * 6 months before admission, discharge haemoglobin and sodium, procedures, prior admissions.
 */
import type { RiskAssessment } from '@medplum/fhirtypes';
import { hospitalAssessment, laceAssessment } from './assessment.js';
import { charlsonIndex } from './charlson.js';
import { RISK_LOINC } from './codes.js';
import { icd10Codes } from './conditions.js';
import { hospitalScore } from './hospital-score.js';
import { laceIndex } from './lace.js';
import { DAY, losDays, type Measurement, type PersonRecord, type Stay } from './person.js';

/** The last measurement of `code` taken during the stay (its "discharge" value). */
function atDischarge(person: PersonRecord, code: string, stay: Stay): Measurement | undefined {
  const list = person.observations.get(code) ?? [];
  let found: Measurement | undefined;
  for (const m of list) {
    const during =
      m.encounter === `Encounter/${stay.id}` ||
      (m.time >= stay.start && m.time <= stay.end + DAY / 4);
    if (during && m.value !== null) found = m;
  }
  return found;
}

/** LACE and HOSPITAL RiskAssessments for each of the person's stays that ended in [since, asOf). */
export function dischargeAssessments(
  person: PersonRecord,
  asOf: number,
  since = -Infinity,
): RiskAssessment[] {
  const out: RiskAssessment[] = [];
  for (const stay of person.stays) {
    if (stay.end > asOf || stay.end < since) continue;
    const icd = person.conditions
      .filter((c) => c.recorded <= stay.end && c.abated > stay.start)
      .flatMap((c) => icd10Codes(c.codes));
    // The ED visit that led to this admission is the same episode, not a "previous" visit.
    const ed = person.edVisits.filter(
      (v) => v.time >= stay.start - 182 * DAY && v.time < stay.start - DAY,
    ).length;
    const los = losDays(stay);
    const lace = laceIndex({
      losDays: los,
      acute: stay.acute,
      charlson: charlsonIndex(icd).score,
      edVisits6m: ed,
    });
    out.push(laceAssessment(person.id, stay.id, stay.end, lace, []));

    const hb = atDischarge(person, RISK_LOINC.HEMOGLOBIN, stay);
    const na = atDischarge(person, RISK_LOINC.SODIUM, stay);
    const prior = person.stays.filter(
      (s) => s.start < stay.start && s.start >= stay.start - 365 * DAY,
    ).length;
    const score = hospitalScore({
      hemoglobinGdl: hb?.value ?? undefined,
      sodiumMmolL: na?.value ?? undefined,
      oncology: stay.oncology,
      procedure: stay.procedure,
      urgent: stay.acute,
      admissions12m: prior,
      losDays: los,
    });
    const labs = [hb, na]
      .filter((m): m is Measurement => m !== undefined)
      .map((m) => `Observation/${m.id}`);
    out.push(hospitalAssessment(person.id, stay.id, stay.end, score, labs));
  }
  return out;
}
