import { randomUUID } from 'node:crypto';
import type {
  Bundle,
  BundleEntry,
  Parameters,
  ParametersParameter,
  Resource,
  Subscription,
} from '@medplum/fhirtypes';
import type { DeliveryKind, SubscriptionRecord } from '@careweave/store';
import { BACKPORT_NOTIFICATION_PROFILE, BACKPORT_STATUS_PROFILE } from './codes.js';
import { topicOf } from './topics.js';

/** One event as a notification carries it: its number, when it happened, its focus. */
export interface NotificationEvent {
  eventNumber: number;
  timestamp: string;
  /** `Type/id/_history/v` of the resource, when the payload content names it. */
  focus?: string;
  /** The resource itself (full-resource payloads). */
  resource?: Resource;
  /** The change deleted the resource. */
  deleted?: boolean;
}

/**
 * A SubscriptionStatus as R4 carries it: a Parameters resource with the backport IG's
 * `backport-subscription-status-r4` profile.
 */
export function subscriptionStatus(
  baseUrl: string,
  subscription: Subscription,
  record: SubscriptionRecord | undefined,
  type: DeliveryKind | 'query-status',
  events: readonly NotificationEvent[] = [],
): Parameters {
  const topic = topicOf(subscription.criteria ?? '');
  const parameter: ParametersParameter[] = [
    {
      name: 'subscription',
      valueReference: { reference: `${baseUrl}/Subscription/${subscription.id}` },
    },
    ...(topic ? [{ name: 'topic', valueCanonical: topic.url }] : []),
    { name: 'status', valueCode: subscription.status },
    { name: 'type', valueCode: type },
    // integer64 does not exist in R4: the IG carries the count as a string.
    { name: 'events-since-subscription-start', valueString: String(record?.eventsSinceStart ?? 0) },
    ...events.map((e) => ({
      name: 'notification-event',
      part: [
        { name: 'event-number', valueString: String(e.eventNumber) },
        { name: 'timestamp', valueInstant: e.timestamp },
        ...(e.focus
          ? [{ name: 'focus', valueReference: { reference: `${baseUrl}/${e.focus}` } }]
          : []),
      ],
    })),
  ];
  return {
    resourceType: 'Parameters',
    id: randomUUID(),
    meta: { profile: [BACKPORT_STATUS_PROFILE] },
    parameter,
  };
}

/**
 * A notification Bundle (backport IG, R4): type `history`, the SubscriptionStatus first, then an
 * entry per event focus — with the resource for full-resource payloads, its URL alone for id-only
 * (empty payloads carry no focus at all; the caller leaves it out).
 */
export function notificationBundle(
  baseUrl: string,
  status: Parameters,
  subscriptionId: string,
  events: readonly NotificationEvent[],
): Bundle {
  const entry: BundleEntry[] = [
    {
      fullUrl: `urn:uuid:${status.id}`,
      resource: status,
      request: { method: 'GET', url: `${baseUrl}/Subscription/${subscriptionId}/$status` },
      response: { status: '200' },
    },
  ];
  for (const e of events) {
    if (!e.focus) continue;
    const [type, id] = e.focus.split('/') as [string, string];
    entry.push({
      fullUrl: `${baseUrl}/${type}/${id}`,
      ...(e.resource ? { resource: e.resource } : {}),
      request: { method: e.deleted ? 'DELETE' : 'PUT', url: `${type}/${id}` },
      response: { status: e.deleted ? '204' : '200' },
    });
  }
  return {
    resourceType: 'Bundle',
    id: randomUUID(),
    meta: { profile: [BACKPORT_NOTIFICATION_PROFILE] },
    type: 'history',
    timestamp: new Date().toISOString(),
    entry,
  };
}
