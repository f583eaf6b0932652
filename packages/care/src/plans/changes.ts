import type {
  CarePlan,
  Goal,
  Provenance,
  Resource,
  ServiceRequest,
  Task,
} from '@medplum/fhirtypes';
import {
  MAX_COUNT,
  type HistoryEntry,
  type Repository,
  type RequestContext,
} from '@careweave/store';
import { LAST_REVIEW_URL } from './codes.js';
import type { FieldChange, PlanChange } from '@careweave/contract';

export type { FieldChange, PlanChange };

type Fields = Readonly<Record<string, (r: Resource) => string | undefined>>;
const refs = (list: readonly { reference?: string }[] | undefined): string | undefined =>
  list?.length ? list.map((r) => r.reference).join(', ') : undefined;

/** The fields compared per type (what a team meeting cares about). */
const FIELDS: Readonly<Record<string, Fields>> = {
  CarePlan: {
    status: (r) => (r as CarePlan).status,
    title: (r) => (r as CarePlan).title,
    description: (r) => (r as CarePlan).description,
    goals: (r) => refs((r as CarePlan).goal),
    activities: (r) => refs((r as CarePlan).activity?.map((a) => a.reference ?? {})),
    addresses: (r) => refs((r as CarePlan).addresses),
  },
  Goal: {
    lifecycleStatus: (r) => (r as Goal).lifecycleStatus,
    achievementStatus: (r) => (r as Goal).achievementStatus?.coding?.[0]?.code,
    priority: (r) => (r as Goal).priority?.coding?.[0]?.code,
    description: (r) => (r as Goal).description.text,
    dueDate: (r) => (r as Goal).target?.[0]?.dueDate,
    notes: (r) => (r as Goal).note?.map((n) => n.text).join(' | ') || undefined,
  },
  Task: {
    status: (r) => (r as Task).status,
    owner: (r) => (r as Task).owner?.reference,
    priority: (r) => (r as Task).priority,
    due: (r) => (r as Task).restriction?.period?.end,
    description: (r) => (r as Task).description,
    notes: (r) => (r as Task).note?.map((n) => n.text).join(' | ') || undefined,
    statusReason: (r) => (r as Task).statusReason?.text,
  },
  ServiceRequest: {
    status: (r) => (r as ServiceRequest).status,
    performer: (r) => refs((r as ServiceRequest).performer),
    priority: (r) => (r as ServiceRequest).priority,
  },
};

function titleOf(r: Resource | undefined, fallback: string): string {
  switch (r?.resourceType) {
    case 'CarePlan':
      return r.title ?? 'Care plan';
    case 'Goal':
      return r.description.text ?? 'Goal';
    case 'Task':
      return r.description ?? r.code?.text ?? 'Task';
    case 'ServiceRequest':
      return r.code?.text ?? 'Referral';
    default:
      return fallback;
  }
}

function diff(
  type: string,
  before: Resource | undefined,
  after: Resource | undefined,
): FieldChange[] {
  const out: FieldChange[] = [];
  for (const [field, get] of Object.entries(FIELDS[type] ?? {})) {
    const from = before ? get(before) : undefined;
    const to = after ? get(after) : undefined;
    if (from !== to)
      out.push({
        field,
        ...(from !== undefined ? { from } : {}),
        ...(to !== undefined ? { to } : {}),
      });
  }
  return out;
}

/** Every version of one resource, oldest first (with the actor's scope). */
async function versions(
  repo: Repository,
  ctx: RequestContext,
  type: string,
  id: string,
): Promise<HistoryEntry[]> {
  const page = await repo.history(ctx, { resourceType: type, id, count: MAX_COUNT });
  return [...page.entries].reverse();
}

/**
 * What changed in a plan since a point in time — by default its last review (the plan's
 * last-reviewed time; all history when it was never reviewed): every version written after it of
 * the plan, its goals and its activities' Tasks/ServiceRequests, each with the fields that changed
 * against the version before, and who/organisation/why from the Provenance that recorded it.
 * Computed from history, so changes made through the plain FHIR API show up too (without a why).
 */
export async function planChanges(
  repo: Repository,
  ctx: RequestContext,
  planId: string,
  options: { since?: string } = {},
): Promise<{ since?: string; changes: PlanChange[] }> {
  const plan = await repo.read<CarePlan>(ctx, 'CarePlan', planId);
  const since =
    options.since ?? plan.extension?.find((e) => e.url === LAST_REVIEW_URL)?.valueDateTime;
  const sinceMs = since ? Date.parse(since) : Number.NEGATIVE_INFINITY;
  const targets = [
    `CarePlan/${planId}`,
    ...(plan.goal ?? []).map((g) => g.reference),
    ...(plan.activity ?? []).map((a) => a.reference?.reference),
  ].filter((r): r is string => !!r && /^(CarePlan|Goal|Task|ServiceRequest)\//.test(r));
  const patient = plan.subject.reference ?? '';
  const provenance = await repo.search(ctx, 'Provenance', [
    ['patient', patient],
    ...(since ? [['recorded', `ge${since}`] as [string, string]] : []),
    ['_count', String(MAX_COUNT)],
    ['_total', 'none'],
  ]);
  const attribution = new Map<string, { by?: string; organization?: string; reason?: string }>();
  for (const p of provenance.resources as Provenance[]) {
    const author =
      p.agent.find((a) => a.type?.coding?.some((c) => c.code === 'author')) ?? p.agent[0];
    for (const t of p.target) {
      attribution.set(t.reference ?? '', {
        ...(author?.who.reference ? { by: author.who.reference } : {}),
        ...(author?.onBehalfOf?.reference ? { organization: author.onBehalfOf.reference } : {}),
        ...(p.reason?.[0]?.text ? { reason: p.reason[0].text } : {}),
      });
    }
  }
  const changes: PlanChange[] = [];
  const histories = await Promise.all(
    targets.map(
      async (ref) =>
        [ref, await versions(repo, ctx, ...(ref.split('/') as [string, string]))] as const,
    ),
  );
  for (const [ref, entries] of histories) {
    const [type = ''] = ref.split('/');
    entries.forEach((entry, i) => {
      if (Date.parse(entry.lastUpdated) < sinceMs) return;
      const before = entries[i - 1]?.resource;
      const kind = entry.deleted ? 'deleted' : i === 0 ? 'created' : 'updated';
      const fields = diff(type, before, entry.resource);
      if (kind === 'updated' && fields.length === 0) return;
      changes.push({
        reference: ref,
        version: entry.versionId,
        at: entry.lastUpdated,
        kind,
        title: titleOf(entry.resource ?? before, ref),
        fields,
        ...attribution.get(`${ref}/_history/${entry.versionId}`),
      });
    });
  }
  changes.sort((a, b) => a.at.localeCompare(b.at) || a.reference.localeCompare(b.reference));
  return { ...(since ? { since } : {}), changes };
}

/** A goal's achievement history: one row per version (the achievement and lifecycle status it had). */
export async function goalHistory(
  repo: Repository,
  ctx: RequestContext,
  goalId: string,
): Promise<
  { version: number; at: string; achievementStatus?: string; lifecycleStatus?: string }[]
> {
  return (await versions(repo, ctx, 'Goal', goalId))
    .filter((e) => e.resource)
    .map((e) => {
      const goal = e.resource as Goal;
      const achievement = goal.achievementStatus?.coding?.[0]?.code;
      return {
        version: e.versionId,
        at: e.lastUpdated,
        ...(achievement ? { achievementStatus: achievement } : {}),
        lifecycleStatus: goal.lifecycleStatus,
      };
    });
}
