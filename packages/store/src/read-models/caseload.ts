import type { HumanName } from '@medplum/fhirtypes';
import type { AccessScope } from '../context.js';
import type { Queryable } from '../db/database.js';
import { scopeSql } from '../scope.js';
import { SqlParams } from '../sql-params.js';
import { OPEN_STATUSES_SQL } from './worklist.js';

/** Whose caseload, as of when. */
export interface CaseloadQuery {
  /** Care-manager references (`Practitioner/…` and the person's `PractitionerRole/…`). */
  managers: readonly string[];
  /** Only episodes of this programme (`system|code` of `EpisodeOfCare.type`). */
  programme?: string;
  now: Date;
  /** Window for "recent admissions", in days (default 30). */
  admissionDays?: number;
}

/** One enrolled patient of a caseload with their counts. */
export interface CaseloadRow {
  patientId: string;
  name?: HumanName[];
  birthDate?: string;
  episodeId: string;
  enrolledSince?: string;
  careManager?: string;
  careTeam?: string;
  openTasks: number;
  overdueTasks: number;
  /** Inpatient encounters (class IMP) that started within the admission window. */
  recentAdmissions: number;
}

interface Row {
  episode_id: string;
  patient_id: string;
  episode: string;
  name: string | HumanName[] | null;
  birth_date: string | null;
  open_tasks: number;
  overdue_tasks: number;
  admissions: number;
}

/** The contract's open task statuses (one definition with the worklist and care's state machine). */
const OPEN = OPEN_STATUSES_SQL;

/**
 * A coordinator's caseload in one set-based statement: their active episodes of care, each with
 * the patient's open and overdue tasks and recent inpatient admissions (correlated counts on the
 * `patient_id` index), all under the acting scope.
 */
export async function queryCaseload(
  q: Queryable,
  scope: AccessScope,
  query: CaseloadQuery,
): Promise<CaseloadRow[]> {
  const params = new SqlParams();
  if (query.managers.length === 0) {
    return [];
  }
  const managers = params.add(query.managers.map((m) => `care-manager|${m}`));
  const programme = query.programme
    ? ` AND e.tokens @> ARRAY[${params.add(`type|${query.programme}`)}::text]`
    : '';
  const now = params.add(query.now.toISOString());
  const since = params.add(
    new Date(query.now.getTime() - (query.admissionDays ?? 30) * 86_400_000).toISOString(),
  );
  // Open and overdue tasks from the worklist rows migration 0007 keeps for every Task.
  const sql = `SELECT e.id AS episode_id, e.patient_id, e.content::text AS episode, p.content->'name' AS name, p.content->>'birthDate' AS birth_date,
      (SELECT count(*)::int FROM worklist_task t WHERE t.patient_id = e.patient_id AND t.status IN ${OPEN} AND ${scopeSql(scope, 't', params)}) AS open_tasks,
      (SELECT count(*)::int FROM worklist_task t WHERE t.patient_id = e.patient_id AND t.status IN ${OPEN}
          AND t.due_at IS NOT NULL AND t.due_at <= ${now}::timestamptz AND ${scopeSql(scope, 't', params)}) AS overdue_tasks,
      (SELECT count(*)::int FROM resource x WHERE x.resource_type = 'Encounter' AND x.patient_id = e.patient_id AND NOT x.deleted
          AND x.tokens @> ARRAY['class|*|IMP'] AND ${scopeSql(scope, 'x', params)}
          AND EXISTS (SELECT 1 FROM sp_date d WHERE d.resource_type = 'Encounter' AND d.resource_id = x.id AND d.param = 'date' AND d.low >= ${since}::timestamptz)) AS admissions
    FROM resource e
    LEFT JOIN resource p ON p.resource_type = 'Patient' AND p.id = e.patient_id AND NOT p.deleted AND ${scopeSql(scope, 'p', params)}
    WHERE e.resource_type = 'EpisodeOfCare' AND NOT e.deleted AND e.patient_id IS NOT NULL
      AND e.refs && ${managers}::text[] AND e.tokens @> ARRAY['status|*|active']${programme} AND ${scopeSql(scope, 'e', params)}
    ORDER BY e.patient_id`;
  const { rows } = await q.query<Row>(sql, params.values);
  return rows.map((r) => {
    const episode = JSON.parse(r.episode) as {
      period?: { start?: string };
      careManager?: { reference?: string };
      team?: { reference?: string }[];
    };
    const name = typeof r.name === 'string' ? (JSON.parse(r.name) as HumanName[]) : r.name;
    const row: CaseloadRow = {
      patientId: r.patient_id,
      episodeId: r.episode_id,
      openTasks: r.open_tasks,
      overdueTasks: r.overdue_tasks,
      recentAdmissions: r.admissions,
    };
    if (name) row.name = name;
    if (r.birth_date) row.birthDate = r.birth_date;
    if (episode.period?.start) row.enrolledSince = episode.period.start;
    if (episode.careManager?.reference) row.careManager = episode.careManager.reference;
    if (episode.team?.[0]?.reference) row.careTeam = episode.team[0].reference;
    return row;
  });
}
