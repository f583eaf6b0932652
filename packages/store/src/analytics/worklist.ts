import type { HumanName, Task } from '@medplum/fhirtypes';
import type { AccessScope } from '../context.js';
import type { Queryable } from '../db/database.js';
import { StoreErrors } from '../repository/errors.js';
import { scopeSql } from '../scope.js';
import { SqlParams } from '../sql-params.js';

/** What a worklist query selects (all arrays are OR-ed; the filters AND together). */
export interface WorklistQuery {
  /** Tasks owned by any of these references (`Practitioner/…`, `CareTeam/…`). */
  owners: readonly string[];
  /**
   * Team scope: also the tasks of patients whose active CareTeam lists one of these members
   * (participation not ended) or whose active EpisodeOfCare they manage.
   */
  teamMembers?: readonly string[];
  /** `Task.status` codes. */
  statuses: readonly string[];
  patientId?: string;
  /** `Task.code` tokens: `system|code` or a bare `code`. */
  codes?: readonly string[];
  /** Only tasks whose owner is one of these (organisation and care-team filters). */
  ownerIn?: readonly string[];
  /** Due date window on `Task.restriction.period.end` (dates, inclusive / exclusive). */
  dueFrom?: string;
  dueBefore?: string;
  overdueOnly?: boolean;
  /** `priority`: overdue first, then urgency, then due date. `recent`: last changed first. */
  order: 'priority' | 'recent';
  now: Date;
  limit: number;
  cursor?: string;
}

/** One task of a worklist page, with the keys it was sorted by. */
export interface WorklistRow {
  task: Task;
  overdue: boolean;
  due?: string;
  patientId?: string;
  patientName?: HumanName[];
}

export interface WorklistPage {
  rows: WorklistRow[];
  nextCursor?: string;
}

/** `Task.priority` → sort rank (FHIR request-priority: stat > asap > urgent > routine; none = routine). */
export const PRIORITY_RANK_SQL = `CASE r.content->>'priority' WHEN 'stat' THEN 0 WHEN 'asap' THEN 1 WHEN 'urgent' THEN 2 ELSE 3 END`;

/**
 * The sort key of `Task.restriction.period.end` as text: a date-only value (or a partial one,
 * padded with '~') gets a 'T~' suffix, so it sorts after any time on that day and counts as
 * overdue only once the day is over. No due date sorts last ('~').
 */
const DUE = `r.content->'restriction'->'period'->>'end'`;
const DUE_KEY = `(CASE WHEN ${DUE} IS NULL THEN '~' WHEN length(${DUE}) <= 10 THEN rpad(${DUE}, 10, '~') || 'T~' ELSE ${DUE} END)`;

/** Open task statuses (not terminal): the ones that can be overdue. */
const OPEN = `('draft','requested','received','accepted','ready','in-progress','on-hold')`;

function encodeCursor(keys: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(keys)).toString('base64url');
}

function decodeCursor(cursor: string): (string | number)[] {
  try {
    const keys = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as unknown;
    if (Array.isArray(keys) && keys.length === 4 && keys.every((k) => typeof k === 'string' || typeof k === 'number')) {
      return keys as (string | number)[];
    }
  } catch {
    // fall through
  }
  throw StoreErrors.badRequest('Invalid worklist cursor');
}

/** The patients of a set of team members: active CareTeams listing them, active episodes they manage. */
export function teamPatientsSql(members: readonly string[], today: string, params: SqlParams): string {
  const participant = params.add(members.map((m) => `participant|${m}`));
  const manager = params.add(members.map((m) => `care-manager|${m}`));
  const refs = params.add([...members]);
  const day = params.add(today);
  return `SELECT c.patient_id FROM resource c
     WHERE c.resource_type = 'CareTeam' AND NOT c.deleted AND c.patient_id IS NOT NULL
       AND c.refs && ${participant}::text[] AND c.tokens @> ARRAY['status|*|active']
       AND EXISTS (SELECT 1 FROM jsonb_array_elements(c.content->'participant') p
                    WHERE p->'member'->>'reference' = ANY(${refs}::text[])
                      AND (p->'period'->>'end' IS NULL OR p->'period'->>'end' > ${day}))
    UNION
    SELECT e.patient_id FROM resource e
     WHERE e.resource_type = 'EpisodeOfCare' AND NOT e.deleted AND e.patient_id IS NOT NULL
       AND e.refs && ${manager}::text[] AND e.tokens @> ARRAY['status|*|active']`;
}

/** The SQL "is overdue" of the row `r` at `now` (open status, due instant or day passed). */
function overdueSql(now: Date, params: SqlParams): string {
  return `(${DUE} IS NOT NULL AND r.content->>'status' IN ${OPEN} AND CASE WHEN length(${DUE}) <= 10
      THEN ${DUE_KEY} < ${params.add(now.toISOString().slice(0, 10))} COLLATE "C"
      ELSE (${DUE})::timestamptz < ${params.add(now.toISOString())}::timestamptz END)`;
}

