/**
 * Set-based reads of everything population risk stratification needs: a handful of
 * statements over the whole `resource` table — or over some patients — never one query per person.
 * Values are extracted from the JSON in SQL so only small typed rows cross the wire.
 */
import type { Database, Queryable, SqlValue } from '../db/database.js';

/** Which patients to read: all of them, or these ids. */
export interface RiskInputScope {
  patientIds?: readonly string[];
}

/** A Patient's demographics. */
export interface PatientRow {
  id: string;
  birthDate: string | null;
  gender: string | null;
  /** `Organization/<id>` of `managingOrganization`. */
  organization: string | null;
  deceased: boolean;
}

/** A Condition: every `system|code` of its code and categories, status and dates. */
export interface ConditionRow {
  patientId: string;
  id: string;
  codes: string[];
  categories: string[];
  clinicalStatus: string | null;
  verificationStatus: string | null;
  /** recordedDate, else onset (dateTime or Period start). */
  recorded: string | null;
  abated: string | null;
  text: string | null;
}

/** An inpatient or emergency Encounter. */
export interface EncounterRow {
  patientId: string;
  id: string;
  /** v3 ActCode class: IMP, EMER, ACUTE, NONAC, OBSENC. */
  class: string;
  start: string | null;
  end: string | null;
  admitSource: string | null;
  priority: string | null;
  /** `system|code` of `type` and `serviceType` codings. */
  types: string[];
  serviceProvider: string | null;
}

/** An Observation of one of the requested LOINC codes. */
export interface ObservationRow {
  patientId: string;
  id: string;
  code: string;
  effective: string | null;
  /** valueQuantity.value or valueInteger. */
  value: number | null;
  /** First code of valueCodeableConcept. */
  valueCode: string | null;
  /** `Encounter/<id>`. */
  encounter: string | null;
}

/** An EpisodeOfCare (programme enrolment). */
export interface EpisodeRow {
  patientId: string;
  id: string;
  status: string | null;
  types: string[];
  start: string | null;
  end: string | null;
}

/** A Procedure, for the HOSPITAL score's "procedure during the stay". */
export interface ProcedureRow {
  patientId: string;
  id: string;
  encounter: string | null;
  performed: string | null;
}

/** A RiskAssessment of one method (clinician overrides of a tier). */
export interface AssessmentRow {
  patientId: string;
  id: string;
  status: string | null;
  /** The code of `prediction[0].qualitativeRisk`. */
  risk: string | null;
  occurrence: string | null;
  lastUpdated: Date;
}

/** What to read besides the fixed inputs. */
export interface RiskInputOptions {
  /** LOINC codes of the Observations to read. */
  loinc: readonly string[];
  /** `system|code` of the RiskAssessment method whose assessments to read (e.g. overrides). */
  assessmentMethod?: string;
}

/** Every input row of the requested patients. */
export interface RiskInputs {
  patients: PatientRow[];
  conditions: ConditionRow[];
  encounters: EncounterRow[];
  observations: ObservationRow[];
  episodes: EpisodeRow[];
  procedures: ProcedureRow[];
  assessments: AssessmentRow[];
}

/** Encounter classes read (v3 ActCode): inpatient, emergency and their variants. */
export const RISK_ENCOUNTER_CLASSES = ['IMP', 'ACUTE', 'NONAC', 'EMER', 'OBSENC'] as const;
const ACT_CODE = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';
const LOINC = 'http://loinc.org';

/** The resource types whose changes can change a person's risk (for incremental runs). */
export const RISK_INPUT_TYPES = [
  'Patient',
  'Condition',
  'Encounter',
  'Observation',
  'EpisodeOfCare',
  'Procedure',
] as const;

function patientFilter(scope: RiskInputScope, params: SqlValue[], column = 'patient_id'): string {
  if (!scope.patientIds) {
    return `${column} IS NOT NULL`;
  }
  params.push([...scope.patientIds]);
  return `${column} = ANY($${params.length}::text[])`;
}

const codings = (path: string): string =>
  `ARRAY(SELECT COALESCE(c->>'system', '') || '|' || (c->>'code') FROM jsonb_array_elements(COALESCE(${path}, '[]'::jsonb)) c WHERE c ? 'code')`;

/**
 * Arrays travel as one string joined by U+001F (unit separator) and are split here: parsing
 * PostgreSQL array literals in the driver costs more than the query on 300,000 rows.
 */
