/**
 * Programme measures of the integrated-care programme, set-based over the whole population.
 * Members are people with an EpisodeOfCare (active, on hold or finished) covering the day in
 * question; member-months follow the HEDIS General Guideline: a member contributes a month when
 * enrolled on its 15th day.
 */
import { TRANSITION_TASK_SYSTEM } from '@careweave/contract';
import type { AccessScope } from '../context.js';
import type { Queryable } from '../db/database.js';
import { scopeSql } from '../scope.js';
import { SqlParams } from '../sql-params.js';
import { day, rows, type CaseRow, type MeasureCase, type MeasurePeriod } from './cases.js';

/** Task codes written by care/assessments for a re-screening that is due (its work system). */
export const ASSESSMENT_WORK_SYSTEM = 'https://careweave.org/fhir/CodeSystem/assessment-work';
const RESCREEN = 'rescreen';

function episodes(scope: AccessScope, params: SqlParams): string {
  return `episodes AS NOT MATERIALIZED (
    SELECT e.patient_id, ${day("e.content->'period'->>'start'")} AS since,
           ${day("e.content->'period'->>'end'")} AS until
      FROM ${rows('e', 'EpisodeOfCare', scope, params)}
       AND e.content->>'status' IN ('active', 'onhold', 'finished'))`;
}

const member = (patient: string, at: string): string =>
  `EXISTS (SELECT 1 FROM episodes m WHERE m.patient_id = ${patient} AND m.since <= ${at} AND (m.until IS NULL OR m.until >= ${at}))`;

interface UtilisationRow extends CaseRow {
  ed: number;
  admissions: number;
}

/**
 * ED visits and inpatient admissions per member-month. One case per member-month (event
 * `Patient/<id>#YYYY-MM`): denominator 1 member-month, numerator the ED visits (class EMER) or
 * admissions (IMP, ACUTE, NONAC) that started in that month within the period.
 */
export async function utilisation(
  q: Queryable,
  scope: AccessScope,
  period: MeasurePeriod,
): Promise<{ edVisits: MeasureCase[]; admissions: MeasureCase[] }> {
  const params = new SqlParams();
  const with_ = episodes(scope, params);
  const start = params.add(period.start);
  const end = params.add(period.end);
  const encounters = (alias: string, classes: string): string =>
    `(SELECT count(*)::int FROM resource ${alias}
       WHERE ${alias}.resource_type = 'Encounter' AND ${alias}.patient_id = mm.patient_id AND NOT ${alias}.deleted
         AND ${alias}.tokens && ARRAY[${classes}]::text[] AND ${alias}.content->>'status' <> 'entered-in-error'
         AND ${scopeSql(scope, alias, params)}
         AND ${day(`${alias}.content->'period'->>'start'`)} BETWEEN GREATEST(mm.month, ${start}::date)
             AND LEAST((mm.month + interval '1 month')::date - 1, ${end}::date))`;
  const sql = `WITH ${with_},
  months AS (SELECT m::date AS month FROM generate_series(date_trunc('month', ${start}::date), ${end}::date, interval '1 month') m),
  mm AS (SELECT DISTINCT e.patient_id, mo.month FROM episodes e JOIN months mo
           ON e.since <= mo.month + 14 AND (e.until IS NULL OR e.until >= mo.month + 14)
         WHERE mo.month + 14 BETWEEN ${start}::date AND ${end}::date)
  SELECT mm.patient_id, 'Patient/' || mm.patient_id || '#' || to_char(mm.month, 'YYYY-MM') AS event,
         to_char(mm.month, 'YYYY-MM-DD') AS day, false AS excluded,
         ${encounters('x', "'class|*|EMER'")} AS ed,
         ${encounters('y', "'class|*|IMP', 'class|*|ACUTE', 'class|*|NONAC'")} AS admissions
    FROM mm ORDER BY mm.month, mm.patient_id`;
  const { rows: found } = await q.query<UtilisationRow>(sql, params.values);
  const toCase = (r: UtilisationRow, n: number): MeasureCase => ({
    patientId: r.patient_id,
    event: r.event,
    day: r.day,
    excluded: false,
    numerator: n,
    denominator: 1,
    observation: null,
  });
  return {
    edVisits: found.map((r) => toCase(r, r.ed)),
    admissions: found.map((r) => toCase(r, r.admissions)),
  };
}

interface ContactRow extends CaseRow {
  days: number | null;
}

