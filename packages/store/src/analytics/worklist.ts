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
  /** The team's patient ids when the caller already knows them (see `teamPatients`): used instead of `teamMembers`. */
  teamPatients?: readonly string[];
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

/** Task counts per status over the candidates, and how many open ones are overdue. */
export interface WorklistCounts {
  byStatus: Record<string, number>;
  overdue: number;
}

export interface WorklistPage {
  rows: WorklistRow[];
  nextCursor?: string;
  /** Counts over the page's status universe: the open statuses for an open or on-hold page, else the page's statuses. */
  counts: WorklistCounts;
}

/** `Task.priority` → sort rank (FHIR request-priority: stat > asap > urgent > routine; none = routine). */
export const PRIORITY_RANK_SQL = `CASE x.priority WHEN 'stat' THEN 0 WHEN 'asap' THEN 1 WHEN 'urgent' THEN 2 ELSE 3 END`;

/** The values the keys are computed from, extracted once per row by an inner query (OFFSET 0 keeps the planner from inlining them back). */
const EXTRACT = `r.id, r.patient_id, r.last_updated, r.content->'restriction'->'period'->>'end' AS due, r.content->>'priority' AS priority, r.content->>'status' AS status`;

/** The rows `x` of a worklist: candidates filtered on `r`, then (a level up) the filters on extracted values. */
function rowsSql(base: readonly string[], derived: readonly string[]): string {
  const inner = `SELECT ${EXTRACT} FROM resource r WHERE ${base.join(' AND ')} OFFSET 0`;
  return derived.length === 0 ? `(${inner}) x` : `(SELECT * FROM (${inner}) x WHERE ${derived.join(' AND ')} OFFSET 0) x`;
}

/**
 * The sort key of `Task.restriction.period.end` as text: a date-only value (or a partial one,
 * padded with '~') gets a 'T~' suffix, so it sorts after any time on that day and counts as
 * overdue only once the day is over. No due date sorts last ('~').
 */
const DUE = `x.due`;
const DUE_KEY = `(CASE WHEN ${DUE} IS NULL THEN '~' WHEN length(${DUE}) <= 10 THEN rpad(${DUE}, 10, '~') || 'T~' ELSE ${DUE} END)`;

/**
 * Task statuses that are not over yet. Written as a literal list that matches the predicate of
 * the partial indexes of migration 0006 (`resource_task_open_*`), so the planner uses them.
 */
export const OPEN_TASK_STATUSES = ['draft', 'requested', 'received', 'accepted', 'ready', 'in-progress', 'on-hold'] as const;
const statusList = (statuses: readonly string[]): string => {
  if (!statuses.every((s) => /^[a-z-]+$/.test(s))) throw StoreErrors.badRequest('Invalid task status');
  return `(${statuses.map((s) => `'${s}'`).join(',')})`;
};
const OPEN_SQL = statusList(OPEN_TASK_STATUSES);

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

/** The patients of a set of team members: active CareTeams listing them (participation not ended), active episodes they manage. */
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

/**
 * The patients of a set of team members (see `teamPatientsSql`), for callers that keep them for a
 * while: one indexed query over CareTeam and EpisodeOfCare rows.
 */
export async function teamPatients(q: Queryable, members: readonly string[], now: Date): Promise<string[]> {
  if (members.length === 0) return [];
  const params = new SqlParams();
  const { rows } = await q.query<{ patient_id: string }>(teamPatientsSql(members, now.toISOString().slice(0, 10), params), params.values);
  return rows.map((r) => r.patient_id).sort();
}

/** The SQL "is overdue" of the row `r` at `now` (open status, due instant or day passed). */
function overdueSql(now: Date, params: SqlParams): string {
  return `(${DUE} IS NOT NULL AND x.status IN ${OPEN_SQL} AND CASE WHEN length(${DUE}) <= 10
      THEN ${DUE_KEY} < ${params.add(now.toISOString().slice(0, 10))} COLLATE "C"
      ELSE (${DUE})::timestamptz < ${params.add(now.toISOString())}::timestamptz END)`;
}

type Filters = Omit<WorklistQuery, 'statuses' | 'order' | 'limit' | 'cursor'>;

