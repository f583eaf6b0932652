import { OPEN_TASK_STATUSES } from '@careweave/contract';
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
  /** Due date window on `Task.restriction.period.end` (compared with the due sort key: YYYY-MM-DD, inclusive / exclusive). */
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

/**
 * Task statuses that are not over yet (one definition, in the contract, that care's state machine
 * uses too). Migration 0007's partial indexes (`worklist_task_open_*`) are written for exactly
 * these values; `worklist-open-statuses.test.ts` checks the two agree, so the planner keeps using them.
 */
export { OPEN_TASK_STATUSES };
const statusList = (statuses: readonly string[]): string => {
  if (!statuses.every((s) => /^[a-z-]+$/.test(s)))
    throw StoreErrors.badRequest('Invalid task status');
  return `(${statuses.map((s) => `'${s}'`).join(',')})`;
};
/** `(…)` of the open statuses for `status IN …`: a literal list, so the planner matches migration 0007's partial indexes. */
export const OPEN_STATUSES_SQL = statusList(OPEN_TASK_STATUSES);
const OPEN_SQL = OPEN_STATUSES_SQL;

function encodeCursor(keys: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(keys)).toString('base64url');
}

function decodeCursor(cursor: string): (string | number)[] {
  try {
    const keys = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as unknown;
    if (
      Array.isArray(keys) &&
      keys.length === 4 &&
      keys.every((k) => typeof k === 'string' || typeof k === 'number')
    ) {
      return keys;
    }
  } catch {
    // fall through
  }
  throw StoreErrors.badRequest('Invalid worklist cursor');
}

