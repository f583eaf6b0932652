/**
 * Care-transition measures as set-based SQL over the whole population (one statement per
 * measure family), following the HEDIS Measurement Year 2025 technical specifications
 * (NCQA, HEDIS MY 2025 Volume 2). Transition steps are the completed `Task`s of the contract's
 * transition vocabulary (`focus` = the stay, done on `executionPeriod.end`, else `lastModified`);
 * visits are ambulatory, virtual and home Encounters. Simplifications are listed in
 * `care/src/measures/README.md` and repeated on each `Measure` resource.
 */
import {
  FUH_MENTAL_ILLNESS_ICD10_PREFIXES,
  ICD10_SYSTEMS,
  TRANSITION_TASK_SYSTEM,
} from '@careweave/contract';
import type { AccessScope } from '../context.js';
import type { Queryable } from '../db/database.js';
import { scopeSql } from '../scope.js';
import { SqlParams } from '../sql-params.js';
import { day, rows, type CaseRow, type MeasureCase, type MeasurePeriod } from './cases.js';

const ICD10CM = 'http://hl7.org/fhir/sid/icd-10-cm';
const SNOMED = 'http://snomed.info/sct';
const CPT = 'http://www.ama-assn.org/go/cpt';

/**
 * The contract's FUH list (HEDIS "Mental Illness" and "Intentional Self-Harm" value sets as
 * ICD-10-CM prefixes, shared with the transitions protocol) as one anchored pattern over the code
 * without its dot.
 */
const MENTAL_ILLNESS = `^(${FUH_MENTAL_ILLNESS_ICD10_PREFIXES.join('|')})`;

/**
 * The chronic-condition groups of HEDIS FMC (Follow-Up After ED Visit for People With
 * Multiple High-Risk Chronic Conditions), by ICD-10-CM prefix.
 */
const CHRONIC_GROUP = (code: string): string => `CASE
    WHEN ${code} ~ '^J4[1-5]' THEN 'copd-asthma'
    WHEN ${code} ~ '^(F0[1-3]|G30)' THEN 'dementia'
    WHEN ${code} ~ '^N18' THEN 'ckd'
    WHEN ${code} ~ '^F3[23]' THEN 'depression'
    WHEN ${code} ~ '^I50' THEN 'heart-failure'
    WHEN ${code} ~ '^I2[12]' THEN 'acute-mi'
    WHEN ${code} ~ '^I48' THEN 'atrial-fibrillation'
    WHEN ${code} ~ '^(I63|G45)' THEN 'stroke-tia'
  END`;

/** Discharge dispositions (HL7 discharge-disposition) that remove a stay: died, hospice. */
const DIED_OR_HOSPICE = `('exp', 'hosp')`;

/** Task codes that are a contact with the person after discharge. */
const CONTACT_STEPS = `('post-discharge-contact', 'patient-engagement', 'follow-up-7-days', 'follow-up-30-days')`;

/**
 * The shared pieces: acute/non-acute inpatient stays, visits, completed transition steps and
 * people's birth dates. `NOT MATERIALIZED` lets each correlated probe use the `patient_id` index
 * rather than scanning a materialised CTE once per outer row.
 */
function ctes(scope: AccessScope, params: SqlParams): string {
  const system = params.add(TRANSITION_TASK_SYSTEM);
  return `stays AS NOT MATERIALIZED (
    SELECT s.id, s.patient_id, ${day("s.content->'period'->>'start'")} AS admit,
           ${day("s.content->'period'->>'end'")} AS discharge,
           s.content->'hospitalization'->'dischargeDisposition'->'coding'->0->>'code' AS disposition,
           s.content
      FROM ${rows('s', 'Encounter', scope, params)}
       AND s.tokens && ARRAY['class|*|IMP', 'class|*|ACUTE', 'class|*|NONAC']::text[]
       AND s.content->>'status' = 'finished'),
  visits AS NOT MATERIALIZED (
    SELECT v.id, v.patient_id, ${day("v.content->'period'->>'start'")} AS day
      FROM ${rows('v', 'Encounter', scope, params)}
       AND v.tokens && ARRAY['class|*|AMB', 'class|*|VR', 'class|*|HH']::text[]
       AND v.content->>'status' IN ('finished', 'in-progress')),
  steps AS NOT MATERIALIZED (
    SELECT t.patient_id, t.content->'focus'->>'reference' AS focus, c->>'code' AS code,
           ${day("COALESCE(t.content->'executionPeriod'->>'end', t.content->>'lastModified')")} AS day
      FROM resource t CROSS JOIN LATERAL jsonb_array_elements(COALESCE(t.content->'code'->'coding', '[]'::jsonb)) c
     WHERE t.resource_type = 'Task' AND NOT t.deleted AND t.patient_id IS NOT NULL
       AND t.content->>'status' = 'completed' AND c->>'system' = ${system}
       AND ${scopeSql(scope, 't', params)}),
  people AS NOT MATERIALIZED (
    SELECT p.id, ${day("p.content->>'birthDate'")} AS birth
      FROM resource p WHERE p.resource_type = 'Patient' AND NOT p.deleted AND ${scopeSql(scope, 'p', params)})`;
}