const joined = (arraySql: string): string => `array_to_string(${arraySql}, chr(31))`;
const split = (value: string | null): string[] => (value ? value.split('\u001f') : []);

/**
 * Runs a big read with enough `work_mem` that its bitmap heap scan stays exact (a lossy bitmap
 * rechecks every row of every page it touches: twice the time on 20,000 people).
 */
async function bigRead<T extends object>(
  db: Database,
  sql: string,
  params: SqlValue[],
): Promise<T[]> {
  return db.transaction(async (tx) => {
    await tx.query("SET LOCAL work_mem = '64MB'");
    return (await tx.query<T>(sql, params)).rows;
  });
}

/** Reads the inputs of risk stratification for all patients or some. */
export async function loadRiskInputs(
  db: Database,
  scope: RiskInputScope,
  options: RiskInputOptions,
): Promise<RiskInputs> {
  const [patients, conditions, encounters, observations, episodes, procedures, assessments] =
    await Promise.all([
      readPatients(db, scope),
      readConditions(db, scope),
      readEncounters(db, scope),
      readObservations(db, scope, options.loinc),
      readEpisodes(db, scope),
      readProcedures(db, scope),
      options.assessmentMethod
        ? readAssessments(db, scope, options.assessmentMethod)
        : Promise.resolve([]),
    ]);
  return { patients, conditions, encounters, observations, episodes, procedures, assessments };
}

async function readPatients(db: Queryable, scope: RiskInputScope): Promise<PatientRow[]> {
  const params: SqlValue[] = [];
  const { rows } = await db.query<PatientRow>(
    `SELECT id, content->>'birthDate' AS "birthDate", content->>'gender' AS gender,
            content->'managingOrganization'->>'reference' AS organization,
            (content ? 'deceasedDateTime' OR COALESCE((content->>'deceasedBoolean')::boolean, false)) AS deceased
       FROM resource WHERE resource_type = 'Patient' AND NOT deleted AND ${patientFilter(scope, params, 'id')}`,
    params,
  );
  return rows;
}

async function readConditions(db: Queryable, scope: RiskInputScope): Promise<ConditionRow[]> {
  const params: SqlValue[] = [];
  const { rows } = await db.query<
    Omit<ConditionRow, 'codes' | 'categories'> & { codes: string | null; categories: string | null }
  >(
    `SELECT patient_id AS "patientId", id, ${joined(codings("content->'code'->'coding'"))} AS codes,
            ${joined(`ARRAY(SELECT COALESCE(c->>'system', '') || '|' || (c->>'code') FROM jsonb_array_elements(COALESCE(content->'category', '[]'::jsonb)) cat,
                  jsonb_array_elements(COALESCE(cat->'coding', '[]'::jsonb)) c)`)} AS categories,
            content->'clinicalStatus'->'coding'->0->>'code' AS "clinicalStatus",
            content->'verificationStatus'->'coding'->0->>'code' AS "verificationStatus",
            COALESCE(content->>'recordedDate', content->>'onsetDateTime', content->'onsetPeriod'->>'start') AS recorded,
            COALESCE(content->>'abatementDateTime', content->'abatementPeriod'->>'end') AS abated,
            content->'code'->>'text' AS text
       FROM resource WHERE resource_type = 'Condition' AND NOT deleted AND ${patientFilter(scope, params)}`,
    params,
  );
  return rows.map((r) => ({ ...r, codes: split(r.codes), categories: split(r.categories) }));
}

async function readEncounters(db: Database, scope: RiskInputScope): Promise<EncounterRow[]> {
  const params: SqlValue[] = [RISK_ENCOUNTER_CLASSES.map((c) => `class|${ACT_CODE}|${c}`)];
  const rows = await bigRead<Omit<EncounterRow, 'types'> & { types: string | null }>(
    db,
    `SELECT patient_id AS "patientId", id, content->'class'->>'code' AS class,
            content->'period'->>'start' AS start, content->'period'->>'end' AS "end",
            content->'hospitalization'->'admitSource'->'coding'->0->>'code' AS "admitSource",
            content->'priority'->'coding'->0->>'code' AS priority,
            ${joined(`ARRAY(SELECT COALESCE(c->>'system', '') || '|' || (c->>'code') FROM jsonb_array_elements(COALESCE(content->'type', '[]'::jsonb)) t,
                  jsonb_array_elements(COALESCE(t->'coding', '[]'::jsonb)) c) || ${codings("content->'serviceType'->'coding'")}`)} AS types,
            content->'serviceProvider'->>'reference' AS "serviceProvider"
       FROM resource WHERE resource_type = 'Encounter' AND NOT deleted AND tokens && $1::text[] AND ${patientFilter(scope, params)}`,
    params,
  );
  return rows.map((r) => ({ ...r, types: split(r.types) }));
}

