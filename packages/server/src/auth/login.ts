import {
  checkThrottle,
  clearFailures,
  findAccountByEmail,
  normaliseEmail,
  recordAccountLogin,
  recordLoginFailure,
  type Account,
  type Database,
} from '@careweave/store';
import type { LoginEvent } from '@careweave/care';
import type { AuthConfig } from './config.js';
import { mintDeviceToken, verifyDeviceToken } from './device-token.js';
import { userIdentity } from './identify.js';
import { verifyPassword } from './passwords.js';
import { defaultScopesForRole } from './scopes.js';

/** The outcome of checking a password login. */
export type LoginResult =
  /** `deviceToken`: the known-device token to hand back (see device-token.ts). */
  | { ok: true; account: Account; deviceToken: string }
  /** Unknown email, wrong password and disabled account look the same to the caller. */
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'throttled'; retryAfterSeconds: number };

/** Who is trying to log in, from where. */
export interface LoginAttempt {
  email: string;
  password: string;
  ip: string;
  userAgent?: string | undefined;
  /** `password`: `/auth/login`; `oauth-authorize`: the SMART login form of an app (`clientId`). */
  via: 'password' | 'oauth-authorize';
  clientId?: string | undefined;
  /** The known-device token a browser got at an earlier successful login here, if any. */
  deviceToken?: string | undefined;
}

const accountKey = (email: string): string => `account:${email}`;
const ipKey = (ip: string): string => `ip:${ip}`;
const deviceKey = (id: string): string => `device:${id}`;

/**
 * Checks a password login with throttling kept in the database (so every app server counts the
 * same failures), without handing an attacker a denial of service:
 * - from an unknown device, a locked account (backoff: 5 failures lock it for a minute, each
 *   further one doubles that, up to 30 minutes) or a locked address (20 failures in 15 minutes)
 *   is refused before the password is even verified, and a failure counts against both;
 * - from a known device of this account (a valid device token, earned by a successful login
 *   there), only that device's own counter applies: the owner still signs in with the right
 *   password while someone else hammers her account or shares her address.
 * A success clears the counter it was judged by (never the address's: one valid login must not
 * reset an attacker's budget). Every attempt is reported to `config.onLogin`.
 */
export async function checkLogin(
  db: Database,
  config: AuthConfig,
  attempt: LoginAttempt,
): Promise<LoginResult> {
  const email = normaliseEmail(attempt.email);
  const known = await verifyDeviceToken(config.keys, attempt.deviceToken);
  const device = known && known.email === email ? known : undefined;
  const keys = device ? [deviceKey(device.deviceId)] : [accountKey(email), ipKey(attempt.ip)];
  const where =
    attempt.via === 'oauth-authorize' ? ` (SMART login for client ${attempt.clientId ?? '?'})` : '';
  const event = (
    outcome: LoginEvent['outcome'],
    reason?: string,
    account?: Account,
  ): LoginEvent => ({
    email,
    outcome,
    action: 'login',
    ip: attempt.ip,
    ...(account ? { accountId: account.id } : {}),
    ...(reason ? { reason: `${reason}${where}` } : {}),
    ...(outcome === 'success' && account
      ? { identity: userIdentity(account, defaultScopesForRole(account.role)) }
      : {}),
  });

  const lockedUntil = await checkThrottle(db, keys);
  if (lockedUntil) {
    await config.onLogin(event('failure', 'throttled: too many failed logins'));
    return {
      ok: false,
      reason: 'throttled',
      retryAfterSeconds: Math.max(1, Math.ceil((lockedUntil.getTime() - Date.now()) / 1000)),
    };
  }
  const account = email.length > 0 ? await findAccountByEmail(db, email) : undefined;
  const valid = await verifyPassword(attempt.password, account?.passwordHash);
  if (!valid || !account || account.disabled) {
    if (device) {
      await recordLoginFailure(db, deviceKey(device.deviceId), config.throttle.device);
    } else {
      await recordLoginFailure(db, accountKey(email), config.throttle.account);
      await recordLoginFailure(db, ipKey(attempt.ip), config.throttle.ip);
    }
    await config.onLogin(
      event(
        'failure',
        !account ? 'unknown email' : !valid ? 'wrong password' : 'account disabled',
        account,
      ),
    );
    return { ok: false, reason: 'invalid' };
  }
  await clearFailures(db, keys[0] as string);
  await recordAccountLogin(db, account.id);
  await config.onLogin(event('success', undefined, account));
  return {
    ok: true,
    account,
    deviceToken: await mintDeviceToken(config.keys, email, device?.deviceId),
  };
}