/** WHERE clauses shared by the page and the counts (everything but statuses); undefined when nothing can match. */
function filterSql(scope: AccessScope, query: Omit<WorklistQuery, 'statuses' | 'order' | 'limit' | 'cursor'>, params: SqlParams): string[] | undefined {
  const today = query.now.toISOString().slice(0, 10);
  const candidates: string[] = [];
  if (query.owners.length > 0) {
    candidates.push(`SELECT o.id FROM resource o WHERE o.resource_type = 'Task' AND o.refs && ${params.add(query.owners.map((o) => `owner|${o}`))}::text[]`);
  }
  if (query.teamMembers && query.teamMembers.length > 0) {
    candidates.push(`SELECT t.id FROM resource t WHERE t.resource_type = 'Task' AND t.patient_id IN (${teamPatientsSql(query.teamMembers, today, params)})`);
  }
  if (candidates.length === 0) {
    return undefined;
  }
  const where = [`r.resource_type = 'Task'`, 'NOT r.deleted', `r.id IN (${candidates.join(' UNION ')})`, scopeSql(scope, 'r', params)];
  if (query.patientId) {
    where.push(`r.patient_id = ${params.add(query.patientId)}`);
  }
  if (query.codes && query.codes.length > 0) {
    where.push(`r.tokens && ${params.add(query.codes.map((c) => (c.includes('|') ? `code|${c}` : `code|*|${c}`)))}::text[]`);
  }
  if (query.ownerIn) {
    where.push(`r.refs && ${params.add(query.ownerIn.map((o) => `owner|${o}`))}::text[]`);
  }
  if (query.dueFrom) {
    where.push(`${DUE_KEY} >= ${params.add(query.dueFrom)} COLLATE "C"`);
  }
  if (query.dueBefore) {
    where.push(`${DUE_KEY} < ${params.add(query.dueBefore)} COLLATE "C"`);
  }
  if (query.overdueOnly) {
    where.push(overdueSql(query.now, params));
  }
  return where;
}

/**
 * One page of a worklist in one SQL statement: candidate tasks by owner (GIN on `refs`) and by
 * team patient (`patient_id` index), narrowed by status tokens, filters and the access scope,
 * ordered by computed keys with keyset paging (see care/tasks/README.md "Worklist order").
 */
export async function queryWorklist(q: Queryable, scope: AccessScope, query: WorklistQuery): Promise<WorklistPage> {
  const params = new SqlParams();
  const where = filterSql(scope, query, params);
  if (!where || query.statuses.length === 0) {
    return { rows: [] };
  }
  where.push(`r.tokens && ${params.add(query.statuses.map((s) => `status|*|${s}`))}::text[]`);
  const overdue = overdueSql(query.now, params);
  const keys =
    query.order === 'priority'
      ? `CASE WHEN ${overdue} THEN 0 ELSE 1 END AS k1, ${PRIORITY_RANK_SQL} AS k2, ${DUE_KEY} COLLATE "C" AS k3`
      : `0 AS k1, 0 AS k2, to_char(r.last_updated AT TIME ZONE 'UTC', 'YYYYMMDDHH24MISSUS') COLLATE "C" AS k3`;
  // `recent` lists the last changed first: the same keys, descending.
  const dir = query.order === 'recent' ? 'DESC' : 'ASC';
  let after = '';
  if (query.cursor) {
    const [k1, k2, k3, id] = decodeCursor(query.cursor);
    after = `WHERE (w.k1, w.k2, w.k3, w.id COLLATE "C") ${dir === 'ASC' ? '>' : '<'} (${params.add(Number(k1))}::int, ${params.add(Number(k2))}::int,
      ${params.add(String(k3))}::text COLLATE "C", ${params.add(String(id))}::text COLLATE "C")`;
  }
  const sql = `SELECT w.content::text AS content, w.overdue, w.k1, w.k2, w.k3, w.id, p.content->'name' AS patient_name
      FROM (SELECT r.id, r.content, r.patient_id, ${overdue} AS overdue, ${keys} FROM resource r WHERE ${where.join(' AND ')}) w
      LEFT JOIN resource p ON p.resource_type = 'Patient' AND p.id = w.patient_id AND NOT p.deleted AND ${scopeSql(scope, 'p', params)}
      ${after}
      ORDER BY w.k1 ${dir}, w.k2 ${dir}, w.k3 ${dir}, w.id COLLATE "C" ${dir} LIMIT ${params.add(query.limit + 1)}`;
  const { rows } = await q.query<{ content: string; overdue: boolean; k1: number; k2: number; k3: string; id: string; patient_name: HumanName[] | string | null }>(sql, params.values);
  const more = rows.length > query.limit;
  const page = more ? rows.slice(0, query.limit) : rows;
  const out: WorklistPage = {
    rows: page.map((row) => {
      const task = JSON.parse(row.content) as Task;
      const name = typeof row.patient_name === 'string' ? (JSON.parse(row.patient_name) as HumanName[]) : row.patient_name;
      const due = task.restriction?.period?.end;
      const patientId = task.for?.reference?.startsWith('Patient/') ? task.for.reference.slice('Patient/'.length) : undefined;
      return { task, overdue: row.overdue, ...(due ? { due } : {}), ...(patientId ? { patientId } : {}), ...(name ? { patientName: name } : {}) };
    }),
  };
  const last = page[page.length - 1];
  if (more && last) {
    out.nextCursor = encodeCursor([last.k1, last.k2, last.k3, last.id]);
  }
  return out;
}

/**
 * Task counts per status, and how many open ones are overdue, over the same candidates and
 * filters as `queryWorklist` (for the worklist's tab badges).
 */
export async function countWorklist(q: Queryable, scope: AccessScope, query: Omit<WorklistQuery, 'statuses' | 'order' | 'limit' | 'cursor'>): Promise<{ byStatus: Record<string, number>; overdue: number }> {
  const params = new SqlParams();
  const where = filterSql(scope, query, params);
  if (!where) {
    return { byStatus: {}, overdue: 0 };
  }
  const { rows } = await q.query<{ status: string; n: number; overdue: number }>(
    `SELECT r.content->>'status' AS status, count(*)::int AS n, count(*) FILTER (WHERE ${overdueSql(query.now, params)})::int AS overdue
       FROM resource r WHERE ${where.join(' AND ')} GROUP BY 1`,
    params.values,
  );
  return { byStatus: Object.fromEntries(rows.map((r) => [r.status, r.n])), overdue: rows.reduce((n, r) => n + r.overdue, 0) };
}
