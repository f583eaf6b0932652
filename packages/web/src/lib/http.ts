import type { OperationOutcome } from '@medplum/fhirtypes';
import { clearTokens, readTokens, writeTokens, type Tokens } from './tokens';

/** An HTTP failure turned into something a person can read (`message`) plus what a program needs. */
export class HttpError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly outcome?: OperationOutcome,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** A successful response: the parsed body and the headers (e.g. for withheld-data signals). */
export interface HttpResponse<T> {
  data: T;
  headers: Headers;
  status: number;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Sent as JSON. */
  json?: unknown;
  /** Do not attach the bearer token or try to refresh (login, refresh itself). */
  anonymous?: boolean;
  signal?: AbortSignal;
  /** Extra request headers, e.g. `If-Match` for optimistic concurrency. */
  headers?: Record<string, string>;
  /** Answer the body as text instead of parsing JSON (e.g. a CSV export). */
  text?: boolean;
}

type ExpiryListener = () => void;
const expiryListeners = new Set<ExpiryListener>();

/** Subscribes to "the session could not be refreshed" (the shell then shows the login page). */
export function onSessionExpired(listener: ExpiryListener): () => void {
  expiryListeners.add(listener);
  return () => expiryListeners.delete(listener);
}

function isOutcome(body: unknown): body is OperationOutcome {
  return (
    typeof body === 'object' &&
    body !== null &&
    (body as { resourceType?: unknown }).resourceType === 'OperationOutcome'
  );
}

/** Turns an OperationOutcome into one readable sentence per issue (diagnostics, else details). */
export function outcomeMessage(outcome: OperationOutcome): string {
  const parts = (outcome.issue ?? [])
    .filter(
      (i) => i.severity === 'error' || i.severity === 'fatal' || (outcome.issue ?? []).length === 1,
    )
    .map((i) => i.details?.text ?? i.diagnostics ?? i.code)
    .filter((s): s is string => Boolean(s));
  return parts.length > 0 ? parts.join('; ') : 'The server reported a problem.';
}

const STATUS_TEXT: Readonly<Record<number, string>> = {
  401: 'Your session has ended. Please sign in again.',
  403: 'You do not have permission to see this.',
  404: 'Not found.',
  410: 'This record has been deleted.',
  429: 'Too many requests. Please wait a moment and try again.',
};

async function toError(response: Response): Promise<HttpError> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  if (isOutcome(body)) {
    const base = outcomeMessage(body);
    return new HttpError(
      response.status === 401 ? `${STATUS_TEXT[401]} (${base})` : base,
      response.status,
      body,
    );
  }
  const message =
    (body as { message?: unknown; error_description?: unknown } | undefined)?.error_description ??
    (body as { message?: unknown } | undefined)?.message;
  const text =
    typeof message === 'string'
      ? message
      : (STATUS_TEXT[response.status] ??
        `The server answered ${response.status} ${response.statusText}.`);
  return new HttpError(text, response.status);
}

let refreshing: Promise<boolean> | null = null;

/** Refreshes the access token once, sharing one request between concurrent callers. */
function refreshOnce(): Promise<boolean> {
  refreshing ??= (async () => {
    const tokens = readTokens();
    if (!tokens?.refreshToken) {
      return false;
    }
    try {
      const { data } = await send<{
        access_token: string;
        refresh_token?: string;
        expires_in?: number;
      }>('/auth/refresh', {
        method: 'POST',
        json: { refresh_token: tokens.refreshToken },
        anonymous: true,
      });
      const next: Tokens = {
        ...tokens,
        accessToken: data.access_token,
        refreshToken: data.refresh_token ?? tokens.refreshToken,
      };
      writeTokens(next);
      return true;
    } catch {
      return false;
    }
  })().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

async function send<T>(path: string, options: RequestOptions): Promise<HttpResponse<T>> {
  const headers: Record<string, string> = {
    Accept: 'application/fhir+json, application/json',
    ...options.headers,
  };
  if (options.json !== undefined) {
    headers['Content-Type'] = path.startsWith('/fhir/')
      ? 'application/fhir+json'
      : 'application/json';
  }
  const token = options.anonymous ? undefined : readTokens()?.accessToken;
  if (token) {
    headers['Authorization'] = `Bearer ${token}`;
  }
  let response: Response;
  try {
    response = await fetch(path, {
      method: options.method ?? 'GET',
      headers,
      ...(options.json !== undefined ? { body: JSON.stringify(options.json) } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (err) {
    if ((err as Error).name === 'AbortError') {
      throw err;
    }
    throw new HttpError(
      'Cannot reach the Careweave server. Check your connection and try again.',
      0,
    );
  }
  if (!response.ok) {
    throw await toError(response);
  }
  const text = await response.text();
  return {
    data: (options.text ? text : text ? JSON.parse(text) : undefined) as T,
    headers: response.headers,
    status: response.status,
  };
}

/**
 * The one HTTP client of the web app: adds the bearer token, refreshes it once on a 401 and
 * retries, and turns failures (OperationOutcome or otherwise) into an `HttpError` with a readable
 * message. When the session cannot be refreshed, the tokens are cleared and listeners told.
 */
export async function request<T>(
  path: string,
  options: RequestOptions = {},
): Promise<HttpResponse<T>> {
  try {
    return await send<T>(path, options);
  } catch (err) {
    if (!(err instanceof HttpError) || err.status !== 401 || options.anonymous) {
      throw err;
    }
    if (await refreshOnce()) {
      try {
        return await send<T>(path, options);
      } catch (retryErr) {
        if (!(retryErr instanceof HttpError) || retryErr.status !== 401) {
          throw retryErr;
        }
      }
    }
    clearTokens();
    expiryListeners.forEach((l) => l());
    throw new HttpError(STATUS_TEXT[401] ?? 'Please sign in again.', 401, err.outcome);
  }
}