const age = (at: string): string => `date_part('year', age(${at}, pp.birth))`;
const step = (alias: string, codes: string, from: string, to: string): string =>
  `EXISTS (SELECT 1 FROM steps t WHERE t.patient_id = ${alias}.patient_id AND t.focus = 'Encounter/' || ${alias}.id AND t.code IN ${codes} AND t.day BETWEEN ${from} AND ${to})`;
const visit = (alias: string, from: string, to: string): string =>
  `EXISTS (SELECT 1 FROM visits v WHERE v.patient_id = ${alias}.patient_id AND v.day BETWEEN ${from} AND ${to})`;
const laterStay = (alias: string, from: string, to: string): string =>
  `EXISTS (SELECT 1 FROM stays r WHERE r.patient_id = ${alias}.patient_id AND r.id <> ${alias}.id AND r.admit BETWEEN ${from} AND ${to})`;

function toCase(
  row: CaseRow,
  numerator: boolean | number,
  observation: number | null = null,
): MeasureCase {
  return {
    patientId: row.patient_id,
    event: row.event,
    day: row.day,
    excluded: row.excluded,
    numerator: Number(numerator),
    denominator: 1,
    observation,
  };
}

interface FuhRow extends CaseRow {
  within7: boolean;
  within30: boolean;
}

/**
 * FUH — Follow-Up After Hospitalization for Mental Illness (HEDIS MY 2025). Denominator: acute
 * inpatient discharges with a principal diagnosis of mental illness or intentional self-harm,
 * on or between the period's start and 30 days before its end (Jan 1–Dec 1 for a calendar
 * year), aged 6 or over on the discharge date. Exclusions: died or discharged to hospice;
 * readmitted or transferred to an inpatient setting within the 30-day follow-up period.
 * Numerators: a follow-up visit within 7 / 30 days after discharge — visits on the discharge
 * date do not count.
 */
export async function followUpAfterMentalIllness(
  q: Queryable,
  scope: AccessScope,
  period: MeasurePeriod,
): Promise<{ fuh7: MeasureCase[]; fuh30: MeasureCase[] }> {
  const params = new SqlParams();
  const with_ = ctes(scope, params);
  const start = params.add(period.start);
  const end = params.add(period.end);
  const icd = params.add([...ICD10_SYSTEMS]);
  const mentalIllness = params.add(MENTAL_ILLNESS);
  const sql = `WITH ${with_}
  SELECT s.patient_id, 'Encounter/' || s.id AS event, to_char(s.discharge, 'YYYY-MM-DD') AS day,
         (COALESCE(s.disposition IN ${DIED_OR_HOSPICE}, false) OR ${laterStay('s', 's.discharge', 's.discharge + 30')}) AS excluded,
         (${visit('s', 's.discharge + 1', 's.discharge + 7')} OR ${step('s', "('follow-up-7-days', 'follow-up-30-days')", 's.discharge + 1', 's.discharge + 7')}) AS within7,
         (${visit('s', 's.discharge + 1', 's.discharge + 30')} OR ${step('s', "('follow-up-7-days', 'follow-up-30-days')", 's.discharge + 1', 's.discharge + 30')}) AS within30
    FROM stays s JOIN people pp ON pp.id = s.patient_id
   WHERE s.discharge BETWEEN ${start}::date AND ${end}::date - 30
     AND ${age('s.discharge')} >= 6
     AND EXISTS (
       SELECT 1
         FROM (SELECT x->'condition'->>'reference' AS ref
                 FROM jsonb_array_elements(COALESCE(s.content->'diagnosis',
                        jsonb_build_array(jsonb_build_object('condition', s.content->'reasonReference'->0)))) WITH ORDINALITY d(x, n)
                ORDER BY COALESCE((x->>'rank')::int, 2147483647), n LIMIT 1) principal
         JOIN resource c ON c.resource_type = 'Condition' AND c.patient_id = s.patient_id AND 'Condition/' || c.id = principal.ref
              AND NOT c.deleted AND ${scopeSql(scope, 'c', params)}
        CROSS JOIN LATERAL jsonb_array_elements(COALESCE(c.content->'code'->'coding', '[]'::jsonb)) cc
        WHERE cc->>'system' = ANY(${icd}::text[])
          AND upper(replace(cc->>'code', '.', '')) ~ ${mentalIllness})
   ORDER BY s.discharge, s.patient_id, s.id`;
  const { rows: found } = await q.query<FuhRow>(sql, params.values);
  return {
    fuh7: found.map((r) => toCase(r, r.within7)),
    fuh30: found.map((r) => toCase(r, r.within30)),
  };
}

