/**
 * What value-based payment reads (care/payment states the rules): paid claims per member-month,
 * the primary-care visits attribution counts, and the members' risk attributes. Set-based, one
 * statement each, with the caller's access scope in the SQL.
 */
import type { AccessScope } from '../context.js';
import type { Queryable } from '../db/database.js';
import { day, rows } from '../measures/cases.js';
import { scopeSql } from '../scope.js';
import { SqlParams } from '../sql-params.js';

/** Days, `YYYY-MM-DD`, both included. */
export interface ClaimWindow {
  start: string;
  end: string;
}

/** Paid claims of one person in one calendar month. */
export interface MemberMonthCost {
  patientId: string;
  /** `YYYY-MM` */
  month: string;
  paid: number;
}

/** One paid claim for a primary-care service. */
export interface PrimaryCareVisit {
  patientId: string;
  /** Service date, `YYYY-MM-DD`. */
  day: string;
  claim: string;
  /** `Practitioner/…` who saw the person (the claim's care team, else the encounter's attender). */
  practitioner: string | null;
  /** `Organization/…` that billed (the claim's provider, else the encounter's service provider). */
  organization: string | null;
  paid: number;
}

/** What risk adjustment needs of a member. */
export interface PaymentMemberAttributes {
  patientId: string;
  name: string;
  birthDate: string | null;
  gender: string | null;
  /** Distinct ICD-10-CM categories (three characters) of the person's current conditions. */
  conditionCategories: number;
}

const ADJUDICATION = 'http://terminology.hl7.org/CodeSystem/adjudication';
const CPT = 'http://www.ama-assn.org/go/cpt';
const ICD10CM = 'http://hl7.org/fhir/sid/icd-10-cm';

/** The paid (benefit) amount of a claim: the `benefit` total, else `payment.amount`, else 0. */
function paidSql(alias: string, params: SqlParams): string {
  const system = params.add(ADJUDICATION);
  return `COALESCE(
    (SELECT sum((t->'amount'->>'value')::numeric) FROM jsonb_array_elements(COALESCE(${alias}.content->'total', '[]'::jsonb)) t
      WHERE EXISTS (SELECT 1 FROM jsonb_array_elements(COALESCE(t->'category'->'coding', '[]'::jsonb)) c
                     WHERE c->>'system' = ${system} AND c->>'code' = 'benefit')),
    (${alias}.content->'payment'->'amount'->>'value')::numeric, 0)::float8`;
}

const serviceDay = (alias: string): string =>
  day(
    `COALESCE(${alias}.content->'billablePeriod'->>'start', ${alias}.content->'billablePeriod'->>'end', ${alias}.content->>'created')`,
  );

const claims = (alias: string, scope: AccessScope, params: SqlParams): string =>
  `${rows(alias, 'ExplanationOfBenefit', scope, params)} AND ${alias}.content->>'status' <> 'entered-in-error'`;

/** Paid claims per person and month of service within the window. */
export async function memberMonthCosts(
  q: Queryable,
  scope: AccessScope,
  window: ClaimWindow,
): Promise<MemberMonthCost[]> {
  const params = new SqlParams();
  const from = claims('b', scope, params);
  const paid = paidSql('b', params);
  const start = params.add(window.start);
  const end = params.add(window.end);
  const sql = `SELECT x.patient_id AS "patientId", to_char(x.d, 'YYYY-MM') AS month, sum(x.paid)::float8 AS paid
    FROM (SELECT b.patient_id, ${serviceDay('b')} AS d, ${paid} AS paid FROM ${from}) x
   WHERE x.d BETWEEN ${start}::date AND ${end}::date
   GROUP BY 1, 2 ORDER BY 1, 2`;
  return (await q.query<MemberMonthCost>(sql, params.values)).rows;
}

