import type { AuditLog, Identity, LoginEvent } from '@careweave/care';
import type { RequestContext, ThrottlePolicy } from '@careweave/store';
import type { SigningKeys } from './keys.js';
import { ACCESS_TOKEN_TTL_SECONDS } from './tokens.js';

/** Turns an authenticated Identity into the RequestContext store applies (care/access's `createAccessService`). */
export interface AccessService {
  contextFor(identity: Identity): Promise<RequestContext> | RequestContext;
  /** care/access's audit trail (administration and password changes are recorded through it). */
  audit?: Pick<AuditLog, 'recordAdmin'>;
}

/** Authentication settings for `buildApp`. */
export interface AuthOptions {
  /** The ES256 key that signs and verifies access tokens (from the key file; see `keys.ts`). */
  keys: SigningKeys;
  /** Turns an Identity into a RequestContext (access control lives in care/access). */
  access: AccessService;
  /**
   * Called for every login attempt (success, failure, throttled) and logout before the response
   * is sent; awaited, so a failing audit sink fails the login (fail closed). `startServer` passes
   * care/access's `audit.recordLogin`; without it events go to the log.
   */
  onLogin?: (event: LoginEvent) => void | Promise<void>;
  accessTokenTtlSeconds?: number;
  /** How long a login session (its refresh token) lasts; default 12 hours. */
  sessionTtlSeconds?: number;
  /** Login throttling; defaults: 5 failures per 15 min per account, 20 per 15 min per IP. */
  throttle?: { account?: ThrottlePolicy; ip?: ThrottlePolicy };
  /** Authorization code lifetime; default 2 minutes. */
  codeTtlSeconds?: number;
}

/** AuthOptions with every default filled in. */
export interface AuthConfig {
  keys: SigningKeys;
  access: AccessService;
  onLogin: (event: LoginEvent) => void | Promise<void>;
  accessTokenTtlSeconds: number;
  sessionTtlSeconds: number;
  throttle: { account: ThrottlePolicy; ip: ThrottlePolicy };
  codeTtlSeconds: number;
}

/** Fills in the defaults. */
export function resolveAuthConfig(
  options: AuthOptions,
  fallbackOnLogin: (event: LoginEvent) => void,
): AuthConfig {
  return {
    keys: options.keys,
    access: options.access,
    onLogin: options.onLogin ?? fallbackOnLogin,
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? ACCESS_TOKEN_TTL_SECONDS,
    sessionTtlSeconds: options.sessionTtlSeconds ?? 12 * 3600,
    throttle: {
      account: options.throttle?.account ?? { limit: 5, windowSeconds: 15 * 60 },
      ip: options.throttle?.ip ?? { limit: 20, windowSeconds: 15 * 60 },
    },
    codeTtlSeconds: options.codeTtlSeconds ?? 120,
  };
}
