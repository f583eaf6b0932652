import { checkEndpoint, type SubscriptionTransport } from '@careweave/care';

/** How long an endpoint may take when the Subscription sets no backport timeout. */
const DEFAULT_TIMEOUT_S = 10;

/**
 * The rest-hook channel: POSTs the notification Bundle to `channel.endpoint` with the
 * Subscription's `channel.header` lines. The endpoint is checked again before each POST (its DNS
 * may have changed since creation) and redirects are not followed, so a notification cannot be
 * steered to a private address. Any answer but 2xx is a failure (retried with back-off).
 */
export function restHookTransport(allow: readonly string[]): SubscriptionTransport {
  return async ({ spec }, bundle) => {
    const endpoint = spec.endpoint as string;
    await checkEndpoint(endpoint, allow);
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: {
        ...Object.fromEntries(spec.headers),
        'Content-Type': 'application/fhir+json',
      },
      body: JSON.stringify(bundle),
      redirect: 'manual',
      signal: AbortSignal.timeout((spec.timeoutSeconds ?? DEFAULT_TIMEOUT_S) * 1000),
    });
    await response.body?.cancel();
    if (response.status < 200 || response.status > 299) {
      throw new Error(`The endpoint answered ${response.status}`);
    }
  };
}
