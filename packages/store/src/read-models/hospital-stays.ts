import { HOSPITAL_ENCOUNTER_CLASSES, IN_HOSPITAL_STATUSES } from '@careweave/contract';
import type { AccessScope } from '../context.js';
import type { Queryable } from '../db/database.js';
import { scopeSql } from '../scope.js';
import { SqlParams } from '../sql-params.js';

/**
 * Who of `patientIds` is in hospital now, and since when: the earliest start of their open
 * hospital Encounters (class IMP/ACUTE/NONAC/OBSENC/EMER, status arrived/triaged/in-progress/
 * onleave), under the acting scope. One statement on the token GIN index for the page's patients
 * (the worklist page, the caseload). An open stay that began more than `maxDays` (365) ago is
 * taken for a record the hospital never closed, not for a year in hospital.
 */
export async function currentStays(
  q: Queryable,
  scope: AccessScope,
  patientIds: readonly string[],
  now: Date,
  maxDays = 365,
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (patientIds.length === 0) return out;
  const params = new SqlParams();
  const ids = params.add([...new Set(patientIds)]);
  const statuses = params.add(IN_HOSPITAL_STATUSES.map((s) => `status|*|${s}`));
  const classes = params.add(HOSPITAL_ENCOUNTER_CLASSES.map((c) => `class|*|${c}`));
  // Compared as text (ISO dates sort as text): a partial date such as "2026-12" never fails a cast.
  const since = params.add(
    new Date(now.getTime() - maxDays * 86_400_000).toISOString().slice(0, 10),
  );
  const { rows } = await q.query<{ patient_id: string; since: string }>(
    `SELECT r.patient_id, min(r.content->'period'->>'start') AS since
       FROM resource r
      WHERE r.resource_type = 'Encounter' AND NOT r.deleted AND r.patient_id = ANY(${ids}::text[])
        AND r.tokens && ${statuses}::text[] AND r.tokens && ${classes}::text[]
        AND r.content->'period'->>'start' >= ${since} COLLATE "C"
        AND ${scopeSql(scope, 'r', params)}
      GROUP BY r.patient_id`,
    params.values,
  );
  for (const r of rows) out.set(r.patient_id, r.since);
  return out;
}
