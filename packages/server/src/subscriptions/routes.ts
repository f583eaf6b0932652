import { EventEmitter } from 'node:events';
import type { Parameters, Subscription } from '@medplum/fhirtypes';
import {
  deliverDue,
  notificationBundle,
  subscriptionStatus,
  subscriptionStatusOf,
  webhookAllowFromEnv,
  type Identity,
} from '@careweave/care';
import { SYSTEM_CONTEXT, type Repository } from '@careweave/store';
import type { FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { requireScope } from '../api/care-http.js';
import type { AccessService } from '../auth/config.js';
import { FHIR_BASE, FHIR_JSON, fhirBase } from '../fhir/http.js';
import { restHookTransport } from './rest-hook.js';
import { WS_PATH, WebsocketHub } from './websocket.js';

/**
 * Raised by the write hooks after a commit that queued notifications (wired in start.ts), so a
 * worker delivers at once instead of at its next poll.
 */
export const subscriptionQueued = new EventEmitter();
subscriptionQueued.setMaxListeners(0);

export interface SubscriptionOptions {
  repo: Repository;
  /** Identity → RequestContext (care/access): deliveries see what the Subscription's owner may see now. */
  access: AccessService;
  publicBaseUrl?: string;
  /**
   * Run the delivery worker in this process (the server does; API tests that do not test
   * Subscriptions leave it off). `pollMs`: how often it looks for due retries, heartbeats and other
   * servers' events (default 1 s).
   */
  delivery?: { pollMs?: number } | false;
}

/** The listening origin, for notification URLs when no public base URL is configured. */
function originOf(app: FastifyInstance): string {
  const address = app.server.address() as AddressInfo | null;
  return `http://127.0.0.1:${address?.port ?? 0}`;
}

/**
 * Subscriptions on the FHIR API (backport IG 1.1): `Subscription/{id}/$status`,
 * `Subscription/{id}/$get-ws-binding-token` and the websocket endpoint, and the delivery worker
 * that sends queued notifications on the rest-hook and websocket channels.
 */
export function registerSubscriptions(
  app: FastifyInstance,
  options: SubscriptionOptions,
): { stop(): void } {
  const { repo, access } = options;
  const baseUrl = (): string => options.publicBaseUrl ?? `${originOf(app)}${FHIR_BASE}`;
  const deliveryOptions = {
    baseUrl: '',
    contextFor: async (identity: Identity) => access.contextFor(identity),
  };
  const hub = new WebsocketHub(async (subscriptionId, socket) => {
    // The handshake goes to the connection that bound, straight away (backport IG "websocket").
    const subscription = await repo.read<Subscription>(
      SYSTEM_CONTEXT,
      'Subscription',
      subscriptionId,
    );
    const record = await repo.readModels.subscriptions.get(subscriptionId);
    const status = subscriptionStatus(baseUrl(), subscription, record, 'handshake');
    socket.send(JSON.stringify(notificationBundle(baseUrl(), status, subscriptionId, [])));
    // Notifications that waited for a connection go out now.
    subscriptionQueued.emit('queued');
  });
  hub.attach(app);

  for (const method of ['GET', 'POST'] as const) {
    app.route<{ Params: { id: string } }>({
      method,
      url: '/Subscription/:id/$status',
      config: { access: 'authenticated', interaction: 'operation' },
      handler: async (request, reply) => {
        requireScope(request, 'Subscription', 'r');
        const bundle = await subscriptionStatusOf(
          repo,
          request.careweave,
          request.params.id,
          fhirBase(request, options.publicBaseUrl),
        );
        return reply.type(FHIR_JSON).send(bundle);
      },
    });
    app.route<{ Params: { id: string } }>({
      method,
      url: '/Subscription/:id/$get-ws-binding-token',
      config: { access: 'authenticated', interaction: 'operation' },
      handler: async (request, reply) => {
        requireScope(request, 'Subscription', 'r');
        const subscription = await repo.read<Subscription>(
          request.careweave,
          'Subscription',
          request.params.id,
        );
        const { token, expiration } = hub.issue(subscription.id as string);
        const base = fhirBase(request, options.publicBaseUrl);
        const wsUrl = `${base.replace(/^http/, 'ws').replace(/\/fhir\/R4$/, '')}${WS_PATH}`;
        const answer: Parameters = {
          resourceType: 'Parameters',
          parameter: [
            { name: 'token', valueString: token },
            { name: 'expiration', valueDateTime: expiration },
            { name: 'subscription', valueString: `${base}/Subscription/${subscription.id}` },
            { name: 'websocket-url', valueUrl: wsUrl },
          ],
        };
        return reply.type(FHIR_JSON).send(answer);
      },
    });
  }

  if (!options.delivery) return { stop: () => undefined };
  const pollMs = options.delivery.pollMs ?? 1000;
  const restHook = restHookTransport(webhookAllowFromEnv(process.env));
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let again = false;
  const round = async (): Promise<number> => {
    const opts = { ...deliveryOptions, baseUrl: baseUrl() };
    let n = await deliverDue(repo, 'rest-hook', restHook, opts);
    const bound = hub.boundSubscriptions();
    if (bound.length > 0) n += await deliverDue(repo, 'websocket', hub.transport, opts, bound);
    return n;
  };
  const run = (): void => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    clearTimeout(timer);
    round()
      .catch((err: unknown) => app.log.error({ err }, 'subscription delivery failed'))
      .then(
        (n) => {
          running = false;
          if (stopped) return;
          if ((n ?? 0) > 0 || again) {
            again = false;
            setImmediate(run);
          } else {
            timer = setTimeout(run, pollMs);
            timer.unref();
          }
        },
        () => undefined,
      );
  };
  const onQueued = (): void => run();
  subscriptionQueued.on('queued', onQueued);
  const stop = (): void => {
    stopped = true;
    clearTimeout(timer);
    subscriptionQueued.off('queued', onQueued);
  };
  // The first round once the server listens (its notifications name the listening address).
  app.server.once('listening', run);
  app.addHook('onClose', (_app, done) => {
    stop();
    done();
  });
  return { stop };
}
