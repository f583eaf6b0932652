import {
  createClient,
  findClient,
  type Database,
  type OAuthClient,
  type Queryable,
} from '@careweave/store';
import { CONTEXT_SCOPES, parseScope } from './scopes.js';
import { hashToken, randomToken, safeEqual } from './secrets.js';
import { AuthErrorCode } from '@careweave/contract';
import { AuthError } from './errors.js';

/** Scopes a new client gets when none are given: patient- and user-level access, plus system read for confidential clients. */
export function defaultClientScopes(confidential: boolean): string[] {
  return [
    'patient/*.cruds',
    'user/*.cruds',
    'launch/patient',
    'offline_access',
    ...(confidential ? ['system/*.rs'] : []),
  ];
}

/** Raised for an invalid client registration. */
export class ClientRegistrationError extends AuthError {
  constructor(message: string) {
    super(AuthErrorCode.CLIENT_REGISTRATION, message);
    this.name = 'ClientRegistrationError';
  }
}

function checkRedirectUri(uri: string): void {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    throw new ClientRegistrationError(`Redirect URI ${JSON.stringify(uri)} is not an absolute URL`);
  }
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (
    url.hash ||
    (url.protocol !== 'https:' &&
      !(url.protocol === 'http:' && loopback) &&
      !/^[a-z][a-z0-9+.-]*\.[a-z0-9+.-]+:$/.test(url.protocol))
  ) {
    throw new ClientRegistrationError(
      `Redirect URI ${uri} must be https (http only on localhost), or a private-use scheme such as com.example.app:/cb, and have no #fragment`,
    );
  }
}

/** What registering a client takes. */
export interface ClientRegistration {
  name: string;
  redirectUris: readonly string[];
  scopes?: readonly string[] | undefined;
  confidential: boolean;
  /**
   * A back-end service's public keys (private_key_jwt): a JWKS document, or the URL where the
   * service publishes it. Such a client is confidential and gets no secret.
   */
  jwks?: { keys: Record<string, unknown>[] } | undefined;
  jwksUrl?: string | undefined;
}

/** A JWKS URL is https, or http on a loopback address (local integrations and tests). */
function checkJwksUrl(uri: string): void {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    throw new ClientRegistrationError(`JWKS URL ${JSON.stringify(uri)} is not an absolute URL`);
  }
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new ClientRegistrationError(`JWKS URL ${uri} must be https (http only on localhost)`);
  }
}

/** An inline JWKS holds public keys of the kinds the token endpoint verifies (RSA, EC), never a private one. */
function checkJwks(jwks: unknown): void {
  const keys = (jwks as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys) || keys.length === 0) {
    throw new ClientRegistrationError('A JWKS is a JSON object with a non-empty "keys" array');
  }
  for (const key of keys as unknown[]) {
    const k = key as Record<string, unknown> | null;
    if (!k || typeof k !== 'object' || (k['kty'] !== 'RSA' && k['kty'] !== 'EC')) {
      throw new ClientRegistrationError('Every JWKS key must be an RSA or EC public key (kty)');
    }
    if ('d' in k) {
      throw new ClientRegistrationError(
        'The JWKS holds a private key: register only the public keys',
      );
    }
  }
}

/**
 * Registers an OAuth client, validating its redirect URIs and scopes. A confidential client gets a
 * random secret, returned here once and stored only as a hash.
 */
export async function registerClient(
  db: Queryable,
  registration: ClientRegistration,
): Promise<{ client: OAuthClient; secret?: string }> {
  const { name, scopes } = checkClientRegistration(registration);
  const asymmetric = registration.jwks !== undefined || registration.jwksUrl !== undefined;
  const secret = registration.confidential && !asymmetric ? randomToken() : undefined;
  const client = await createClient(db, {
    clientId: randomToken(16),
    ...(secret ? { secretHash: hashToken(secret) } : {}),
    ...(registration.jwks ? { jwks: registration.jwks } : {}),
    ...(registration.jwksUrl ? { jwksUrl: registration.jwksUrl } : {}),
    name,
    redirectUris: [...registration.redirectUris],
    allowedScopes: scopes,
    kind: registration.confidential ? 'confidential' : 'public',
  });
  return secret ? { client, secret } : { client };
}

