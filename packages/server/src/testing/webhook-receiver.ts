import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Bundle, Parameters } from '@medplum/fhirtypes';

/** One POST a rest-hook receiver got, and what it answered. */
export interface Received {
  headers: IncomingHttpHeaders;
  bundle: Bundle;
  /** The SubscriptionStatus `type` (handshake, heartbeat, event-notification). */
  type: string;
  /** The event numbers it carried. */
  events: number[];
  subscription: string;
  answered: number;
}

/** The SubscriptionStatus (first entry) of a notification Bundle. */
export function statusOfBundle(bundle: Bundle): Parameters {
  return bundle.entry?.[0]?.resource as Parameters;
}

export function describeNotification(bundle: Bundle): {
  type: string;
  events: number[];
  subscription: string;
} {
  const status = statusOfBundle(bundle);
  const param = (name: string) => status.parameter?.find((p) => p.name === name);
  return {
    type: param('type')?.valueCode ?? '',
    subscription: param('subscription')?.valueReference?.reference ?? '',
    events: (status.parameter ?? [])
      .filter((p) => p.name === 'notification-event')
      .map((p) => Number(p.part?.find((q) => q.name === 'event-number')?.valueString)),
  };
}

/**
 * A rest-hook endpoint on 127.0.0.1: records every notification; `answer` decides each status
 * (default 200).
 */
export class Receiver {
  readonly received: Received[] = [];
  answer: (r: Omit<Received, 'answered'>) => number = () => 200;
  private server: Server | undefined;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const bundle = JSON.parse(Buffer.concat(chunks).toString()) as Bundle;
        const r = { headers: req.headers, bundle, ...describeNotification(bundle) };
        const answered = this.answer(r);
        this.received.push({ ...r, answered });
        res.writeHead(answered).end();
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
  }

  /** Notifications for one Subscription (its id), optionally of one type, that were acknowledged. */
  acknowledged(subscriptionId: string, type?: string): Received[] {
    return this.received.filter(
      (r) =>
        r.answered < 300 &&
        r.subscription.endsWith(`/Subscription/${subscriptionId}`) &&
        (type === undefined || r.type === type),
    );
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}

/** Polls until `check` holds (a failure guard, not a timing assertion). */
export async function until(
  check: () => boolean | Promise<boolean>,
  what: string,
  ms = 20_000,
): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