async function readObservations(
  db: Database,
  scope: RiskInputScope,
  loinc: readonly string[],
): Promise<ObservationRow[]> {
  const params: SqlValue[] = [loinc.map((c) => `code|${LOINC}|${c}`), [...loinc]];
  const rows = await bigRead<ObservationRow & { value: string | number | null }>(
    db,
    `SELECT patient_id AS "patientId", id,
            CASE WHEN content->'code'->'coding'->0->>'system' = '${LOINC}' AND content->'code'->'coding'->0->>'code' = ANY($2::text[])
                 THEN content->'code'->'coding'->0->>'code'
                 ELSE (SELECT c->>'code' FROM jsonb_array_elements(content->'code'->'coding') c WHERE c->>'system' = '${LOINC}' AND c->>'code' = ANY($2::text[]) LIMIT 1) END AS code,
            COALESCE(content->>'effectiveDateTime', content->'effectivePeriod'->>'start', content->>'issued') AS effective,
            COALESCE(content->'valueQuantity'->>'value', content->>'valueInteger') AS value,
            content->'valueCodeableConcept'->'coding'->0->>'code' AS "valueCode",
            content->'encounter'->>'reference' AS encounter
       FROM resource WHERE resource_type = 'Observation' AND NOT deleted AND tokens && $1::text[]
        AND COALESCE(content->>'status', 'final') NOT IN ('entered-in-error', 'cancelled') AND ${patientFilter(scope, params)}`,
    params,
  );
  return rows.map((r) => ({ ...r, value: r.value === null ? null : Number(r.value) }));
}

async function readEpisodes(db: Queryable, scope: RiskInputScope): Promise<EpisodeRow[]> {
  const params: SqlValue[] = [];
  const { rows } = await db.query<Omit<EpisodeRow, 'types'> & { types: string | null }>(
    `SELECT patient_id AS "patientId", id, content->>'status' AS status,
            ${joined(`ARRAY(SELECT COALESCE(c->>'system', '') || '|' || (c->>'code') FROM jsonb_array_elements(COALESCE(content->'type', '[]'::jsonb)) t,
                  jsonb_array_elements(COALESCE(t->'coding', '[]'::jsonb)) c)`)} AS types,
            content->'period'->>'start' AS start, content->'period'->>'end' AS "end"
       FROM resource WHERE resource_type = 'EpisodeOfCare' AND NOT deleted AND ${patientFilter(scope, params)}`,
    params,
  );
  return rows.map((r) => ({ ...r, types: split(r.types) }));
}

async function readProcedures(db: Queryable, scope: RiskInputScope): Promise<ProcedureRow[]> {
  const params: SqlValue[] = [];
  const { rows } = await db.query<ProcedureRow>(
    `SELECT patient_id AS "patientId", id, content->'encounter'->>'reference' AS encounter,
            COALESCE(content->>'performedDateTime', content->'performedPeriod'->>'start') AS performed
       FROM resource WHERE resource_type = 'Procedure' AND NOT deleted AND content->>'status' IS DISTINCT FROM 'entered-in-error'
        AND ${patientFilter(scope, params)}`,
    params,
  );
  return rows;
}

async function readAssessments(
  db: Queryable,
  scope: RiskInputScope,
  method: string,
): Promise<AssessmentRow[]> {
  const params: SqlValue[] = [[`method|${method}`]];
  const { rows } = await db.query<AssessmentRow>(
    `SELECT patient_id AS "patientId", id, content->>'status' AS status,
            content->'prediction'->0->'qualitativeRisk'->'coding'->0->>'code' AS risk,
            content->>'occurrenceDateTime' AS occurrence, last_updated AS "lastUpdated"
       FROM resource WHERE resource_type = 'RiskAssessment' AND NOT deleted AND tokens @> $1::text[] AND ${patientFilter(scope, params)}`,
    params,
  );
  return rows;
}