/**
 * Checks a registration (name, redirect URIs, scopes, what a public client may hold) and answers
 * the trimmed name and the scopes it gets; `ClientRegistrationError` says what is wrong.
 */
export function checkClientRegistration(registration: ClientRegistration): {
  name: string;
  scopes: string[];
} {
  const name = registration.name.trim();
  if (!name) {
    throw new ClientRegistrationError('A client needs a name');
  }
  registration.redirectUris.forEach(checkRedirectUri);
  if (registration.jwks !== undefined || registration.jwksUrl !== undefined) {
    if (!registration.confidential) {
      throw new ClientRegistrationError(
        'A client with keys (--jwks-url / --jwks-file) is confidential (--confidential)',
      );
    }
    if (registration.jwks !== undefined && registration.jwksUrl !== undefined) {
      throw new ClientRegistrationError('Give either a JWKS URL or a JWKS document, not both');
    }
    if (registration.jwksUrl !== undefined) checkJwksUrl(registration.jwksUrl);
    if (registration.jwks !== undefined) checkJwks(registration.jwks);
  }
  const scopes =
    registration.scopes && registration.scopes.length > 0
      ? [...registration.scopes]
      : defaultClientScopes(registration.confidential);
  for (const scope of scopes) {
    const parsed = parseScope(scope);
    if (!parsed && !CONTEXT_SCOPES.includes(scope)) {
      throw new ClientRegistrationError(
        `Unknown scope ${JSON.stringify(scope)}; use e.g. patient/*.rs, user/Observation.cruds, system/*.rs, launch/patient`,
      );
    }
    if (parsed?.context === 'system' && !registration.confidential) {
      throw new ClientRegistrationError(
        `A public client cannot hold ${scope}: system scopes need a confidential client (--confidential)`,
      );
    }
  }
  if (!registration.confidential && registration.redirectUris.length === 0) {
    throw new ClientRegistrationError('A public client needs at least one --redirect-uri');
  }
  return { name, scopes };
}

/** Client credentials as presented to the token endpoint (RFC 6749 §2.3.1). */
export interface PresentedClient {
  clientId?: string;
  secret?: string;
  /** `basic`: HTTP Basic; `post`: form fields. */
  method?: 'basic' | 'post';
}

/** Reads client credentials from HTTP Basic (URL-encoded id:secret) or the form's client_id/client_secret. */
export function presentedClient(
  authorization: string | undefined,
  form: ReadonlyMap<string, string>,
): PresentedClient {
  const basic = authorization ? /^Basic\s+([A-Za-z0-9+/]+=*)\s*$/i.exec(authorization) : null;
  if (basic?.[1]) {
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    const i = decoded.indexOf(':');
    if (i > 0) {
      try {
        return {
          clientId: decodeURIComponent(decoded.slice(0, i)),
          secret: decodeURIComponent(decoded.slice(i + 1)),
          method: 'basic',
        };
      } catch {
        return {};
      }
    }
    return {};
  }
  const clientId = form.get('client_id');
  const secret = form.get('client_secret');
  return {
    ...(clientId ? { clientId } : {}),
    ...(secret ? { secret, method: 'post' as const } : {}),
  };
}

/**
 * The client these credentials authenticate: a confidential client must present its secret; a
 * public client must present none. Undefined when they do not.
 */
export async function authenticateClient(
  db: Database,
  presented: PresentedClient,
): Promise<OAuthClient | undefined> {
  if (!presented.clientId) {
    return undefined;
  }
  const client = await findClient(db, presented.clientId);
  if (!client) {
    return undefined;
  }
  if (client.kind === 'public') {
    return presented.secret === undefined ? client : undefined;
  }
  return presented.secret !== undefined &&
    client.secretHash !== undefined &&
    safeEqual(hashToken(presented.secret), client.secretHash)
    ? client
    : undefined;
}
