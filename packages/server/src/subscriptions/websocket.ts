import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { SubscriptionTransport } from '@careweave/care';
import type { FastifyInstance } from 'fastify';
import { WebSocketServer, type WebSocket } from 'ws';

/** Where websocket clients connect (the `websocket-url` of `$get-ws-binding-token`). */
export const WS_PATH = '/fhir/R4/$subscription-ws';
/** How long a binding token may be used (backport IG: short-lived). */
export const WS_TOKEN_SECONDS = 60;

/**
 * The websocket channel of the backport IG: a client gets a short-lived token from
 * `Subscription/{id}/$get-ws-binding-token`, connects to `websocket-url` and sends
 * `bind-with-token: <token>`; the server answers with a handshake Bundle and then sends that
 * Subscription's notifications (events, heartbeats) as text frames. Tokens are single-use and
 * kept in this process: the client connects to the server that issued it.
 */
export class WebsocketHub {
  private readonly tokens = new Map<string, { subscriptionId: string; expires: number }>();
  private readonly bound = new Map<string, Set<WebSocket>>();
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });

  constructor(
    private readonly onBind: (subscriptionId: string, socket: WebSocket) => Promise<void>,
  ) {}

  /** A new binding token for a Subscription the caller may read. */
  issue(subscriptionId: string): { token: string; expiration: string } {
    const now = Date.now();
    for (const [t, v] of this.tokens) if (v.expires < now) this.tokens.delete(t);
    const token = randomBytes(24).toString('base64url');
    const expires = now + WS_TOKEN_SECONDS * 1000;
    this.tokens.set(token, { subscriptionId, expires });
    return { token, expiration: new Date(expires).toISOString() };
  }

  /** The Subscriptions with a connection on this server. */
  boundSubscriptions(): string[] {
    return [...this.bound.entries()].filter(([, s]) => s.size > 0).map(([id]) => id);
  }

  /** Sends a notification Bundle to every connection bound to the Subscription. */
  readonly transport: SubscriptionTransport = async ({ subscription }, bundle) => {
    const sockets = [...(this.bound.get(subscription.id as string) ?? [])];
    if (sockets.length === 0) throw new Error('No websocket is bound to this Subscription');
    const text = JSON.stringify(bundle);
    await Promise.all(
      sockets.map(
        (socket) =>
          new Promise<void>((resolve, reject) => {
            socket.send(text, (err) => (err ? reject(err) : resolve()));
          }),
      ),
    );
  };

  /** Takes the HTTP server's upgrade requests for WS_PATH; closes its sockets with the app. */
  attach(app: FastifyInstance): void {
    app.server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      if (new URL(request.url ?? '/', 'http://x').pathname !== WS_PATH) {
        socket.destroy();
        return;
      }
      this.wss.handleUpgrade(request, socket, head, (ws) => this.accept(ws));
    });
    app.addHook('onClose', (_app, done) => {
      for (const ws of this.wss.clients) ws.terminate();
      this.wss.close(() => done());
    });
  }

  private accept(ws: WebSocket): void {
    ws.on('message', (data: Buffer) => {
      const text = data.toString();
      const match = /^bind-with-token:\s*(\S+)\s*$/.exec(text);
      const entry = match ? this.tokens.get(match[1] as string) : undefined;
      if (!entry || entry.expires < Date.now()) {
        ws.send(JSON.stringify({ error: 'invalid or expired binding token' }));
        ws.close(1008, 'invalid token');
        return;
      }
      this.tokens.delete(match?.[1] as string);
      const set = this.bound.get(entry.subscriptionId) ?? new Set<WebSocket>();
      set.add(ws);
      this.bound.set(entry.subscriptionId, set);
      ws.on('close', () => set.delete(ws));
      this.onBind(entry.subscriptionId, ws).catch(() => ws.close(1011, 'handshake failed'));
    });
  }
}