/** WHERE clauses over `resource r` for a status universe; undefined when nothing can match. */
function filterSql(scope: AccessScope, query: Filters, universe: readonly string[], params: SqlParams): { base: string[]; derived: string[] } | undefined {
  const today = query.now.toISOString().slice(0, 10);
  // Candidates in one pass: owned by the actor (GIN on refs) OR of a team patient (patient_id; the
  // team's patient ids computed once, as an array) — a BitmapOr over the open-task partial indexes.
  const candidates: string[] = [];
  if (query.owners.length > 0) {
    candidates.push(`r.refs && ${params.add(query.owners.map((o) => `owner|${o}`))}::text[]`);
  }
  if (query.teamPatients) {
    if (query.teamPatients.length > 0) candidates.push(`r.patient_id = ANY(${params.add([...query.teamPatients])}::text[])`);
  } else if (query.teamMembers && query.teamMembers.length > 0) {
    candidates.push(`r.patient_id = ANY(ARRAY(${teamPatientsSql(query.teamMembers, today, params)}))`);
  }
  if (candidates.length === 0 || universe.length === 0) {
    return undefined;
  }
  const open = universe.every((s) => (OPEN_TASK_STATUSES as readonly string[]).includes(s));
  const where = [
    `r.resource_type = 'Task'`,
    'NOT r.deleted',
    `(r.content->>'status') IN ${open ? OPEN_SQL : statusList(universe)}`,
    `(${candidates.join(' OR ')})`,
    scopeSql(scope, 'r', params),
  ];
  if (query.patientId) {
    where.push(`r.patient_id = ${params.add(query.patientId)}`);
  }
  if (query.codes && query.codes.length > 0) {
    where.push(`r.tokens && ${params.add(query.codes.map((c) => (c.includes('|') ? `code|${c}` : `code|*|${c}`)))}::text[]`);
  }
  if (query.ownerIn) {
    where.push(`r.refs && ${params.add(query.ownerIn.map((o) => `owner|${o}`))}::text[]`);
  }
  const derived: string[] = [];
  if (query.dueFrom) {
    derived.push(`${DUE_KEY} >= ${params.add(query.dueFrom)} COLLATE "C"`);
  }
  if (query.dueBefore) {
    derived.push(`${DUE_KEY} < ${params.add(query.dueBefore)} COLLATE "C"`);
  }
  if (query.overdueOnly) {
    derived.push(overdueSql(query.now, params));
  }
  return { base: where, derived };
}

interface PageRow {
  by_status: Record<string, number> | string | null;
  overdue_total: number | null;
  id: string | null;
  content: string | null;
  overdue: boolean | null;
  k1: number | null;
  k2: number | null;
  k3: string | null;
  patient_name: HumanName[] | string | null;
}

const parsed = <T>(v: T | string | null): T | null => (typeof v === 'string' ? (JSON.parse(v) as T) : v);

/**
 * One page of a worklist and its tab counts in one SQL statement: the candidates (by owner and by
 * team patient, over partial indexes of open tasks, under the access scope and filters) are
 * scanned once into narrow rows with their sort keys — overdue, priority rank, due date (see
 * care/tasks/README.md "Worklist order") — from which both the counts per status and the page
 * (keyset after the cursor) are taken; only the page's rows are then read whole and joined to
 * their Patient's name.
 */
