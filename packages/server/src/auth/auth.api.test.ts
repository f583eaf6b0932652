import type { LoginEvent } from '@careweave/care';
import type { OperationOutcome } from '@medplum/fhirtypes';
import { setAccountDisabled } from '@careweave/store';
import { testDatabaseKinds } from '@careweave/store/testing';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FIXTURE_PASSWORD,
  recordingAccess,
  seedAuthFixture,
  type AuthFixture,
} from '../testing/auth-fixtures.js';
import { startLiveServer, type LiveServer } from '../testing/live-server.js';
import { generateSigningKeys } from './keys.js';

interface Answer {
  status: number;
  headers: Headers;
  body: Record<string, unknown> & Partial<OperationOutcome>;
}

describe.each(testDatabaseKinds())('login, sessions and bearer tokens on %s', (kind) => {
  let server: LiveServer;
  let fx: AuthFixture;
  const events: LoginEvent[] = [];
  const access = recordingAccess();
  let nextIp = 1;
  /** Each story logs in from its own address (the test server trusts X-Forwarded-For), so throttling stays separate. */
  const freshIp = (): string => `10.0.${kind === 'pglite' ? 1 : 2}.${nextIp++}`;

  async function call(
    method: string,
    path: string,
    init: { token?: string; body?: unknown; ip?: string } = {},
  ): Promise<Answer> {
    const response = await fetch(`${server.origin}${path}`, {
      method,
      headers: {
        ...(init.token ? { Authorization: `Bearer ${init.token}` } : {}),
        ...(init.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        ...(init.ip ? { 'X-Forwarded-For': init.ip } : {}),
      },
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
    });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      body: text ? (JSON.parse(text) as Answer['body']) : {},
    };
  }
  const login = (email: string, password: string, ip: string): Promise<Answer> =>
    call('POST', '/auth/login', { body: { email, password }, ip });
  const fhir = (path: string, token?: string, method = 'GET', body?: unknown): Promise<Answer> =>
    call(method, `/fhir/R4${path}`, { ...(token ? { token } : {}), ...(body ? { body } : {}) });

  beforeAll(async () => {
    server = await startLiveServer(kind, {
      trustProxy: true,
      auth: { access, onLogin: (event) => void events.push(event) },
    });
    fx = await seedAuthFixture(server.db, server.repo);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('answers 401 with an OperationOutcome and WWW-Authenticate to FHIR and auth calls without a token, and keeps public doors open', async () => {
    for (const path of [
      '/fhir/R4/Patient',
      '/fhir/R4/Patient/x',
      '/fhir/R4/_history',
      '/fhir/R4/NoSuchType',
      '/auth/me',
    ]) {
      const answer = await call('GET', path);
      expect(answer.status, path).toBe(401);
      expect(answer.headers.get('www-authenticate')).toBe('Bearer realm="careweave"');
      expect(answer.body.resourceType).toBe('OperationOutcome');
      expect(answer.body.issue?.[0]?.code).toBe('login');
    }
    expect(
      (await call('POST', '/fhir/R4/Patient', { body: { resourceType: 'Patient' } })).status,
    ).toBe(401);
    expect((await fetch(`${server.baseUrl}/Patient`, { method: 'HEAD' })).status).toBe(401);
    expect((await call('POST', '/auth/logout')).status).toBe(401);
    expect(
      (await call('GET', '/fhir/R4/Patient', { token: 'garbage' })).headers.get('www-authenticate'),
    ).toMatch(/error="invalid_token"/);
    for (const path of [
      '/healthz',
      '/metrics',
      '/fhir/R4/metadata',
      '/.well-known/smart-configuration',
      '/fhir/R4/.well-known/smart-configuration',
    ]) {
      expect((await fetch(`${server.origin}${path}`)).status, path).toBe(200);
    }
  });

  it('logs the coordinator in, tells the app who she is, and lets her token reach the API', async () => {
    const answer = await login('  Nadia.FX@example.org ', FIXTURE_PASSWORD, freshIp());
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.body).toMatchObject({
      token_type: 'Bearer',
      expires_in: 900,
      scope: 'user/*.cruds',
      user: {
        name: 'Nadia Haddad',
        role: 'care-coordinator',
        organizations: [{ id: 'fx-org', name: 'Northside Family Practice' }],
        fhirUser: 'Practitioner/fx-nadia',
      },
    });
    expect(answer.body['refresh_token']).toEqual(expect.any(String));
    const token = answer.body['access_token'] as string;
    const me = await call('GET', '/auth/me', { token });
    expect(me.body).toMatchObject({
      kind: 'user',
      email: 'nadia.fx@example.org',
      role: 'care-coordinator',
      scopes: ['user/*.cruds'],
    });
    expect((await fhir('/Organization', token)).status).toBe(200);
    // care/access was asked for the context of exactly this person, as of the account.
    expect(access.identities.at(-1)).toEqual({
      kind: 'user',
      accountId: fx.coordinator.id,
      email: 'nadia.fx@example.org',
      fhirUser: 'Practitioner/fx-nadia',
      role: 'care-coordinator',
      organizationIds: ['fx-org'],
      scopes: ['user/*.cruds'],
      sessionId: expect.any(String),
      displayName: 'Nadia Haddad',
    });
    expect(events.at(-1)).toMatchObject({
      outcome: 'success',
      action: 'login',
      email: 'nadia.fx@example.org',
      identity: { kind: 'user', accountId: fx.coordinator.id },
    });
  });

  it('gives a patient patient-context scopes', async () => {
    const answer = await login('ana.fx@example.org', FIXTURE_PASSWORD, freshIp());
    expect(answer.body).toMatchObject({
      scope: 'patient/*.cruds',
      user: { role: 'patient', organizations: [], fhirUser: 'Patient/fx-ana' },
    });
  });

  it('refuses a wrong password and an unknown email alike, and audits both', async () => {
    const ip = freshIp();
    const wrong = await login('nadia.fx@example.org', 'not her password', ip);
    const unknown = await login('nobody@example.org', FIXTURE_PASSWORD, ip);
    for (const answer of [wrong, unknown]) {
      expect(answer.status).toBe(401);
      expect(answer.body).toMatchObject({
        resourceType: 'OperationOutcome',
        issue: [{ code: 'login', details: { text: 'Invalid email or password' } }],
      });
      expect(answer.body['access_token']).toBeUndefined();
    }
    expect(events.slice(-2).map((e) => [e.outcome, e.email, e.reason])).toEqual([
      ['failure', 'nadia.fx@example.org', 'wrong password'],
      ['failure', 'nobody@example.org', 'unknown email'],
    ]);
    expect((await login('nadia.fx@example.org', '', ip)).status).toBe(400);
  });

  it('slows guessing on an account from unknown devices, but its owner’s known device still signs in with the right password', async () => {
    // Lucia signed in from her own browser last week: it holds a known-device token.
    const before = await login('lucia.fx@example.org', FIXTURE_PASSWORD, freshIp());
    const device = before.body['device_token'] as string;
    expect(device).toEqual(expect.any(String));
    // Someone else tries five passwords against her account, from several addresses.
    const attacker = freshIp();
    for (let i = 0; i < 5; i++) {
      expect((await login('lucia.fx@example.org', `guess ${i}`, freshIp())).status).toBe(401);
    }
    // From an unknown device even the right password waits: the first lock is a minute (backoff).
    const locked = await login('lucia.fx@example.org', FIXTURE_PASSWORD, attacker);
    expect(locked.status).toBe(429);
    const retryAfter = Number(locked.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(locked.body).toMatchObject({
      resourceType: 'OperationOutcome',
      issue: [{ code: 'throttled' }],
    });
    expect(events.at(-1)).toMatchObject({
      outcome: 'failure',
      reason: 'throttled: too many failed logins',
    });
    // Lucia, from her known device — even sharing the attacker's address — is not locked out.
    const mine = await call('POST', '/auth/login', {
      body: { email: 'lucia.fx@example.org', password: FIXTURE_PASSWORD, device_token: device },
      ip: attacker,
    });
    expect(mine.status).toBe(200);
    // A device token is no skeleton key: it does not unlock another account, nor replace the password.
    const borrowed = await call('POST', '/auth/login', {
      body: { email: 'nadia.fx@example.org', password: 'wrong', device_token: device },
      ip: freshIp(),
    });
    expect(borrowed.status).toBe(401);
    const noPassword = await call('POST', '/auth/login', {
      body: { email: 'lucia.fx@example.org', password: 'wrong', device_token: device },
      ip: freshIp(),
    });
    expect(noPassword.status).toBe(401);
  });

  it('locks an address after 20 failures in 15 minutes, whatever the accounts; other addresses and known devices still log in', async () => {
    const known = await login('ana.fx@example.org', FIXTURE_PASSWORD, freshIp());
    const ip = freshIp();
    for (let i = 0; i < 20; i++) {
      expect((await login(`spray${i}@example.org`, 'password123', ip)).status).toBe(401);
    }
    expect((await login('ana.fx@example.org', FIXTURE_PASSWORD, ip)).status).toBe(429);
    expect((await login('ana.fx@example.org', FIXTURE_PASSWORD, freshIp())).status).toBe(200);
    const fromKnownDevice = await call('POST', '/auth/login', {
      body: {
        email: 'ana.fx@example.org',
        password: FIXTURE_PASSWORD,
        device_token: known.body['device_token'],
      },
      ip,
    });
    expect(fromKnownDevice.status).toBe(200);
  });

  it('rotates refresh tokens; a replayed one ends the whole session', async () => {
    const first = await login('nadia.fx@example.org', FIXTURE_PASSWORD, freshIp());
    const r1 = first.body['refresh_token'] as string;
    const second = await call('POST', '/auth/refresh', { body: { refresh_token: r1 } });
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({
      token_type: 'Bearer',
      scope: 'user/*.cruds',
      user: { fhirUser: 'Practitioner/fx-nadia' },
    });
    const r2 = second.body['refresh_token'] as string;
    expect(r2).not.toBe(r1);
    const access2 = second.body['access_token'] as string;
    expect((await call('GET', '/auth/me', { token: access2 })).status).toBe(200);

    // Someone replays r1: refused, and the session it belongs to is revoked with everything in it.
    const replay = await call('POST', '/auth/refresh', { body: { refresh_token: r1 } });
    expect(replay.status).toBe(401);
    expect(replay.body.resourceType).toBe('OperationOutcome');
    expect((await call('POST', '/auth/refresh', { body: { refresh_token: r2 } })).status).toBe(401);
    expect((await call('GET', '/auth/me', { token: access2 })).status).toBe(401);
    expect((await call('POST', '/auth/refresh', { body: {} })).status).toBe(400);
  });

  it('logs out: the session is revoked and its access token stops working at once', async () => {
    const session = await login('nadia.fx@example.org', FIXTURE_PASSWORD, freshIp());
    const token = session.body['access_token'] as string;
    expect((await fhir('/Organization', token)).status).toBe(200);
    expect((await call('POST', '/auth/logout', { token })).status).toBe(204);
    const after = await fhir('/Organization', token);
    expect(after.status).toBe(401);
    expect(after.headers.get('www-authenticate')).toMatch(/error="invalid_token"/);
    expect(after.body.issue?.[0]?.details?.text).toMatch(/session/);
    expect(
      (
        await call('POST', '/auth/refresh', {
          body: { refresh_token: session.body['refresh_token'] },
        })
      ).status,
    ).toBe(401);
    expect(events.at(-1)).toMatchObject({
      action: 'logout',
      outcome: 'success',
      email: 'nadia.fx@example.org',
    });

    // The web app sends its refresh token along; that session ends too.
    const other = await login('nadia.fx@example.org', FIXTURE_PASSWORD, freshIp());
    const third = await login('nadia.fx@example.org', FIXTURE_PASSWORD, freshIp());
    expect(
      (
        await call('POST', '/auth/logout', {
          token: third.body['access_token'] as string,
          body: { refresh_token: other.body['refresh_token'] },
        })
      ).status,
    ).toBe(204);
    expect(
      (await call('GET', '/auth/me', { token: other.body['access_token'] as string })).status,
    ).toBe(401);
  });

  it('refuses expired, forged and wrong-audience tokens, and tokens of a disabled account', async () => {
    const claims = { cw_kind: 'system', scope: 'system/*.cruds' };
    const jwt = (): SignJWT =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt' })
        .setSubject('intruder')
        .setIssuedAt(Math.floor(Date.now() / 1000) - 3600);
    const expired = await jwt()
      .setIssuer('careweave')
      .setAudience('careweave-fhir')
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(server.keys.privateKey);
    const forged = await jwt()
      .setIssuer('careweave')
      .setAudience('careweave-fhir')
      .setExpirationTime('10m')
      .sign((await generateSigningKeys()).privateKey);
    const otherAudience = await jwt()
      .setIssuer('careweave')
      .setAudience('https://other.example/fhir')
      .setExpirationTime('10m')
      .sign(server.keys.privateKey);
    for (const [what, token] of Object.entries({ expired, forged, otherAudience })) {
      const answer = await fhir('/Patient', token);
      expect(answer.status, what).toBe(401);
      expect(answer.body.resourceType).toBe('OperationOutcome');
      expect(answer.headers.get('www-authenticate')).toMatch(
        /^Bearer realm="careweave", error="invalid_token"/,
      );
    }
    // A CLI-minted user token is checked against the account at every request.
    const cli = await server.mintToken({
      kind: 'user',
      sub: 'lucia.fx@example.org',
      scopes: ['patient/*.rs'],
    });
    expect((await call('GET', '/auth/me', { token: cli })).status).toBe(200);
    await setAccountDisabled(server.db, fx.caregiver.id, true);
    expect((await call('GET', '/auth/me', { token: cli })).status).toBe(401);
    await setAccountDisabled(server.db, fx.caregiver.id, false);
    expect(
      (
        await fhir(
          '/Patient',
          await server.mintToken({ kind: 'user', sub: 'ghost@example.org', scopes: ['user/*.rs'] }),
        )
      ).status,
    ).toBe(401);
  });

  it('enforces scopes on every FHIR call: read-only tokens cannot write, and a type scope covers only its type', async () => {
    const patient = { resourceType: 'Patient', name: [{ family: 'Scope' }] };
    const readOnlyUser = await server.mintToken({
      kind: 'user',
      sub: 'nadia.fx@example.org',
      scopes: ['user/*.rs'],
    });
    const created = await fhir('/Patient', readOnlyUser, 'POST', patient);
    expect(created.status).toBe(403);
    expect(created.body).toMatchObject({
      resourceType: 'OperationOutcome',
      issue: [{ code: 'forbidden' }],
    });
    expect(created.headers.get('www-authenticate')).toMatch(/error="insufficient_scope"/);
    expect((await fhir('/Organization', readOnlyUser)).status).toBe(200);

    const readOnlySystem = await server.mintToken({
      kind: 'system',
      sub: 'reporting',
      scopes: ['system/*.rs'],
    });
    expect((await fhir('/Patient', readOnlySystem)).status).toBe(200);
    expect(access.identities.at(-1)).toEqual({
      kind: 'system',
      clientId: 'reporting',
      scopes: ['system/*.rs'],
    });
    expect((await fhir('/Patient/fx-ana', readOnlySystem)).status).toBe(200);
    expect((await fhir('/Patient', readOnlySystem, 'POST', patient)).status).toBe(403);
    expect(
      (
        await fhir('/Patient/fx-ana', readOnlySystem, 'PUT', {
          resourceType: 'Patient',
          id: 'fx-ana',
        })
      ).status,
    ).toBe(403);
    expect((await fhir('/Patient/fx-ana', readOnlySystem, 'DELETE')).status).toBe(403);
    const transaction = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        { request: { method: 'GET', url: 'Patient/fx-ana' } },
        { resource: patient, request: { method: 'POST', url: 'Patient' } },
      ],
    };
    expect((await fhir('', readOnlySystem, 'POST', transaction)).status).toBe(403);
    expect((await fhir('', server.token, 'POST', transaction)).status).toBe(200);

    const observationsOnly = await server.mintToken({
      kind: 'system',
      sub: 'labs',
      scopes: ['system/Observation.cruds'],
    });
    expect((await fhir('/Observation', observationsOnly)).status).toBe(200);
    expect((await fhir('/Patient', observationsOnly)).status).toBe(403);
    expect((await fhir('/_history', observationsOnly)).status).toBe(403);
    expect(
      (await fhir('/Observation?_revinclude=Provenance:target', observationsOnly)).status,
    ).toBe(403);

    // Scopes outside the account's role are dropped: a patient holding user/ or system/ scopes has none.
    const overreach = await server.mintToken({
      kind: 'user',
      sub: 'ana.fx@example.org',
      scopes: ['user/*.cruds', 'system/*.cruds'],
    });
    expect((await fhir('/Patient/fx-ana', overreach)).status).toBe(403);
  });
});
