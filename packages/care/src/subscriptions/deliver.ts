import type { Bundle, Resource, Subscription } from '@medplum/fhirtypes';
import {
  SYSTEM_CONTEXT,
  type ClaimedDelivery,
  type Repository,
  type RequestContext,
  type SubscriptionRecord,
} from '@careweave/store';
import type { Identity } from '../access/identity.js';
import type { ChannelType } from './codes.js';
import { notificationBundle, subscriptionStatus, type NotificationEvent } from './notification.js';
import { readSpec, type SubscriptionSpec } from './spec.js';

/** Sends one notification Bundle on a channel; throws when it did not arrive. */
export type Transport = (
  target: { subscription: Subscription; spec: SubscriptionSpec },
  bundle: Bundle,
) => Promise<void>;

export interface DeliveryOptions {
  /** The FHIR base URL the notifications name resources with. */
  baseUrl: string;
  /** The owner's request context now (care/access): what the owner may see at delivery. */
  contextFor(identity: Identity): Promise<RequestContext>;
  /** How long a claimed notification stays this server's (default 60 s). */
  leaseMs?: number;
  /** Notifications claimed per round (default 20). */
  limit?: number;
}

/** Attempts before giving up: a handshake fails fast, events keep trying for about an hour. */
const MAX_ATTEMPTS = { handshake: 3, heartbeat: 3, 'event-notification': 12 } as const;

/** Wait before the next attempt: 1 s, 2 s, 4 s … capped at 10 minutes. */
export function backoffMs(attempts: number): number {
  return Math.min(1000 * 2 ** Math.max(0, attempts - 1), 600_000);
}

/** The focus of an event as the owner may see it now; undefined when they may not. */
async function visibleFocus(
  repo: Repository,
  owner: RequestContext,
  focus: string,
): Promise<{ resource?: Resource; deleted?: boolean } | undefined> {
  const [type, id, , version] = focus.split('/') as [string, string, string, string];
  try {
    return { resource: await repo.vread(owner, type, id, version) };
  } catch {
    // A deletion's version has no content: the owner must have been able to see the version before it.
    const before = Number(version) - 1;
    if (before < 1) return undefined;
    try {
      await repo.vread(owner, type, id, String(before));
      return { deleted: true };
    } catch {
      return undefined;
    }
  }
}

/** Builds the Bundle of one claimed notification, or undefined when the owner may not see its event. */
async function bundleFor(
  repo: Repository,
  options: DeliveryOptions,
  subscription: Subscription,
  spec: SubscriptionSpec,
  record: SubscriptionRecord,
  delivery: ClaimedDelivery,
): Promise<Bundle | undefined> {
  const events: NotificationEvent[] = [];
  if (delivery.kind === 'event-notification' && delivery.eventNumber !== undefined) {
    const owner = await options.contextFor(record.owner as Identity);
    const seen = delivery.focus ? await visibleFocus(repo, owner, delivery.focus) : undefined;
    if (!seen) return undefined;
    events.push({
      eventNumber: delivery.eventNumber,
      timestamp: delivery.createdAt,
      ...(spec.payload !== 'empty' && delivery.focus
        ? { focus: delivery.focus.split('/').slice(0, 2).join('/') }
        : {}),
      ...(spec.payload === 'full-resource' && seen.resource ? { resource: seen.resource } : {}),
      ...(seen.deleted ? { deleted: true } : {}),
    });
  }
  const status = subscriptionStatus(options.baseUrl, subscription, record, delivery.kind, events);
  return notificationBundle(options.baseUrl, status, subscription.id as string, events);
}

/** Sets a Subscription's status through the one write path (as the system). */
async function setStatus(
  repo: Repository,
  subscription: Subscription,
  status: Subscription['status'],
): Promise<void> {
  if (subscription.status === status) return;
  await repo.update(SYSTEM_CONTEXT, { ...subscription, status });
}

/** Delivers one claimed notification and records the outcome. */
async function deliverOne(
  repo: Repository,
  options: DeliveryOptions,
  transport: Transport,
  delivery: ClaimedDelivery,
): Promise<void> {
  const queue = repo.readModels.subscriptions;
  const record = await queue.get(delivery.subscriptionId);
  let subscription: Subscription;
  try {
    subscription = await repo.read<Subscription>(
      SYSTEM_CONTEXT,
      'Subscription',
      delivery.subscriptionId,
    );
  } catch {
    await queue.fail(delivery.id, 'The Subscription no longer exists', undefined);
    return;
  }
  if (!record) {
    await queue.fail(delivery.id, 'The Subscription has no delivery state', undefined);
    return;
  }
  const spec = readSpec(subscription);
  const bundle = await bundleFor(repo, options, subscription, spec, record, delivery);
  if (!bundle) {
    await queue.finish(delivery.id, 'withheld');
    return;
  }
  if (delivery.kind === 'handshake') {
    // The handshake reports the status the Subscription will have once it succeeds.
    const status = bundle.entry?.[0]?.resource;
    const param =
      status?.resourceType === 'Parameters'
        ? status.parameter?.find((p) => p.name === 'status')
        : undefined;
    if (param) param.valueCode = 'active';
  }
  try {
    await transport({ subscription, spec }, bundle);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (delivery.attempts >= MAX_ATTEMPTS[delivery.kind]) {
      await queue.fail(delivery.id, message, undefined);
      // backport IG: a handshake or notification that cannot be delivered puts it in error.
      await setStatus(repo, subscription, 'error');
    } else {
      await queue.fail(delivery.id, message, backoffMs(delivery.attempts));
    }
    return;
  }
  await queue.finish(delivery.id, 'delivered');
  if (delivery.kind === 'handshake') await setStatus(repo, subscription, 'active');
}

/**
 * One round of deliveries on a channel: queues due heartbeats, claims the notifications that are
 * due (the oldest pending one per Subscription, leased, SKIP LOCKED — see store's queue), and
 * delivers them, Subscriptions in parallel and each one's in order. Answers how many it claimed
 * (0: nothing was due). `subscriptionIds` limits it to those (websockets bound to this server).
 */
export async function deliverDue(
  repo: Repository,
  channel: ChannelType,
  transport: Transport,
  options: DeliveryOptions,
  subscriptionIds?: readonly string[],
): Promise<number> {
  const queue = repo.readModels.subscriptions;
  await queue.enqueueDueHeartbeats();
  const claimed = await queue.claim({
    limit: options.limit ?? 20,
    leaseMs: options.leaseMs ?? 60_000,
    channel,
    ...(subscriptionIds ? { subscriptionIds } : {}),
  });
  await Promise.all(claimed.map((d) => deliverOne(repo, options, transport, d)));
  return claimed.length;
}

/** `Subscription/{id}/$status`: the SubscriptionStatus of a Subscription the caller may read. */
export async function statusOf(
  repo: Repository,
  ctx: RequestContext,
  id: string,
  baseUrl: string,
): Promise<Bundle> {
  const subscription = await repo.read<Subscription>(ctx, 'Subscription', id);
  const record = await repo.readModels.subscriptions.get(id);
  const status = subscriptionStatus(baseUrl, subscription, record, 'query-status');
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    total: 1,
    entry: [{ fullUrl: `urn:uuid:${status.id}`, resource: status, search: { mode: 'match' } }],
  };
}