/** Claims for the given primary-care CPT codes within the window, oldest first. */
export async function primaryCareVisits(
  q: Queryable,
  scope: AccessScope,
  window: ClaimWindow,
  cptCodes: readonly string[],
): Promise<PrimaryCareVisit[]> {
  const params = new SqlParams();
  const from = claims('b', scope, params);
  const paid = paidSql('b', params);
  const cpt = params.add(CPT);
  const codes = params.add([...cptCodes]);
  const start = params.add(window.start);
  const end = params.add(window.end);
  const practitionerOf = (expr: string, path: string): string =>
    `jsonb_path_query_first(${expr}, '${path} ? (@ starts with "Practitioner/")') #>> '{}'`;
  const sql = `SELECT v.patient_id AS "patientId", to_char(v.d, 'YYYY-MM-DD') AS day, 'ExplanationOfBenefit/' || v.id AS claim,
         COALESCE(${practitionerOf('v.content', '$.careTeam[*].provider.reference')},
                  ${practitionerOf('e.content', '$.participant[*].individual.reference')}) AS practitioner,
         COALESCE(CASE WHEN v.content->'provider'->>'reference' LIKE 'Organization/%' THEN v.content->'provider'->>'reference' END,
                  e.content->'serviceProvider'->>'reference') AS organization,
         v.paid
    FROM (SELECT b.id, b.patient_id, b.content, ${serviceDay('b')} AS d, ${paid} AS paid
            FROM ${from}
             AND EXISTS (SELECT 1 FROM jsonb_array_elements(COALESCE(b.content->'item', '[]'::jsonb)) i,
                                       jsonb_array_elements(COALESCE(i->'productOrService'->'coding', '[]'::jsonb)) c
                          WHERE c->>'system' = ${cpt} AND c->>'code' = ANY(${codes}::text[]))) v
    LEFT JOIN resource e ON e.resource_type = 'Encounter' AND NOT e.deleted
          AND e.id = split_part(v.content->'item'->0->'encounter'->0->>'reference', '/', 2)
          AND ${scopeSql(scope, 'e', params)}
   WHERE v.d BETWEEN ${start}::date AND ${end}::date
   ORDER BY v.d, v.id`;
  return (await q.query<PrimaryCareVisit>(sql, params.values)).rows;
}

/** The last day with a claim the scope sees, or null when there is none. */
export async function lastClaimDay(q: Queryable, scope: AccessScope): Promise<string | null> {
  const params = new SqlParams();
  const sql = `SELECT to_char(max(${serviceDay('b')}), 'YYYY-MM-DD') AS last FROM ${claims('b', scope, params)}`;
  const { rows: found } = await q.query<{ last: string | null }>(sql, params.values);
  return found[0]?.last ?? null;
}

const humanName = (expr: string): string =>
  `NULLIF(trim(COALESCE(${expr}->0->>'text',
     concat_ws(' ', (SELECT string_agg(g, ' ') FROM jsonb_array_elements_text(COALESCE(${expr}->0->'given', '[]'::jsonb)) g), ${expr}->0->>'family'))), '')`;

/** Name, birth date, sex and condition categories of these people, within the scope. */
export async function paymentMembers(
  q: Queryable,
  scope: AccessScope,
  patientIds: readonly string[],
): Promise<PaymentMemberAttributes[]> {
  const params = new SqlParams();
  const ids = params.add([...patientIds]);
  const icd = params.add(ICD10CM);
  const sql = `SELECT p.id AS "patientId", COALESCE(${humanName("p.content->'name'")}, p.id) AS name,
         p.content->>'birthDate' AS "birthDate", p.content->>'gender' AS gender,
         (SELECT count(DISTINCT left(c->>'code', 3))::int
            FROM resource k, jsonb_array_elements(COALESCE(k.content->'code'->'coding', '[]'::jsonb)) c
           WHERE k.resource_type = 'Condition' AND k.patient_id = p.id AND NOT k.deleted
             AND c->>'system' = ${icd}
             AND COALESCE(k.content->'clinicalStatus'->'coding'->0->>'code', 'active') IN ('active', 'recurrence', 'relapse')
             AND COALESCE(k.content->'verificationStatus'->'coding'->0->>'code', 'confirmed') NOT IN ('refuted', 'entered-in-error')
             AND ${scopeSql(scope, 'k', params)}) AS "conditionCategories"
    FROM resource p
   WHERE p.resource_type = 'Patient' AND NOT p.deleted AND p.id = ANY(${ids}::text[])
     AND ${scopeSql(scope, 'p', params)}
   ORDER BY p.id`;
  return (await q.query<PaymentMemberAttributes>(sql, params.values)).rows;
}

/** Display names of Practitioners and Organizations (shared directory resources), by reference. */
export async function directoryNames(
  q: Queryable,
  references: readonly string[],
): Promise<Map<string, string>> {
  if (references.length === 0) return new Map();
  const params = new SqlParams();
  const refs = params.add([...references]);
  const sql = `SELECT r.resource_type || '/' || r.id AS ref,
         CASE WHEN r.resource_type = 'Organization' THEN r.content->>'name' ELSE ${humanName("r.content->'name'")} END AS name
    FROM resource r
   WHERE NOT r.deleted AND (r.resource_type, r.id) IN (
           SELECT split_part(x, '/', 1), split_part(x, '/', 2) FROM unnest(${refs}::text[]) x
            WHERE split_part(x, '/', 1) IN ('Practitioner', 'Organization'))`;
  const { rows: found } = await q.query<{ ref: string; name: string | null }>(sql, params.values);
  return new Map(found.filter((r) => r.name).map((r) => [r.ref, r.name ?? r.ref]));
}