export async function queryWorklist(q: Queryable, scope: AccessScope, query: WorklistQuery): Promise<WorklistPage> {
  const params = new SqlParams();
  const pageStatuses = [...query.statuses];
  const universe = pageStatuses.every((s) => (OPEN_TASK_STATUSES as readonly string[]).includes(s)) ? [...OPEN_TASK_STATUSES] : pageStatuses;
  const where = filterSql(scope, query, universe, params);
  if (!where || pageStatuses.length === 0) {
    return { rows: [], counts: { byStatus: {}, overdue: 0 } };
  }
  const keys =
    query.order === 'priority'
      ? `CASE WHEN x.overdue THEN 0 ELSE 1 END AS k1, ${PRIORITY_RANK_SQL} AS k2, ${DUE_KEY} COLLATE "C" AS k3`
      : `0 AS k1, 0 AS k2, to_char(x.last_updated AT TIME ZONE 'UTC', 'YYYYMMDDHH24MISSUS') COLLATE "C" AS k3`;
  // "Overdue" is computed once per row, a level above the extraction, and reused by the first sort key.
  const rows = `(SELECT x.*, ${overdueSql(query.now, params)} AS overdue FROM ${rowsSql(where.base, where.derived)} OFFSET 0) x`;
  // `recent` lists the last changed first: the same keys, descending.
  const dir = query.order === 'recent' ? 'DESC' : 'ASC';
  let after = '';
  if (query.cursor) {
    const [k1, k2, k3, id] = decodeCursor(query.cursor);
    after = `AND (c.k1, c.k2, c.k3, c.id COLLATE "C") ${dir === 'ASC' ? '>' : '<'} (${params.add(Number(k1))}::int, ${params.add(Number(k2))}::int,
      ${params.add(String(k3))}::text COLLATE "C", ${params.add(String(id))}::text COLLATE "C")`;
  }
  const order = (a: string): string => `${a}.k1 ${dir}, ${a}.k2 ${dir}, ${a}.k3 ${dir}, ${a}.id COLLATE "C" ${dir}`;
  const sql = `WITH c AS MATERIALIZED (
        SELECT x.id, x.patient_id, x.status, x.overdue, ${keys} FROM ${rows}),
      n AS (SELECT COALESCE(jsonb_object_agg(status, cnt), '{}'::jsonb) AS by_status, COALESCE(sum(od), 0)::int AS overdue_total
              FROM (SELECT status, count(*)::int AS cnt, count(*) FILTER (WHERE overdue)::int AS od FROM c GROUP BY status) x),
      page AS (SELECT * FROM c WHERE c.status IN ${statusList(pageStatuses)} ${after} ORDER BY ${order('c')} LIMIT ${params.add(query.limit + 1)})
    SELECT n.by_status, n.overdue_total, page.id, page.overdue, page.k1, page.k2, page.k3, r.content::text AS content, p.content->'name' AS patient_name
      FROM n LEFT JOIN page ON true
      LEFT JOIN resource r ON r.resource_type = 'Task' AND r.id = page.id
      LEFT JOIN resource p ON p.resource_type = 'Patient' AND p.id = page.patient_id AND NOT p.deleted AND ${scopeSql(scope, 'p', params)}
     ORDER BY ${order('page')}`;
  const { rows: result } = await q.query<PageRow>(sql, params.values);
  const first = result[0];
  const counts: WorklistCounts = { byStatus: parsed(first?.by_status ?? null) ?? {}, overdue: first?.overdue_total ?? 0 };
  const found = result.filter((r) => r.id !== null && r.content !== null);
  const more = found.length > query.limit;
  const page = more ? found.slice(0, query.limit) : found;
  const out: WorklistPage = {
    counts,
    rows: page.map((row) => {
      const task = JSON.parse(row.content as string) as Task;
      const name = parsed(row.patient_name);
      const due = task.restriction?.period?.end;
      const patientId = task.for?.reference?.startsWith('Patient/') ? task.for.reference.slice('Patient/'.length) : undefined;
      return { task, overdue: row.overdue === true, ...(due ? { due } : {}), ...(patientId ? { patientId } : {}), ...(name ? { patientName: name } : {}) };
    }),
  };
  const last = page[page.length - 1];
  if (more && last) {
    out.nextCursor = encodeCursor([last.k1 ?? 0, last.k2 ?? 0, last.k3 ?? '', last.id ?? '']);
  }
  return out;
}

/** Counts of the open statuses (and overdue ones) over the same candidates and filters, for a page of another tab. */
export async function countWorklist(q: Queryable, scope: AccessScope, query: Filters): Promise<WorklistCounts> {
  const params = new SqlParams();
  const where = filterSql(scope, query, OPEN_TASK_STATUSES, params);
  if (!where) {
    return { byStatus: {}, overdue: 0 };
  }
  const { rows } = await q.query<{ status: string; n: number; overdue: number }>(
    `SELECT x.status, count(*)::int AS n, count(*) FILTER (WHERE ${overdueSql(query.now, params)})::int AS overdue
       FROM ${rowsSql(where.base, where.derived)} GROUP BY 1`,
    params.values,
  );
  return { byStatus: Object.fromEntries(rows.map((r) => [r.status, r.n])), overdue: rows.reduce((n, r) => n + r.overdue, 0) };
}
