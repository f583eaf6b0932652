import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from '../testing/databases.js';
import {
  AccountExistsError,
  createAccount,
  findAccountByEmail,
  findAccountById,
  setAccountDisabled,
} from './accounts.js';
import {
  attachCodeSession,
  consumeCode,
  createClient,
  createCode,
  deleteClient,
  findClient,
} from './oauth.js';
import {
  createSession,
  findActiveSession,
  isSessionActive,
  revokeSession,
  rotateRefresh,
} from './sessions.js';
import { checkThrottle, clearFailures, pruneThrottle, recordLoginFailure } from './throttle.js';

const minutes = (n: number): number => n * 60_000;

describe.each(testDatabaseKinds())(
  'accounts, sessions, throttling and OAuth rows on %s',
  (kind) => {
    let t: TestDatabase;

    beforeAll(async () => {
      t = await openTestDatabase(kind);
    });
    afterAll(async () => {
      await t?.dispose();
    });

    it('stores accounts with a lower-case unique email', async () => {
      const account = await createAccount(t.db, {
        email: '  Maria.Lopez@Example.org ',
        passwordHash: '$argon2id$fake',
        fhirUser: 'Practitioner/p1',
        role: 'care-coordinator',
        organizationIds: ['org-a', 'org-b'],
        displayName: 'Maria Lopez',
      });
      expect(account.email).toBe('maria.lopez@example.org');
      expect(account.disabled).toBe(false);
      expect(await findAccountByEmail(t.db, 'MARIA.LOPEZ@example.org')).toEqual(account);
      expect(await findAccountById(t.db, account.id)).toEqual(account);
      expect(await findAccountByEmail(t.db, 'nobody@example.org')).toBeUndefined();
      await expect(
        createAccount(t.db, { ...account, email: 'maria.lopez@EXAMPLE.org' }),
      ).rejects.toBeInstanceOf(AccountExistsError);
    });

    it('rotates refresh tokens once, revokes a session whose old token is replayed, and honours logout', async () => {
      const account = await createAccount(t.db, {
        email: 'sam@example.org',
        passwordHash: 'h',
        fhirUser: 'Patient/x',
        role: 'patient',
        organizationIds: [],
        displayName: 'Sam',
      });
      const session = await createSession(t.db, {
        accountId: account.id,
        refreshTokenHash: 'r1',
        scope: 'patient/*.cruds',
        expiresAt: new Date(Date.now() + minutes(60)),
        ip: '10.0.0.1',
      });
      expect(await isSessionActive(t.db, session.id)).toBe(true);
      expect((await findActiveSession(t.db, session.id))?.account.email).toBe('sam@example.org');

      // First the app refreshes with r1 and gets r2; of two concurrent uses of r2 only one wins.
      expect(await rotateRefresh(t.db, 'r1', 'rx', 'some-app')).toEqual({
        ok: false,
        reason: 'unknown',
      }); // not that app's session
      expect(await rotateRefresh(t.db, 'r1', 'r2', null)).toMatchObject({
        ok: true,
        session: { id: session.id },
      });
      const [a, b] = await Promise.all([
        rotateRefresh(t.db, 'r2', 'r3a', null),
        rotateRefresh(t.db, 'r2', 'r3b', null),
      ]);
      expect([a.ok, b.ok].filter(Boolean)).toHaveLength(1);

      // The loser's r2 was already spent; presenting a spent token again means someone holds a
      // copy of it, so the whole session ends.
      expect(await rotateRefresh(t.db, 'r2', 'r4', null)).toEqual({ ok: false, reason: 'reused' });
      expect(await isSessionActive(t.db, session.id)).toBe(false);
      expect(await rotateRefresh(t.db, 'nope', 'r5', null)).toEqual({
        ok: false,
        reason: 'unknown',
      });

      const second = await createSession(t.db, {
        accountId: account.id,
        refreshTokenHash: 's1',
        scope: 'patient/*.rs',
        expiresAt: new Date(Date.now() + minutes(60)),
      });
      expect(await revokeSession(t.db, second.id)).toBe(true);
      expect(await revokeSession(t.db, second.id)).toBe(false);
      expect(await findActiveSession(t.db, second.id)).toBeUndefined();
      expect(await rotateRefresh(t.db, 's1', 's2', null)).toEqual({ ok: false, reason: 'unknown' });

      // Disabling the account ends its sessions' usefulness at once.
      const third = await createSession(t.db, {
        accountId: account.id,
        refreshTokenHash: 'd1',
        scope: 'patient/*.rs',
        expiresAt: new Date(Date.now() + minutes(60)),
      });
      await setAccountDisabled(t.db, account.id, true);
      expect(await findActiveSession(t.db, third.id)).toBeUndefined();
      expect((await rotateRefresh(t.db, 'd1', 'd2', null)).ok).toBe(false);

      // Expired sessions are not active.
      const old = await createSession(t.db, {
        accountId: account.id,
        refreshTokenHash: 'e1',
        scope: 'patient/*.rs',
        expiresAt: new Date(Date.now() - 1000),
      });
      expect(await isSessionActive(t.db, old.id)).toBe(false);
    });

    it('locks a key after the limit of failures in a window, and the lock lapses', async () => {
      const policy = { limit: 3, windowSeconds: 900 };
      const t0 = new Date('2030-01-01T10:00:00Z');
      expect(await recordLoginFailure(t.db, 'account:x@example.org', policy, t0)).toEqual({
        failures: 1,
      });
      expect(
        await recordLoginFailure(
          t.db,
          'account:x@example.org',
          policy,
          new Date(t0.getTime() + 1000),
        ),
      ).toEqual({ failures: 2 });
      expect(
        await checkThrottle(t.db, ['account:x@example.org', 'ip:1.2.3.4'], t0),
      ).toBeUndefined();
      const third = await recordLoginFailure(
        t.db,
        'account:x@example.org',
        policy,
        new Date(t0.getTime() + 2000),
      );
      expect(third.failures).toBe(3);
      expect(third.lockedUntil?.toISOString()).toBe('2030-01-01T10:15:02.000Z');
      expect(
        (
          await checkThrottle(
            t.db,
            ['ip:1.2.3.4', 'account:x@example.org'],
            new Date(t0.getTime() + 5000),
          )
        )?.toISOString(),
      ).toBe('2030-01-01T10:15:02.000Z');
      // After the lock and the window, counting starts afresh.
      expect(
        await checkThrottle(t.db, ['account:x@example.org'], new Date(t0.getTime() + minutes(16))),
      ).toBeUndefined();
      expect(
        await recordLoginFailure(
          t.db,
          'account:x@example.org',
          policy,
          new Date(t0.getTime() + minutes(16)),
        ),
      ).toEqual({ failures: 1 });
      await clearFailures(t.db, 'account:x@example.org');
      expect(
        await recordLoginFailure(
          t.db,
          'account:x@example.org',
          policy,
          new Date(t0.getTime() + minutes(17)),
        ),
      ).toEqual({ failures: 1 });
      expect(
        await pruneThrottle(t.db, new Date(t0.getTime() + minutes(60))),
      ).toBeGreaterThanOrEqual(1);
    });

    it('backs off: each failure past the limit doubles the lock, up to the most it may last', async () => {
      const policy = { limit: 2, windowSeconds: 3600, lockSeconds: 60, maxLockSeconds: 300 };
      const t0 = new Date('2031-01-01T10:00:00Z');
      const at = (s: number): Date => new Date(t0.getTime() + s * 1000);
      const key = 'account:backoff@example.org';
      expect((await recordLoginFailure(t.db, key, policy, at(0))).lockedUntil).toBeUndefined();
      const locks: number[] = [];
      let now = 1;
      for (let i = 0; i < 5; i++) {
        const state = await recordLoginFailure(t.db, key, policy, at(now));
        locks.push(((state.lockedUntil?.getTime() ?? 0) - at(now).getTime()) / 1000);
        now += locks[locks.length - 1] ?? 0; // the next guess waits for the lock to lapse
      }
      expect(locks).toEqual([60, 120, 240, 300, 300]);
    });

    it('counts concurrent failures exactly', async () => {
      const policy = { limit: 100, windowSeconds: 900 };
      const results = await Promise.all(
        Array.from({ length: 10 }, () => recordLoginFailure(t.db, 'ip:9.9.9.9', policy)),
      );
      expect(results.map((r) => r.failures).sort((x, y) => x - y)).toEqual([
        1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
      ]);
    });

    it('keeps OAuth clients and single-use authorization codes', async () => {
      const account = await createAccount(t.db, {
        email: 'gp@example.org',
        passwordHash: 'h',
        fhirUser: 'Practitioner/gp',
        role: 'physician',
        organizationIds: [],
        displayName: 'GP',
      });
      await expect(
        createClient(t.db, {
          clientId: 'bad',
          name: 'Bad',
          redirectUris: [],
          allowedScopes: [],
          kind: 'confidential',
        }),
      ).rejects.toThrow();
      const client = await createClient(t.db, {
        clientId: 'app',
        name: 'App',
        redirectUris: ['https://app.example/cb'],
        allowedScopes: ['patient/*.rs'],
        kind: 'public',
      });
      expect(await findClient(t.db, 'app')).toEqual(client);
      await createCode(t.db, {
        codeHash: 'c1',
        clientId: 'app',
        accountId: account.id,
        redirectUri: 'https://app.example/cb',
        codeChallenge: 'ch',
        scope: 'user/*.rs',
        expiresAt: new Date(Date.now() + minutes(2)),
      });
      const first = await consumeCode(t.db, 'c1');
      expect(first).toMatchObject({
        ok: true,
        code: { clientId: 'app', accountId: account.id, codeChallenge: 'ch' },
      });
      await attachCodeSession(t.db, 'c1', 'session-1');
      expect(await consumeCode(t.db, 'c1')).toEqual({
        ok: false,
        reason: 'used',
        sessionId: 'session-1',
      });
      expect(await consumeCode(t.db, 'c2')).toEqual({ ok: false, reason: 'unknown' });
      await createCode(t.db, {
        codeHash: 'c3',
        clientId: 'app',
        accountId: account.id,
        redirectUri: 'https://app.example/cb',
        codeChallenge: 'ch',
        scope: 'user/*.rs',
        expiresAt: new Date(Date.now() - 1000),
      });
      expect(await consumeCode(t.db, 'c3')).toEqual({ ok: false, reason: 'expired' });
      expect(await deleteClient(t.db, 'app')).toBe(true);
      expect(await findClient(t.db, 'app')).toBeUndefined();
    });
  },
);
