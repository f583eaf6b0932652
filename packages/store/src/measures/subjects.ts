import type { AccessScope } from '../context.js';
import type { Queryable } from '../db/database.js';
import { scopeSql } from '../scope.js';
import { SqlParams } from '../sql-params.js';

/** What a person's measure cases are grouped and filtered by. */
export interface MeasureSubject {
  patientId: string;
  name: string;
  birthDate: string | null;
  /** `Organization/<id>` of `managingOrganization`, and its name. */
  organization: string | null;
  organizationName: string | null;
  /** The CareTeam and care manager of the person's latest active EpisodeOfCare, with names. */
  team: string | null;
  teamName: string | null;
  coordinator: string | null;
  coordinatorName: string | null;
  /** `system|code` of the types of every active EpisodeOfCare (programmes). */
  programmes: string[];
  /** Effective risk tier (override, else computed), when stratified. */
  tier: string | null;
  /** The condition keys risk stratification found (e.g. `diabetes`, `chf`). */
  conditions: string[];
}

const humanName = (expr: string): string =>
  `NULLIF(trim(COALESCE(${expr}->0->>'text',
     concat_ws(' ', (SELECT string_agg(g, ' ') FROM jsonb_array_elements_text(COALESCE(${expr}->0->'given', '[]'::jsonb)) g), ${expr}->0->>'family'))), '')`;

/** The grouping attributes of these people (one statement), within the scope. */
export async function measureSubjects(
  q: Queryable,
  scope: AccessScope,
  patientIds: readonly string[],
): Promise<Map<string, MeasureSubject>> {
  const params = new SqlParams();
  const ids = params.add([...patientIds]);
  const sql = `SELECT p.id AS "patientId", COALESCE(${humanName("p.content->'name'")}, p.id) AS name,
         p.content->>'birthDate' AS "birthDate",
         p.content->'managingOrganization'->>'reference' AS organization,
         (SELECT COALESCE(o.content->>'name', p.content->'managingOrganization'->>'display') FROM resource o
           WHERE o.resource_type = 'Organization' AND 'Organization/' || o.id = p.content->'managingOrganization'->>'reference') AS "organizationName",
         ep.team, (SELECT t.content->>'name' FROM resource t WHERE t.resource_type = 'CareTeam' AND 'CareTeam/' || t.id = ep.team) AS "teamName",
         ep.coordinator,
         (SELECT ${humanName("pr.content->'name'")} FROM resource pr
           WHERE pr.resource_type = 'Practitioner' AND 'Practitioner/' || pr.id = ep.coordinator) AS "coordinatorName",
         ARRAY(SELECT DISTINCT (c->>'system') || '|' || (c->>'code')
                 FROM resource e, jsonb_array_elements(COALESCE(e.content->'type', '[]'::jsonb)) ty,
                      jsonb_array_elements(COALESCE(ty->'coding', '[]'::jsonb)) c
                WHERE e.resource_type = 'EpisodeOfCare' AND e.patient_id = p.id AND NOT e.deleted
                  AND e.content->>'status' = 'active' AND ${scopeSql(scope, 'e', params)}) AS programmes,
         COALESCE(r.override_tier, r.tier) AS tier, COALESCE(r.conditions, '{}') AS conditions
    FROM resource p
    LEFT JOIN LATERAL (
      SELECT e.content->'team'->0->>'reference' AS team, e.content->'careManager'->>'reference' AS coordinator
        FROM resource e
       WHERE e.resource_type = 'EpisodeOfCare' AND e.patient_id = p.id AND NOT e.deleted
         AND e.content->>'status' = 'active' AND ${scopeSql(scope, 'e', params)}
       ORDER BY e.content->'period'->>'start' DESC NULLS LAST, e.id LIMIT 1) ep ON true
    LEFT JOIN risk_patient r ON r.patient_id = p.id
   WHERE p.resource_type = 'Patient' AND NOT p.deleted AND p.id = ANY(${ids}::text[])
     AND ${scopeSql(scope, 'p', params)}`;
  const { rows } = await q.query<MeasureSubject>(sql, params.values);
  return new Map(rows.map((r) => [r.patientId, r]));
}