/**
 * Days from discharge to first contact: each inpatient discharge in the period of a person who
 * was a member on the discharge date; the first contact is the earliest ambulatory, virtual or
 * home visit or completed contact step (post-discharge contact, engagement, follow-up,
 * medication reconciliation) from the discharge date (day 0) through day 30. Numerator: a
 * contact within 30 days; observation: the days. Excluded: died or discharged to hospice.
 */
export async function dischargeToContact(
  q: Queryable,
  scope: AccessScope,
  period: MeasurePeriod,
): Promise<MeasureCase[]> {
  const params = new SqlParams();
  const with_ = episodes(scope, params);
  const system = params.add(TRANSITION_TASK_SYSTEM);
  const start = params.add(period.start);
  const end = params.add(period.end);
  const sql = `WITH ${with_},
  stays AS NOT MATERIALIZED (
    SELECT s.id, s.patient_id, ${day("s.content->'period'->>'end'")} AS discharge,
           s.content->'hospitalization'->'dischargeDisposition'->'coding'->0->>'code' AS disposition
      FROM ${rows('s', 'Encounter', scope, params)}
       AND s.tokens && ARRAY['class|*|IMP', 'class|*|ACUTE', 'class|*|NONAC']::text[]
       AND s.content->>'status' = 'finished'),
  contacts AS NOT MATERIALIZED (
    SELECT v.patient_id, ${day("v.content->'period'->>'start'")} AS day
      FROM ${rows('v', 'Encounter', scope, params)}
       AND v.tokens && ARRAY['class|*|AMB', 'class|*|VR', 'class|*|HH']::text[]
       AND v.content->>'status' IN ('finished', 'in-progress')
    UNION ALL
    SELECT t.patient_id, ${day("COALESCE(t.content->'executionPeriod'->>'end', t.content->>'lastModified')")}
      FROM ${rows('t', 'Task', scope, params)}
       AND t.content->>'status' = 'completed'
       AND EXISTS (SELECT 1 FROM jsonb_array_elements(COALESCE(t.content->'code'->'coding', '[]'::jsonb)) c
                    WHERE c->>'system' = ${system}
                      AND c->>'code' IN ('post-discharge-contact', 'patient-engagement', 'follow-up-7-days',
                                         'follow-up-30-days', 'medication-reconciliation')))
  SELECT s.patient_id, 'Encounter/' || s.id AS event, to_char(s.discharge, 'YYYY-MM-DD') AS day,
         COALESCE(s.disposition IN ('exp', 'hosp'), false) AS excluded,
         (SELECT min(c.day) FROM contacts c WHERE c.patient_id = s.patient_id
             AND c.day BETWEEN s.discharge AND s.discharge + 30) - s.discharge AS days
    FROM stays s
   WHERE s.discharge BETWEEN ${start}::date AND ${end}::date AND ${member('s.patient_id', 's.discharge')}
   ORDER BY s.discharge, s.patient_id, s.id`;
  const { rows: found } = await q.query<ContactRow>(sql, params.values);
  return found.map((r) => ({
    patientId: r.patient_id,
    event: r.event,
    day: r.day,
    excluded: r.excluded,
    numerator: r.days === null ? 0 : 1,
    denominator: 1,
    observation: r.days,
  }));
}

interface FlagRow extends CaseRow {
  met: boolean;
}

const flagCase = (r: FlagRow): MeasureCase => ({
  patientId: r.patient_id,
  event: r.event,
  day: r.day,
  excluded: r.excluded,
  numerator: r.met ? 1 : 0,
  denominator: 1,
  observation: null,
});

/**
 * Share of high-risk people with an active care plan: people whose effective risk tier (a
 * clinician's override, else the computed tier) is high or very high, and who have an active
 * CarePlan. Both are the current state (the risk table keeps no history), dated the period's end.
 */
export async function highRiskWithActivePlan(
  q: Queryable,
  scope: AccessScope,
  period: MeasurePeriod,
): Promise<MeasureCase[]> {
  const params = new SqlParams();
  const end = params.add(period.end);
  const sql = `SELECT r.patient_id, 'Patient/' || r.patient_id AS event, ${end}::text AS day, false AS excluded,
         EXISTS (SELECT 1 FROM resource c WHERE c.resource_type = 'CarePlan' AND c.patient_id = r.patient_id
                   AND NOT c.deleted AND c.content->>'status' = 'active' AND ${scopeSql(scope, 'c', params)}) AS met
    FROM risk_patient r
    JOIN resource p ON p.resource_type = 'Patient' AND p.id = r.patient_id AND NOT p.deleted AND ${scopeSql(scope, 'p', params)}
   WHERE COALESCE(r.override_tier, r.tier) IN ('high', 'very-high')
   ORDER BY r.patient_id`;
  const { rows: found } = await q.query<FlagRow>(sql, params.values);
  return found.map(flagCase);
}

