import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { SubscriptionError } from '@careweave/contract';
import { careError } from '../shared/care-errors.js';

/**
 * Addresses a rest-hook may not reach unless its host is allowed by name: loopback, private
 * (RFC 1918, unique-local fc00::/7), carrier-grade NAT, link-local (cloud metadata at
 * 169.254.169.254), "this network", multicast and reserved ranges — the server-side request
 * forgery targets of OWASP's SSRF prevention cheat sheet.
 */
const REFUSED = (() => {
  const list = new BlockList();
  for (const [net, bits] of [
    ['0.0.0.0', 8],
    ['10.0.0.0', 8],
    ['100.64.0.0', 10],
    ['127.0.0.0', 8],
    ['169.254.0.0', 16],
    ['172.16.0.0', 12],
    ['192.0.0.0', 24],
    ['192.168.0.0', 16],
    ['198.18.0.0', 15],
    ['224.0.0.0', 4],
    ['240.0.0.0', 4],
  ] as const) {
    list.addSubnet(net, bits, 'ipv4');
  }
  for (const [net, bits] of [
    ['::', 128],
    ['::1', 128],
    ['fc00::', 7],
    ['fe80::', 10],
    ['ff00::', 8],
    ['64:ff9b::', 96],
  ] as const) {
    list.addSubnet(net, bits, 'ipv6');
  }
  return list;
})();

/** Is this IP address one a webhook may not reach (IPv4-mapped IPv6 judged as IPv4)? */
export function isRefusedAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return REFUSED.check(mapped, 'ipv4');
  const family = isIP(address);
  if (family === 0) return true;
  return REFUSED.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** The hosts of `CAREWEAVE_WEBHOOK_ALLOW` (comma-separated), lower case. */
export function webhookAllowFromEnv(env: NodeJS.ProcessEnv): readonly string[] {
  return (env['CAREWEAVE_WEBHOOK_ALLOW'] ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter((h) => h.length > 0);
}

function refuse(text: string): Error {
  return careError(
    SubscriptionError.ENDPOINT_REFUSED,
    'business-rule',
    text,
    'Subscription.channel.endpoint',
  );
}

/**
 * Checks a rest-hook endpoint: an absolute http(s) URL whose host, once resolved (every address
 * DNS gives), is not loopback, private or link-local — unless the host is listed in `allow`.
 * Throws a 422 naming the reason. Run at creation and again before each delivery (DNS may change).
 */
export async function checkEndpoint(endpoint: string, allow: readonly string[]): Promise<void> {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw refuse(`The rest-hook endpoint "${endpoint}" is not an absolute URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw refuse(`The rest-hook endpoint must be http or https, not ${url.protocol}`);
  }
  if (url.username || url.password) {
    throw refuse('The rest-hook endpoint may not carry credentials in its URL; use channel.header');
  }
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (allow.includes(host)) return;
  let addresses: string[];
  if (isIP(host) !== 0) {
    addresses = [host];
  } else {
    try {
      addresses = (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);
    } catch {
      throw refuse(`The rest-hook endpoint's host "${host}" does not resolve`);
    }
  }
  const refused = addresses.find(isRefusedAddress);
  if (refused !== undefined) {
    throw refuse(
      `The rest-hook endpoint "${host}" resolves to ${refused}, a loopback, private or link-local address; ` +
        'an administrator can allow the host with CAREWEAVE_WEBHOOK_ALLOW',
    );
  }
}