interface TrcRow extends CaseRow {
  notified: boolean;
  informed: boolean;
  engaged: boolean;
  reconciled: boolean;
}

/** The four TRC components' cases. */
export interface TransitionsOfCareCases {
  admissionNotification: MeasureCase[];
  dischargeInformation: MeasureCase[];
  patientEngagement: MeasureCase[];
  medicationReconciliation: MeasureCase[];
}

/**
 * TRC — Transitions of Care (HEDIS MY 2025). Denominator: acute or non-acute inpatient
 * discharges on or between the period's start and 30 days before its end, aged 18 or over.
 * Exclusions: died or discharged to hospice. Components:
 * - Notification of Inpatient Admission: on the day of admission through 2 days after (3 days);
 * - Receipt of Discharge Information: on the day of discharge through 2 days after (3 days);
 * - Patient Engagement After Inpatient Discharge: within 30 days after discharge, not on the
 *   discharge date (a visit, or a completed contact/engagement/follow-up step);
 * - Medication Reconciliation Post-Discharge: on the discharge date through 30 days after
 *   (31 days): a completed reconciliation step, or a Procedure SNOMED CT 430193006 "Medication
 *   reconciliation" / CPT II 1111F.
 */
export async function transitionsOfCare(
  q: Queryable,
  scope: AccessScope,
  period: MeasurePeriod,
): Promise<TransitionsOfCareCases> {
  const params = new SqlParams();
  const with_ = ctes(scope, params);
  const start = params.add(period.start);
  const end = params.add(period.end);
  const medRec = params.add([`${SNOMED}|430193006`, `${CPT}|1111F`]);
  const sql = `WITH ${with_}
  SELECT s.patient_id, 'Encounter/' || s.id AS event, to_char(s.discharge, 'YYYY-MM-DD') AS day,
         COALESCE(s.disposition IN ${DIED_OR_HOSPICE}, false) AS excluded,
         ${step('s', "('admission-notification')", 's.admit', 's.admit + 2')} AS notified,
         ${step('s', "('discharge-information')", 's.discharge', 's.discharge + 2')} AS informed,
         (${visit('s', 's.discharge + 1', 's.discharge + 30')} OR ${step('s', CONTACT_STEPS, 's.discharge + 1', 's.discharge + 30')}) AS engaged,
         (${step('s', "('medication-reconciliation')", 's.discharge', 's.discharge + 30')}
          OR EXISTS (SELECT 1 FROM resource pr
                      WHERE pr.resource_type = 'Procedure' AND pr.patient_id = s.patient_id AND NOT pr.deleted
                        AND pr.content->>'status' = 'completed' AND ${scopeSql(scope, 'pr', params)}
                        AND EXISTS (SELECT 1 FROM jsonb_array_elements(COALESCE(pr.content->'code'->'coding', '[]'::jsonb)) pc
                                     WHERE (pc->>'system') || '|' || (pc->>'code') = ANY(${medRec}::text[]))
                        AND ${day("COALESCE(pr.content->>'performedDateTime', pr.content->'performedPeriod'->>'start')")}
                            BETWEEN s.discharge AND s.discharge + 30)) AS reconciled
    FROM stays s JOIN people pp ON pp.id = s.patient_id
   WHERE s.discharge BETWEEN ${start}::date AND ${end}::date - 30
     AND ${age('s.discharge')} >= 18
   ORDER BY s.discharge, s.patient_id, s.id`;
  const { rows: found } = await q.query<TrcRow>(sql, params.values);
  return {
    admissionNotification: found.map((r) => toCase(r, r.notified)),
    dischargeInformation: found.map((r) => toCase(r, r.informed)),
    patientEngagement: found.map((r) => toCase(r, r.engaged)),
    medicationReconciliation: found.map((r) => toCase(r, r.reconciled)),
  };
}

interface PcrRow extends CaseRow {
  readmitted: boolean;
}

/**
 * PCR — Plan All-Cause Readmissions, observed rate (HEDIS MY 2025). Denominator: acute
 * inpatient discharges (index stays) on or between the period's start and 30 days before its
 * end, aged 18 or over. Exclusions: died during the stay; a direct transfer (another admission
 * on the discharge date: the stays are one episode). Numerator: another inpatient admission 1
 * to 30 days after the index discharge (day 30 counts, day 31 does not).
 */
