import { checkThrottle, clearFailures, findAccountByEmail, normaliseEmail, recordLoginFailure, type Account, type Database } from '@careweave/store';
import type { AuthConfig, LoginEvent } from './config.js';
import { verifyPassword } from './passwords.js';

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
  via: LoginEvent['via'];
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
export async function checkLogin(db: Database, config: AuthConfig, attempt: LoginAttempt): Promise<LoginResult> {
  const email = normaliseEmail(attempt.email);
  const keys = [accountKey(email), ipKey(attempt.ip)];
  const event = (outcome: LoginEvent['outcome'], account?: Account): LoginEvent => ({
    outcome,
    email,
    via: attempt.via,
    ip: attempt.ip,
    at: new Date(),
    ...(attempt.userAgent ? { userAgent: attempt.userAgent } : {}),
    ...(attempt.clientId ? { clientId: attempt.clientId } : {}),
    ...(account ? { accountId: account.id, fhirUser: account.fhirUser, displayName: account.displayName } : {}),
    ...(outcome === 'failure' ? { reason: 'invalid-credentials' as const } : outcome === 'throttled' ? { reason: 'throttled' as const } : {}),
  });

  const lockedUntil = await checkThrottle(db, keys);
  if (lockedUntil) {
    await config.onLogin(event('throttled'));
    return { ok: false, reason: 'throttled', retryAfterSeconds: Math.max(1, Math.ceil((lockedUntil.getTime() - Date.now()) / 1000)) };
  }
  const account = email.length > 0 ? await findAccountByEmail(db, email) : undefined;
  const valid = await verifyPassword(attempt.password, account?.passwordHash);
  if (!valid || !account || account.disabled) {
    await recordLoginFailure(db, keys[0] as string, config.throttle.account);
    await recordLoginFailure(db, keys[1] as string, config.throttle.ip);
    await config.onLogin(event('failure', account));
    return { ok: false, reason: 'invalid' };
  }
  await clearFailures(db, accountKey(email));
  await config.onLogin(event('success', account));
  return { ok: true, account };
}