/** The patients of a set of team members: active CareTeams listing them (participation not ended), active episodes they manage. */
export function teamPatientsSql(
  members: readonly string[],
  today: string,
  params: SqlParams,
): string {
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
export async function teamPatients(
  q: Queryable,
  members: readonly string[],
  now: Date,
): Promise<string[]> {
  if (members.length === 0) return [];
  const params = new SqlParams();
  const { rows } = await q.query<{ patient_id: string }>(
    teamPatientsSql(members, now.toISOString().slice(0, 10), params),
    params.values,
  );
  return rows.map((r) => r.patient_id).sort();
}

/** The SQL "is overdue" of the worklist row `t` at `now` (still open, due instant passed). */
function overdueSql(now: Date, params: SqlParams): string {
  return `(t.due_at IS NOT NULL AND t.due_at <= ${params.add(now.toISOString())}::timestamptz AND t.status IN ${OPEN_SQL})`;
}

type Filters = Omit<WorklistQuery, 'statuses' | 'order' | 'limit' | 'cursor'>;

/** WHERE clauses over `worklist_task t` for a status universe; undefined when nothing can match. */
function filterSql(
  scope: AccessScope,
  query: Filters,
  universe: readonly string[],
  params: SqlParams,
): string[] | undefined {
  const today = query.now.toISOString().slice(0, 10);
  // Candidates: owned by the actor, or of a team patient — two btree lookups (BitmapOr) over the
  // worklist rows of open tasks when the universe is open.
  const candidates: string[] = [];
  if (query.owners.length > 0) {
    candidates.push(`t.owner = ANY(${params.add([...query.owners])}::text[])`);
  }
  if (query.teamPatients) {
    if (query.teamPatients.length > 0)
      candidates.push(`t.patient_id = ANY(${params.add([...query.teamPatients])}::text[])`);
  } else if (query.teamMembers && query.teamMembers.length > 0) {
    candidates.push(
      `t.patient_id = ANY(ARRAY(${teamPatientsSql(query.teamMembers, today, params)}))`,
    );
  }
  if (candidates.length === 0 || universe.length === 0) {
    return undefined;
  }
  const open = universe.every((s) => (OPEN_TASK_STATUSES as readonly string[]).includes(s));
  const where = [
    `t.status IN ${open ? OPEN_SQL : statusList(universe)}`,
    `(${candidates.join(' OR ')})`,
    scopeSql(scope, 't', params),
  ];
  if (query.patientId) {
    where.push(`t.patient_id = ${params.add(query.patientId)}`);
  }
  if (query.codes && query.codes.length > 0) {
    where.push(
      `t.codes && ${params.add(query.codes.map((c) => (c.includes('|') ? c : `*|${c}`)))}::text[]`,
    );
  }
  if (query.ownerIn) {
    where.push(`t.owner = ANY(${params.add([...query.ownerIn])}::text[])`);
  }
  if (query.dueFrom) {
    where.push(`t.due_key >= ${params.add(query.dueFrom)} COLLATE "C"`);
  }
  if (query.dueBefore) {
    where.push(`t.due_key < ${params.add(query.dueBefore)} COLLATE "C"`);
  }
  if (query.overdueOnly) {
    where.push(overdueSql(query.now, params));
  }
  return where;
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

const parsed = <T>(v: T | string | null): T | null =>
  typeof v === 'string' ? (JSON.parse(v) as T) : v;

/**
 * One page of a worklist and its tab counts in one SQL statement over `worklist_task` — the narrow
 * rows migration 0007 keeps for every Task (status, priority rank, due key and instant, owner,
 * codes, access columns). The candidates (by owner and by team patient, under the access scope
 * and the filters) are read once with their sort keys — overdue, priority rank, due date (see
 * care/tasks/README.md "Worklist order") — and both the counts per status and the page (keyset
 * after the cursor) are taken from them; only the page's Tasks are then read whole, with their
 * Patient's name.
 */
export async function queryWorklist(
  q: Queryable,
  scope: AccessScope,
  query: WorklistQuery,
): Promise<WorklistPage> {
  const params = new SqlParams();
  const pageStatuses = [...query.statuses];
  const universe = pageStatuses.every((s) => (OPEN_TASK_STATUSES as readonly string[]).includes(s))
    ? [...OPEN_TASK_STATUSES]
    : pageStatuses;
  const where = filterSql(scope, query, universe, params);
  if (!where || pageStatuses.length === 0) {
    return { rows: [], counts: { byStatus: {}, overdue: 0 } };
  }
  const overdue = overdueSql(query.now, params);
  const keys =
    query.order === 'priority'
      ? `CASE WHEN ${overdue} THEN 0 ELSE 1 END AS k1, t.priority_rank::int AS k2, t.due_key COLLATE "C" AS k3`
      : `0 AS k1, 0 AS k2, to_char(t.last_updated AT TIME ZONE 'UTC', 'YYYYMMDDHH24MISSUS') COLLATE "C" AS k3`;
  // `recent` lists the last changed first: the same keys, descending.
  const dir = query.order === 'recent' ? 'DESC' : 'ASC';
  let after = '';
  if (query.cursor) {
    const [k1, k2, k3, id] = decodeCursor(query.cursor);
    after = `AND (c.k1, c.k2, c.k3, c.id COLLATE "C") ${dir === 'ASC' ? '>' : '<'} (${params.add(Number(k1))}::int, ${params.add(Number(k2))}::int,
      ${params.add(String(k3))}::text COLLATE "C", ${params.add(String(id))}::text COLLATE "C")`;
  }
  const order = (a: string): string =>
    `${a}.k1 ${dir}, ${a}.k2 ${dir}, ${a}.k3 ${dir}, ${a}.id COLLATE "C" ${dir}`;
  const sql = `WITH c AS MATERIALIZED (
        SELECT t.id, t.patient_id, t.status, ${overdue} AS overdue, ${keys} FROM worklist_task t WHERE ${where.join(' AND ')}),
      n AS (SELECT COALESCE(jsonb_object_agg(status, cnt), '{}'::jsonb) AS by_status, COALESCE(sum(od), 0)::int AS overdue_total
              FROM (SELECT status, count(*)::int AS cnt, count(*) FILTER (WHERE overdue)::int AS od FROM c GROUP BY status) x),
      page AS (SELECT * FROM c WHERE c.status IN ${statusList(pageStatuses)} ${after} ORDER BY ${order('c')} LIMIT ${params.add(query.limit + 1)})
    SELECT n.by_status, n.overdue_total, page.id, page.overdue, page.k1, page.k2, page.k3, r.content::text AS content, p.content->'name' AS patient_name
      FROM n LEFT JOIN page ON true
      LEFT JOIN resource r ON r.resource_type = 'Task' AND r.id = page.id AND NOT r.deleted
      LEFT JOIN resource p ON p.resource_type = 'Patient' AND p.id = page.patient_id AND NOT p.deleted AND ${scopeSql(scope, 'p', params)}
     ORDER BY ${order('page')}`;
  const { rows: result } = await q.query<PageRow>(sql, params.values);
  const first = result[0];
  const counts: WorklistCounts = {
    byStatus: parsed(first?.by_status ?? null) ?? {},
    overdue: first?.overdue_total ?? 0,
  };
  const found = result.filter((r) => r.id !== null && r.content !== null);
  const more = found.length > query.limit;
  const page = more ? found.slice(0, query.limit) : found;
  const out: WorklistPage = {
    counts,
    rows: page.map((row) => {
      const task = JSON.parse(row.content as string) as Task;
      const name = parsed(row.patient_name);
      const due = task.restriction?.period?.end;
      const patientId = task.for?.reference?.startsWith('Patient/')
        ? task.for.reference.slice('Patient/'.length)
        : undefined;
      return {
        task,
        overdue: row.overdue === true,
        ...(due ? { due } : {}),
        ...(patientId ? { patientId } : {}),
        ...(name ? { patientName: name } : {}),
      };
    }),
  };
  const last = page[page.length - 1];
  if (more && last) {
    out.nextCursor = encodeCursor([last.k1 ?? 0, last.k2 ?? 0, last.k3 ?? '', last.id ?? '']);
  }
  return out;
}

/** Counts of the open statuses (and overdue ones) over the same candidates and filters, for a page of another tab. */
export async function countWorklist(
  q: Queryable,
  scope: AccessScope,
  query: Filters,
): Promise<WorklistCounts> {
  const params = new SqlParams();
  const where = filterSql(scope, query, OPEN_TASK_STATUSES, params);
  if (!where) {
    return { byStatus: {}, overdue: 0 };
  }
  const { rows } = await q.query<{ status: string; n: number; overdue: number }>(
    `SELECT t.status, count(*)::int AS n, count(*) FILTER (WHERE ${overdueSql(query.now, params)})::int AS overdue
       FROM worklist_task t WHERE ${where.join(' AND ')} GROUP BY 1`,
    params.values,
  );
  return {
    byStatus: Object.fromEntries(rows.map((r) => [r.status, r.n])),
    overdue: rows.reduce((n, r) => n + r.overdue, 0),
  };
}
