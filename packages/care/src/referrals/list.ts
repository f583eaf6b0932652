import type { Patient, ServiceRequest, Task } from '@medplum/fhirtypes';
import type { Repository, RequestContext } from '@careweave/store';
import {
  REFERRAL_INBOX_TABS,
  type ReferralInboxTab,
  type ReferralList,
  type ReferralSummary,
} from '@careweave/contract';
import { invalidInput } from '../shared/care-errors.js';
import { isReferralTask, needMetOf, outcomeOf, procedureOf } from './codes.js';
import { DIRECTORY_CATEGORIES, requestCategory } from './needs.js';
import { reasonCodeOf } from './rules.js';
import { overdueReason } from './reminders.js';
import { isReferralStatus } from './state-machine.js';

/** Which referrals: the receiving organisation's inbox, or those the requesting side sent. */
export interface ReferralQuery {
  view: 'inbox' | 'sent';
  /** sent: one person's referrals (Patient id). */
  patient?: string;
  /** sent: one coordinator's (`Practitioner/…`; default the actor when no patient is named). */
  requester?: string;
  tab?: ReferralInboxTab;
}

interface WithIdentity {
  identity?: { organizationIds?: readonly string[] };
}

const DAY = 86_400_000;

function tabOf(status: string | undefined): ReferralInboxTab | undefined {
  for (const [tab, statuses] of Object.entries(REFERRAL_INBOX_TABS)) {
    if ((statuses as readonly string[]).includes(status ?? '')) return tab as ReferralInboxTab;
  }
  return undefined;
}

function nameOf(patient: Patient | undefined): string | undefined {
  const n = patient?.name?.[0];
  if (!n) return undefined;
  return n.text ?? [...(n.given ?? []), n.family].filter(Boolean).join(' ');
}

/** One referral as the lists show it. */
export function summariseReferral(
  task: Task,
  request: ServiceRequest | undefined,
  patient: Patient | undefined,
  now: Date,
): ReferralSummary {
  const category = requestCategory(request?.category);
  const sent = task.authoredOn ?? request?.authoredOn;
  const service = request?.performer?.find((p) => p.reference?.startsWith('HealthcareService/'));
  const reasonCode = reasonCodeOf(task);
  const needMet = needMetOf(task);
  const outcome = outcomeOf(task);
  const procedure = procedureOf(task);
  const language = patient?.communication?.[0]?.language;
  const phone = patient?.telecom?.find((t) => t.system === 'phone')?.value;
  const patientId = task.for?.reference?.split('/')[1] ?? '';
  const name = nameOf(patient);
  const lastUpdate = task.lastModified ?? task.meta?.lastUpdated;
  const overdue = overdueReason(task, sent, now);
  return {
    id: task.id as string,
    ...(task.meta?.versionId ? { version: task.meta.versionId } : {}),
    status: isReferralStatus(task.status) ? task.status : 'requested',
    serviceRequest: task.focus?.reference ?? '',
    patient: {
      id: patientId,
      ...(name ? { name } : {}),
      ...(phone ? { phone } : {}),
      ...(language
        ? {
            language:
              language.text ?? language.coding?.[0]?.display ?? language.coding?.[0]?.code ?? '',
          }
        : {}),
    },
    ...(category
      ? { need: { code: category, display: DIRECTORY_CATEGORIES[category].label } }
      : {}),
    ...(task.owner?.reference
      ? {
          receiver: {
            reference: task.owner.reference,
            ...(task.owner.display ? { name: task.owner.display } : {}),
          },
        }
      : {}),
    ...(service?.reference
      ? {
          service: {
            reference: service.reference,
            ...(service.display ? { name: service.display } : {}),
          },
        }
      : {}),
    ...(task.requester?.reference
      ? {
          requester: {
            reference: task.requester.reference,
            ...(task.requester.display ? { name: task.requester.display } : {}),
          },
        }
      : {}),
    ...(sent
      ? { sent, ageDays: Math.max(0, Math.floor((now.getTime() - Date.parse(sent)) / DAY)) }
      : {}),
    ...(lastUpdate ? { lastUpdate } : {}),
    ...(overdue ? { overdue } : {}),
    ...(request?.patientInstruction ? { preferredTimes: request.patientInstruction } : {}),
    ...(request?.note?.[0]?.text ? { note: request.note[0].text } : {}),
    ...(task.statusReason
      ? {
          statusReason: {
            ...(reasonCode ? { code: reasonCode } : {}),
            ...(task.statusReason.text ? { text: task.statusReason.text } : {}),
          },
        }
      : {}),
    ...(needMet !== undefined ? { needMet } : {}),
    ...(outcome ? { outcome } : {}),
    ...(procedure ? { procedure } : {}),
  };
}

/**
 * The referrals a person works with, with counts per tab (New, Accepted, In progress, Closed):
 * the receiving organisation's inbox (Tasks owned by the actor's organisations or the actor), or
 * the requesting side's list per patient or per coordinator. Read through the Repository, so the
 * access scope applies (a community organisation sees its referrals and the minimum of each person).
 * Newest change first.
 */
export async function listReferrals(
  repo: Repository,
  ctx: RequestContext,
  query: ReferralQuery,
  now: Date = new Date(),
): Promise<ReferralList> {
  if (query.tab !== undefined && !Object.hasOwn(REFERRAL_INBOX_TABS, query.tab))
    throw invalidInput(`tab must be one of ${Object.keys(REFERRAL_INBOX_TABS).join(', ')}`, 'tab');
  const pairs: [string, string][] = [];
  if (query.view === 'inbox') {
    const orgs = (ctx as RequestContext & WithIdentity).identity?.organizationIds ?? [];
    pairs.push(['owner', [ctx.actor, ...orgs.map((o) => `Organization/${o}`)].join(',')]);
  } else if (query.patient) {
    pairs.push([
      'patient',
      query.patient.startsWith('Patient/') ? query.patient : `Patient/${query.patient}`,
    ]);
  } else {
    pairs.push(['requester', query.requester ?? ctx.actor]);
  }
  const found = await repo.search(ctx, 'Task', [
    ...pairs,
    ['focus:missing', 'false'],
    ['_include', 'Task:focus'],
    ['_include', 'Task:patient'],
    ['_sort', '-_lastUpdated'],
    ['_count', '500'],
    ['_total', 'none'],
  ]);
  const included = new Map((found.included ?? []).map((r) => [`${r.resourceType}/${r.id}`, r]));
  const all = (found.resources as Task[])
    .filter((t) => isReferralTask(t) && t.status !== 'entered-in-error')
    .map((t) =>
      summariseReferral(
        t,
        included.get(t.focus?.reference ?? '') as ServiceRequest | undefined,
        included.get(t.for?.reference ?? '') as Patient | undefined,
        now,
      ),
    );
  const counts = { new: 0, accepted: 0, 'in-progress': 0, closed: 0 } as Record<
    ReferralInboxTab,
    number
  >;
  for (const r of all) {
    const tab = tabOf(r.status);
    if (tab) counts[tab]++;
  }
  return {
    items: query.tab ? all.filter((r) => tabOf(r.status) === query.tab) : all,
    counts,
  };
}
