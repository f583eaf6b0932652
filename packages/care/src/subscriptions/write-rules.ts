import type { Subscription } from '@medplum/fhirtypes';
import {
  readModelsIn,
  SYSTEM_CONTEXT,
  type ChangeEvent,
  type Queryable,
  type Repository,
  type RequestContext,
  type SubscriptionRecord,
  type WriteHooks,
} from '@careweave/store';
import type { Identity } from '../access/identity.js';
import { isAccessContext } from '../access/types.js';
import { checkEndpoint } from './endpoint-policy.js';
import { parseCriteria, readSpec, type SubscriptionSpec } from './spec.js';
import { topicOf } from './topics.js';

export interface SubscriptionRulesOptions {
  /** Hosts a rest-hook may reach although they resolve to private addresses (`CAREWEAVE_WEBHOOK_ALLOW`). */
  webhookAllow: readonly string[];
  /** Called after a commit that queued notifications (the delivery worker starts at once). */
  onQueued?: () => void;
}

/** Who a Subscription delivers as: the creator's Identity, without its login session. */
export function ownerOf(ctx: RequestContext): Identity {
  if (isAccessContext(ctx)) {
    if (ctx.identity.kind === 'user') {
      const { sessionId: _session, ...identity } = ctx.identity;
      return identity;
    }
    return ctx.identity;
  }
  return { kind: 'system', clientId: ctx.actor, scopes: [] };
}

/**
 * The status a write may set. A person (or client) creates a rest-hook Subscription `requested`:
 * only a successful handshake makes it `active` (backport IG "Handshake"), and changing an active
 * one's endpoint asks again. Websocket Subscriptions are active at once (their handshake goes to
 * each bound connection). `off` is always allowed; the server's own writes (a context without a
 * caller's Identity: the deliverer marking `active` or `error`) are taken as they are.
 */
function ruledStatus(
  ctx: RequestContext,
  next: Subscription,
  previous: Subscription | undefined,
  spec: SubscriptionSpec,
): Subscription['status'] {
  // The server's own writes (the deliverer, imports) carry no caller Identity.
  if (next.status === 'off' || !isAccessContext(ctx)) {
    return next.status;
  }
  if (spec.channel === 'websocket') return 'active';
  const unchanged =
    previous?.status === 'active' &&
    previous.channel.endpoint === next.channel.endpoint &&
    previous.criteria === next.criteria;
  return unchanged && next.status === 'active' ? 'active' : 'requested';
}

/** Does the written resource match a search (`Type?query`)? Run in the write's transaction. */
async function matches(
  repo: Repository,
  tx: Queryable,
  query: NonNullable<SubscriptionSpec['query']>,
  id: string,
): Promise<boolean> {
  const result = await repo.searchIn(SYSTEM_CONTEXT, tx, query.resourceType, [
    ...query.params.filter(([k]) => !k.startsWith('_') || k === '_tag' || k === '_security'),
    ['_id', id],
  ]);
  return result.resources.length > 0;
}

/**
 * Subscriptions in the one write path (FHIR R4 Subscriptions Backport IG 1.1 and classic R4
 * criteria), as store WriteHooks:
 * - a Subscription write is checked (topic or criteria, channel, a rest-hook endpoint that is not
 *   a private address), gets its status (requested until the handshake succeeds) and its delivery
 *   state, with the writer as owner; a `requested` one queues its handshake;
 * - every other committed change is matched against the active Subscriptions — the topic's rule
 *   and filter, or the classic criteria as a search on the written resource — and each match
 *   queues a numbered event notification, in the same transaction (so nothing is lost if the
 *   process dies after the commit). What the owner may see is judged at delivery.
 */
export function subscriptionWriteHooks(
  repo: Repository,
  options: SubscriptionRulesOptions,
): WriteHooks {
  let queued = false;
  return {
    async beforeWrite(ctx, next, previous) {
      if (next.resourceType !== 'Subscription') return next;
      const sub = next;
      const spec = readSpec(sub);
      if (spec.channel === 'rest-hook' && spec.endpoint) {
        const before = previous as Subscription | undefined;
        // The server's own status updates do not re-check (the deliverer checks before sending).
        if (isAccessContext(ctx) || before?.channel.endpoint !== spec.endpoint) {
          await checkEndpoint(spec.endpoint, options.webhookAllow);
        }
      }
      return { ...sub, status: ruledStatus(ctx, sub, previous as Subscription | undefined, spec) };
    },
    async deriveWrites(ctx, events, _writer, tx) {
      const subscriptions = readModelsIn(tx).subscriptions;
      const others: ChangeEvent[] = [];
      for (const event of events) {
        if (event.resourceType !== 'Subscription') {
          others.push(event);
          continue;
        }
        if (event.type === 'delete') {
          await subscriptions.remove(event.id);
          continue;
        }
        const sub = event.resource as Subscription;
        const spec = readSpec(sub);
        await subscriptions.save({
          subscriptionId: event.id,
          status: sub.status,
          criteria: spec.criteria,
          ...(spec.query && spec.topic
            ? {
                filter: `${spec.query.resourceType}?${new URLSearchParams(spec.query.params).toString()}`,
              }
            : {}),
          channel: spec.channel,
          owner: ownerOf(ctx),
          ...(spec.heartbeatSeconds ? { heartbeatSeconds: spec.heartbeatSeconds } : {}),
        });
        const before = event.previous as Subscription | undefined;
        if (
          sub.status === 'requested' &&
          spec.channel === 'rest-hook' &&
          before?.status !== 'requested'
        ) {
          await subscriptions.enqueueHandshake(event.id);
          queued = true;
        }
      }
      if (others.length === 0) return;
      const active = await subscriptions.active();
      if (active.length === 0) return;
      const matchers = active.map((record) => ({
        id: record.subscriptionId,
        ...matcherOf(record),
      }));
      for (const event of others) {
        for (const m of matchers) {
          if (!(await fires(repo, tx, m, event))) continue;
          await subscriptions.enqueueEvent(
            m.id,
            `${event.resourceType}/${event.id}/_history/${event.versionId}`,
          );
          queued = true;
        }
      }
    },
    afterCommit() {
      if (queued) {
        queued = false;
        options.onQueued?.();
      }
    },
  };
}

type Matcher = Pick<SubscriptionSpec, 'topic' | 'query'>;

/** What decides whether a change fires a Subscription, from its stored delivery state. */
function matcherOf(record: SubscriptionRecord): Matcher {
  const topic = topicOf(record.criteria);
  const query = parseCriteria(topic ? (record.filter ?? '') : record.criteria);
  return { ...(topic ? { topic } : {}), ...(query ? { query } : {}) };
}

/** Does this change fire this Subscription (its topic's rule and filter, or its criteria)? */
async function fires(
  repo: Repository,
  tx: Queryable,
  spec: Matcher,
  event: ChangeEvent,
): Promise<boolean> {
  if (spec.topic) {
    if (!spec.topic.resourceTypes.includes(event.resourceType) || !spec.topic.fires(event)) {
      return false;
    }
    if (!spec.query) return true;
  }
  const query = spec.query;
  if (!query || query.resourceType !== event.resourceType) return false;
  // A deleted resource no longer matches a search: the topic rule alone decides (care-plan deletions).
  if (event.type === 'delete') return spec.topic !== undefined && query.params.length === 0;
  return matches(repo, tx, query, event.id);
}