export async function allCauseReadmissions(
  q: Queryable,
  scope: AccessScope,
  period: MeasurePeriod,
): Promise<MeasureCase[]> {
  const params = new SqlParams();
  const with_ = ctes(scope, params);
  const start = params.add(period.start);
  const end = params.add(period.end);
  const sql = `WITH ${with_}
  SELECT s.patient_id, 'Encounter/' || s.id AS event, to_char(s.discharge, 'YYYY-MM-DD') AS day,
         (COALESCE(s.disposition = 'exp', false) OR ${laterStay('s', 's.discharge', 's.discharge')}) AS excluded,
         ${laterStay('s', 's.discharge + 1', 's.discharge + 30')} AS readmitted
    FROM stays s JOIN people pp ON pp.id = s.patient_id
   WHERE s.discharge BETWEEN ${start}::date AND ${end}::date - 30
     AND ${age('s.discharge')} >= 18
   ORDER BY s.discharge, s.patient_id, s.id`;
  const { rows: found } = await q.query<PcrRow>(sql, params.values);
  return found.map((r) => toCase(r, r.readmitted));
}

interface FmcRow extends CaseRow {
  followed: boolean;
}

/**
 * FMC — Follow-Up After Emergency Department Visit for People With Multiple High-Risk Chronic
 * Conditions (HEDIS MY 2025). Denominator: ED visits on or between the period's start and 7 days
 * before its end (Jan 1–Dec 24), aged 18 or over, by people with two or more of the chronic
 * condition groups, diagnosed on or before the visit and not resolved before the start of the
 * previous year. Exclusions: an inpatient admission on the visit date or within 7 days after.
 * Numerator: a follow-up within 7 days after the visit, the visit date included (8 days).
 */
export async function edFollowUpMultipleChronic(
  q: Queryable,
  scope: AccessScope,
  period: MeasurePeriod,
): Promise<MeasureCase[]> {
  const params = new SqlParams();
  const with_ = ctes(scope, params);
  const start = params.add(period.start);
  const end = params.add(period.end);
  const icd = params.add(ICD10CM);
  const sql = `WITH ${with_},
  eds AS NOT MATERIALIZED (
    SELECT e.id, e.patient_id, ${day("e.content->'period'->>'start'")} AS day
      FROM ${rows('e', 'Encounter', scope, params)}
       AND e.tokens @> ARRAY['class|*|EMER']::text[] AND e.content->>'status' = 'finished'),
  chronic AS NOT MATERIALIZED (
    SELECT c.patient_id, g.grp,
           ${day("COALESCE(c.content->>'onsetDateTime', c.content->'onsetPeriod'->>'start', c.content->>'recordedDate')")} AS since,
           ${day("COALESCE(c.content->>'abatementDateTime', c.content->'abatementPeriod'->>'end')")} AS until
      FROM resource c
     CROSS JOIN LATERAL (SELECT ${CHRONIC_GROUP("cc->>'code'")} AS grp
                           FROM jsonb_array_elements(COALESCE(c.content->'code'->'coding', '[]'::jsonb)) cc
                          WHERE cc->>'system' = ${icd}) g
     WHERE c.resource_type = 'Condition' AND NOT c.deleted AND c.patient_id IS NOT NULL AND g.grp IS NOT NULL
       AND COALESCE(c.content->'verificationStatus'->'coding'->0->>'code', '') NOT IN ('refuted', 'entered-in-error')
       AND ${scopeSql(scope, 'c', params)})
  SELECT e.patient_id, 'Encounter/' || e.id AS event, to_char(e.day, 'YYYY-MM-DD') AS day,
         ${laterStay('e', 'e.day', 'e.day + 7')} AS excluded,
         (${visit('e', 'e.day', 'e.day + 7')} OR ${step('e', "('follow-up-7-days', 'post-discharge-contact', 'patient-engagement')", 'e.day', 'e.day + 7')}) AS followed
    FROM eds e JOIN people pp ON pp.id = e.patient_id
   WHERE e.day BETWEEN ${start}::date AND ${end}::date - 7
     AND ${age('e.day')} >= 18
     AND (SELECT count(DISTINCT ch.grp) FROM chronic ch
           WHERE ch.patient_id = e.patient_id AND (ch.since IS NULL OR ch.since <= e.day)
             AND (ch.until IS NULL OR ch.until >= make_date(date_part('year', e.day)::int - 1, 1, 1))) >= 2
   ORDER BY e.day, e.patient_id, e.id`;
  const { rows: found } = await q.query<FmcRow>(sql, params.values);
  return found.map((r) => toCase(r, r.followed));
}
