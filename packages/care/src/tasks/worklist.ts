import { formatHumanName } from '@medplum/core';
import type { CareTeam, PractitionerRole } from '@medplum/fhirtypes';
import {
  MAX_COUNT,
  type Repository,
  type RequestContext,
  type WorklistQuery,
} from '@careweave/store';
import type { Worklist, WorklistItem } from '@careweave/contract';
import { addDays, today } from '../shared/acting.js';

export type { Worklist, WorklistItem };
import { invalidInput } from '../shared/care-errors.js';
import { currentMembers } from '../roster/team-members.js';
import { WORKLIST_TABS } from './state-machine.js';
import { actorTeam } from './team-cache.js';

/** Worklist request (GET /api/worklist). */
export interface WorklistParams {
  /** `mine`: tasks owned by me; `team`: also every task of the patients on my care teams and caseload. */
  scope?: 'mine' | 'team';
  /** `open` (default), `on-hold` or `done`. */
  status?: keyof typeof WORKLIST_TABS;
  patient?: string;
  /** Task.code: `system|code` or `code`. */
  type?: string;
  /** `overdue`, `today`, `week` (next 7 days), `month` (next 30 days) or `none`-less: omit for all. */
  due?: 'overdue' | 'today' | 'week' | 'month';
  /** Only tasks owned by this organisation or its staff. */
  organization?: string;
  /** Only tasks of this care team's patient owned by the team or its current members. */
  careTeam?: string;
  cursor?: string;
  count?: number;
}

const DUE_WINDOWS = ['overdue', 'today', 'week', 'month'] as const;

function idOf(ref: string, type: string): string {
  return ref.startsWith(`${type}/`) ? ref.slice(type.length + 1) : ref;
}

/** Owner references that narrow the worklist to an organisation or a care team. */
async function ownerFilter(
  repo: Repository,
  ctx: RequestContext,
  params: WorklistParams,
  now: Date,
): Promise<{ ownerIn?: string[]; patientId?: string }> {
  const out: { ownerIn?: string[]; patientId?: string } = {};
  if (params.organization) {
    const org = `Organization/${idOf(params.organization, 'Organization')}`;
    const roles = (
      await repo.search(ctx, 'PractitionerRole', [
        ['organization', org],
        ['_count', String(MAX_COUNT)],
        ['_total', 'none'],
      ])
    ).resources as PractitionerRole[];
    out.ownerIn = [
      org,
      ...roles.map((r) => `PractitionerRole/${r.id}`),
      ...roles.map((r) => r.practitioner?.reference).filter((r): r is string => !!r),
    ];
  }
  if (params.careTeam) {
    const team = await repo.read<CareTeam>(ctx, 'CareTeam', idOf(params.careTeam, 'CareTeam'));
    const members = [`CareTeam/${team.id}`, ...currentMembers(team, now).map((m) => m.reference)];
    out.ownerIn = out.ownerIn ? out.ownerIn.filter((o) => members.includes(o)) : members;
    const subject = team.subject?.reference;
    if (subject?.startsWith('Patient/')) out.patientId = subject.slice('Patient/'.length);
  }
  return out;
}

/**
 * The actor's worklist, one page, in the documented priority order (tasks/README.md): overdue
 * first, then urgency (stat > asap > urgent > routine), then due date (none last), then id; the
 * done tab lists the most recently changed first. One SQL statement for the page and one for the
 * tab counts, both under the actor's access scope.
 */
export async function worklist(
  repo: Repository,
  ctx: RequestContext,
  params: WorklistParams = {},
  now: Date = new Date(),
): Promise<Worklist> {
  const scope = params.scope ?? 'mine';
  const tab = params.status ?? 'open';
  if (scope !== 'mine' && scope !== 'team')
    throw invalidInput('scope must be mine or team', 'scope');
  if (!Object.hasOwn(WORKLIST_TABS, tab))
    throw invalidInput('status must be open, on-hold or done', 'status');
  if (params.due !== undefined && !DUE_WINDOWS.includes(params.due))
    throw invalidInput(`due must be one of ${DUE_WINDOWS.join(', ')}`, 'due');
  const count = Math.min(Math.max(params.count ?? 50, 1), 200);
  const { selves, patients } = await actorTeam(repo, ctx, now);
  const filter = await ownerFilter(repo, ctx, params, now);
  const patientId = params.patient ? idOf(params.patient, 'Patient') : filter.patientId;
  const base: Omit<WorklistQuery, 'statuses' | 'order' | 'limit' | 'cursor'> = {
    owners: selves,
    ...(scope === 'team' ? { teamPatients: patients } : {}),
    ...(patientId ? { patientId } : {}),
    ...(params.type ? { codes: [params.type] } : {}),
    ...(filter.ownerIn ? { ownerIn: filter.ownerIn } : {}),
    ...(params.due === 'overdue' ? { overdueOnly: true } : {}),
    ...(params.due === 'today' ? { dueFrom: today(now), dueBefore: addDays(now, 1) } : {}),
    ...(params.due === 'week' ? { dueFrom: today(now), dueBefore: addDays(now, 8) } : {}),
    ...(params.due === 'month' ? { dueFrom: today(now), dueBefore: addDays(now, 31) } : {}),
    now,
  };
  const page = await repo.readModels.worklist.page(ctx.scope, {
    ...base,
    statuses: WORKLIST_TABS[tab],
    order: tab === 'done' ? 'recent' : 'priority',
    limit: count,
    ...(params.cursor ? { cursor: params.cursor } : {}),
  });
  // An open or on-hold page counts the open tabs in the same statement; a done page counts them apart.
  const counts =
    tab === 'done' ? await repo.readModels.worklist.counts(ctx.scope, base) : page.counts;
  const sum = (statuses: readonly string[]): number =>
    statuses.reduce((n, s) => n + (counts.byStatus[s] ?? 0), 0);
  const items = page.rows.map((row): WorklistItem => {
    const t = row.task;
    const name = row.patientName?.[0] ? formatHumanName(row.patientName[0]) : undefined;
    const plan = t.basedOn?.map((b) => b.reference).find((r) => r?.startsWith('CarePlan/'));
    const goal = t.reasonReference?.reference;
    return {
      id: t.id as string,
      ...(t.meta?.versionId ? { version: t.meta.versionId } : {}),
      description: t.description ?? t.code?.text ?? t.code?.coding?.[0]?.display ?? 'Task',
      status: t.status,
      priority: t.priority ?? 'routine',
      ...(t.owner?.reference ? { owner: t.owner.reference } : {}),
      ...(row.due ? { due: row.due } : {}),
      overdue: row.overdue,
      ...(row.patientId ? { patient: { id: row.patientId, ...(name ? { name } : {}) } } : {}),
      ...(plan ? { plan: plan.slice('CarePlan/'.length) } : {}),
      ...(goal?.startsWith('Goal/') ? { goal: goal.slice('Goal/'.length) } : {}),
      task: t,
    };
  });
  return {
    items,
    ...(page.nextCursor ? { next: page.nextCursor } : {}),
    counts: {
      open: sum(WORKLIST_TABS.open),
      'on-hold': sum(WORKLIST_TABS['on-hold']),
      overdue: counts.overdue,
      ...(tab === 'done'
        ? { done: Object.values(page.counts.byStatus).reduce((n, v) => n + v, 0) }
        : {}),
    },
  };
}
