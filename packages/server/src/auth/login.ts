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
import { userIdentity } from './identify.js';
import { verifyPassword } from './passwords.js';
import { defaultScopesForRole } from './scopes.js';

/** The outcome of checking a password login. */
export type LoginResult =
  | { ok: true; account: Account }
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
}

const accountKey = (email: string): string => `account:${email}`;
const ipKey = (ip: string): string => `ip:${ip}`;

/**
 * Checks a password login with throttling kept in the database (so every app server counts the
 * same failures): a locked account or IP is refused before the password is even verified; a
 * failure counts against both; a success clears the account's counter (not the IP's: one valid
 * login must not reset an attacker's budget). Every attempt is reported to `config.onLogin`.
 */
export async function checkLogin(
  db: Database,
  config: AuthConfig,
  attempt: LoginAttempt,
): Promise<LoginResult> {
  const email = normaliseEmail(attempt.email);
  const keys = [accountKey(email), ipKey(attempt.ip)];
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
    await recordLoginFailure(db, keys[0] as string, config.throttle.account);
    await recordLoginFailure(db, keys[1] as string, config.throttle.ip);
    await config.onLogin(
      event(
        'failure',
        !account ? 'unknown email' : !valid ? 'wrong password' : 'account disabled',
        account,
      ),
    );
    return { ok: false, reason: 'invalid' };
  }
  await clearFailures(db, accountKey(email));
  await recordAccountLogin(db, account.id);
  await config.onLogin(event('success', undefined, account));
  return { ok: true, account };
}