/**
 * Referral loop closure: referrals (ServiceRequest) authored in the period; closed when the
 * request is completed. Drafts and entries in error are excluded.
 */
export async function referralLoopClosure(
  q: Queryable,
  scope: AccessScope,
  period: MeasurePeriod,
): Promise<MeasureCase[]> {
  const params = new SqlParams();
  const start = params.add(period.start);
  const end = params.add(period.end);
  const authored = day("r.content->>'authoredOn'");
  const sql = `SELECT r.patient_id, 'ServiceRequest/' || r.id AS event, to_char(${authored}, 'YYYY-MM-DD') AS day,
         r.content->>'status' IN ('draft', 'entered-in-error') AS excluded,
         r.content->>'status' = 'completed' AS met
    FROM ${rows('r', 'ServiceRequest', scope, params)}
     AND ${authored} BETWEEN ${start}::date AND ${end}::date
   ORDER BY ${authored}, r.patient_id, r.id`;
  const { rows: found } = await q.query<FlagRow>(sql, params.values);
  return found.map(flagCase);
}

/**
 * Goal attainment: goals with a target due in the period (the earliest due date), except those
 * proposed, rejected, cancelled or entered in error; attained when the achievement status is
 * achieved or sustaining.
 */
export async function goalAttainment(
  q: Queryable,
  scope: AccessScope,
  period: MeasurePeriod,
): Promise<MeasureCase[]> {
  const params = new SqlParams();
  const start = params.add(period.start);
  const end = params.add(period.end);
  const sql = `SELECT g.patient_id, 'Goal/' || g.id AS event, to_char(d.due, 'YYYY-MM-DD') AS day, false AS excluded,
         COALESCE(g.content->'achievementStatus'->'coding'->0->>'code' IN ('achieved', 'sustaining'), false) AS met
    FROM resource g
   CROSS JOIN LATERAL (SELECT min(${day("t->>'dueDate'")}) AS due
                         FROM jsonb_array_elements(COALESCE(g.content->'target', '[]'::jsonb)) t) d
   WHERE g.resource_type = 'Goal' AND NOT g.deleted AND g.patient_id IS NOT NULL AND ${scopeSql(scope, 'g', params)}
     AND g.content->>'lifecycleStatus' NOT IN ('proposed', 'rejected', 'cancelled', 'entered-in-error')
     AND d.due BETWEEN ${start}::date AND ${end}::date
   ORDER BY d.due, g.patient_id, g.id`;
  const { rows: found } = await q.query<FlagRow>(sql, params.values);
  return found.map(flagCase);
}

/**
 * Assessment completion: re-screening tasks (written by care/assessments) due in the period
 * (`restriction.period.end`), except those cancelled, rejected or entered in error; completed
 * when the task is.
 */
export async function assessmentCompletion(
  q: Queryable,
  scope: AccessScope,
  period: MeasurePeriod,
): Promise<MeasureCase[]> {
  const params = new SqlParams();
  const start = params.add(period.start);
  const end = params.add(period.end);
  const code = params.add(`${ASSESSMENT_WORK_SYSTEM}|${RESCREEN}`);
  const due = day("t.content->'restriction'->'period'->>'end'");
  const sql = `SELECT t.patient_id, 'Task/' || t.id AS event, to_char(${due}, 'YYYY-MM-DD') AS day,
         t.content->>'status' IN ('cancelled', 'rejected', 'entered-in-error') AS excluded,
         t.content->>'status' = 'completed' AS met
    FROM ${rows('t', 'Task', scope, params)}
     AND EXISTS (SELECT 1 FROM jsonb_array_elements(COALESCE(t.content->'code'->'coding', '[]'::jsonb)) c
                  WHERE (c->>'system') || '|' || (c->>'code') = ${code})
     AND ${due} BETWEEN ${start}::date AND ${end}::date
   ORDER BY ${due}, t.patient_id, t.id`;
  const { rows: found } = await q.query<FlagRow>(sql, params.values);
  return found.map(flagCase);
}
