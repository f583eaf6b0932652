import type { ServiceRequest, Task } from '@medplum/fhirtypes';
import type { Repository, RequestContext } from '@careweave/store';
import type { ReferralMetrics, ReferralMetricsRow } from '@careweave/contract';
import { ACCEPTED_AT_EXTENSION, isReferralTask, needMetOf } from './codes.js';
import { DIRECTORY_CATEGORIES, requestCategory } from './needs.js';

const DAY = 86_400_000;
const ACCEPTED_EVER = ['accepted', 'in-progress', 'on-hold', 'completed', 'failed'];
/** The receiver reported how it ended: the loop is closed. */
const CLOSED_BY_RECEIVER = ['completed', 'failed'];

function median(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const value =
    sorted.length % 2 === 1
      ? sorted[mid]
      : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return Math.round((value as number) * 10) / 10;
}

interface Counted {
  task: Task;
  sent?: number;
  accepted?: number;
  closed?: number;
}

function row(key: string, label: string, items: readonly Counted[]): ReferralMetricsRow {
  const accepted = items.filter((i) => ACCEPTED_EVER.includes(i.task.status ?? ''));
  const loopClosed = accepted.filter((i) => CLOSED_BY_RECEIVER.includes(i.task.status ?? ''));
  const days = (from: number | undefined, to: number | undefined) =>
    from !== undefined && to !== undefined && to >= from ? (to - from) / DAY : undefined;
  const toAccept = items
    .map((i) => days(i.sent, i.accepted))
    .filter((d): d is number => d !== undefined);
  const toClose = items
    .map((i) => days(i.sent, i.closed))
    .filter((d): d is number => d !== undefined);
  const medianAccept = median(toAccept);
  const medianClose = median(toClose);
  return {
    key,
    label,
    sent: items.length,
    accepted: accepted.length,
    completed: items.filter((i) => i.task.status === 'completed').length,
    needMet: items.filter((i) => needMetOf(i.task) === true).length,
    loopClosed: loopClosed.length,
    loopClosureRate: accepted.length > 0 ? loopClosed.length / accepted.length : null,
    ...(medianAccept !== undefined ? { medianDaysToAcceptance: medianAccept } : {}),
    ...(medianClose !== undefined ? { medianDaysToClosure: medianClose } : {}),
  };
}

/**
 * Referral metrics over the referrals the actor may see (a coordinator: their patients'; a
 * programme manager: the organisation's, by consent): sent, accepted (ever), completed, need met,
 * median days from sending to acceptance and to closure, and the **loop-closure rate** — of the
 * referrals a receiver accepted, the share whose outcome it reported (completed or failed), the
 * measure behind "only 27% of accepted referrals were ever resolved" — in total, by receiving
 * organisation and by need. `since` limits to referrals sent from that day.
 */
export async function referralMetrics(
  repo: Repository,
  ctx: RequestContext,
  options: { since?: string } = {},
): Promise<ReferralMetrics> {
  const found = await repo.search(ctx, 'Task', [
    ['focus:missing', 'false'],
    ['_include', 'Task:focus'],
    ['_count', '1000'],
    ['_total', 'none'],
  ]);
  const requests = new Map(
    (found.included ?? []).map((r) => [`${r.resourceType}/${r.id}`, r as ServiceRequest]),
  );
  const since = options.since ? Date.parse(options.since) : undefined;
  const items: (Counted & { org: string; orgName: string; need: string })[] = [];
  for (const task of found.resources as Task[]) {
    if (!isReferralTask(task) || task.status === 'entered-in-error') continue;
    const request = requests.get(task.focus?.reference ?? '');
    const sentAt = task.authoredOn ?? request?.authoredOn;
    const sent = sentAt ? Date.parse(sentAt) : undefined;
    if (since !== undefined && (sent === undefined || sent < since)) continue;
    const acceptedAt = task.extension?.find((e) => e.url === ACCEPTED_AT_EXTENSION)?.valueDateTime;
    const closedAt = CLOSED_BY_RECEIVER.includes(task.status ?? '')
      ? (task.executionPeriod?.end ?? task.lastModified)
      : undefined;
    items.push({
      task,
      ...(sent !== undefined ? { sent } : {}),
      ...(acceptedAt ? { accepted: Date.parse(acceptedAt) } : {}),
      ...(closedAt ? { closed: Date.parse(closedAt) } : {}),
      org: task.owner?.reference ?? 'unknown',
      orgName: task.owner?.display ?? task.owner?.reference ?? 'Unknown',
      need: requestCategory(request?.category) ?? 'other',
    });
  }
  const group = (
    keyOf: (i: (typeof items)[number]) => string,
    labelOf: (k: string, i: (typeof items)[number]) => string,
  ) => {
    const groups = new Map<string, { label: string; items: Counted[] }>();
    for (const i of items) {
      const k = keyOf(i);
      const g = groups.get(k) ?? { label: labelOf(k, i), items: [] };
      g.items.push(i);
      groups.set(k, g);
    }
    return [...groups.entries()]
      .map(([k, g]) => row(k, g.label, g.items))
      .sort((a, b) => b.sent - a.sent || a.key.localeCompare(b.key));
  };
  return {
    total: row('all', 'All referrals', items),
    byOrganization: group(
      (i) => i.org,
      (_k, i) => i.orgName,
    ),
    byNeed: group(
      (i) => i.need,
      (k) =>
        k in DIRECTORY_CATEGORIES
          ? DIRECTORY_CATEGORIES[k as keyof typeof DIRECTORY_CATEGORIES].label
          : 'Other',
    ),
  };
}
