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
  /** Login throttling; defaults in `DEFAULT_THROTTLE` (see login.ts for how they combine). */
  throttle?: { account?: ThrottlePolicy; ip?: ThrottlePolicy; device?: ThrottlePolicy };
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
  throttle: { account: ThrottlePolicy; ip: ThrottlePolicy; device: ThrottlePolicy };
  codeTtlSeconds: number;
}

/**
 * Login throttling (OWASP ASVS V2.2.1):
 * - account (from unknown devices): 5 failures within an hour lock it for 1 minute, each further
 *   failure doubles the lock, up to 30 minutes — guessing slows to a crawl, the owner is never
 *   locked out for long, and from a known device not at all;
 * - address: 20 failures in 15 minutes lock the address for 15 minutes (password spraying);
 * - known device: 5 failures in 15 minutes lock that device for 15 minutes.
 */
export const DEFAULT_THROTTLE: AuthConfig['throttle'] = {
  account: { limit: 5, windowSeconds: 3600, lockSeconds: 60, maxLockSeconds: 30 * 60 },
  ip: { limit: 20, windowSeconds: 15 * 60 },
  device: { limit: 5, windowSeconds: 15 * 60 },
};

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
      account: options.throttle?.account ?? DEFAULT_THROTTLE.account,
      ip: options.throttle?.ip ?? DEFAULT_THROTTLE.ip,
      device: options.throttle?.device ?? DEFAULT_THROTTLE.device,
    },
    codeTtlSeconds: options.codeTtlSeconds ?? 120,
  };
}
