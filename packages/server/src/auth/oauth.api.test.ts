import { testDatabaseKinds } from '@careweave/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_PASSWORD, recordingAccess, seedAuthFixture } from '../testing/auth-fixtures.js';
import { startLiveServer, type LiveServer } from '../testing/live-server.js';
import { registerClient } from './clients.js';
import { randomToken, s256 } from './secrets.js';

const REDIRECT = 'https://app.example.org/callback';

describe.each(testDatabaseKinds())('SMART App Launch and OAuth 2.0 on %s', (kind) => {
  let server: LiveServer;
  let appId: string;
  let service: { id: string; secret: string };
  let ip = 0;

  const authorizeUrl = (params: Record<string, string>): string =>
    `${server.origin}/oauth2/authorize?${new URLSearchParams(params).toString()}`;
  const form = (params: Record<string, string>): RequestInit => ({
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      'X-Forwarded-For': `10.9.${kind === 'pglite' ? 1 : 2}.${++ip}`,
    },
    body: new URLSearchParams(params).toString(),
    redirect: 'manual',
  });
  const token = async (
    params: Record<string, string>,
    basic?: string,
  ): Promise<{ status: number; body: Record<string, string>; headers: Headers }> => {
    const init = form(params);
    const response = await fetch(`${server.origin}/oauth2/token`, {
      ...init,
      headers: {
        ...(init.headers as Record<string, string>),
        ...(basic ? { Authorization: `Basic ${basic}` } : {}),
      },
    });
    return {
      status: response.status,
      body: (await response.json()) as Record<string, string>,
      headers: response.headers,
    };
  };

  /** What a SMART app does: send the user to log in, and get a code back at its redirect URI. */
  async function authorize(
    email: string,
    scope: string,
    verifier: string,
    state = 'xyz',
  ): Promise<URL> {
    const params = {
      response_type: 'code',
      client_id: appId,
      redirect_uri: REDIRECT,
      scope,
      state,
      code_challenge: s256(verifier),
      code_challenge_method: 'S256',
      aud: `${server.baseUrl}`,
    };
    expect((await fetch(authorizeUrl(params))).status).toBe(200);
    const response = await fetch(
      `${server.origin}/oauth2/authorize`,
      form({ ...params, email, password: FIXTURE_PASSWORD }),
    );
    expect(response.status).toBe(303);
    return new URL(response.headers.get('location') ?? '');
  }

  beforeAll(async () => {
    server = await startLiveServer(kind, { trustProxy: true, auth: { access: recordingAccess() } });
    await seedAuthFixture(server.db, server.repo);
    appId = (
      await registerClient(server.db, {
        name: 'Care Diary',
        redirectUris: [REDIRECT],
        confidential: false,
      })
    ).client.clientId;
    const registered = await registerClient(server.db, {
      name: 'Nightly reports',
      redirectUris: [],
      confidential: true,
      scopes: ['system/*.rs'],
    });
    service = { id: registered.client.clientId, secret: registered.secret ?? '' };
  });
  afterAll(async () => {
    await server?.close();
  });

  it('publishes its SMART configuration without authentication', async () => {
    const response = await fetch(`${server.origin}/.well-known/smart-configuration`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      authorization_endpoint: `${server.origin}/oauth2/authorize`,
      token_endpoint: `${server.origin}/oauth2/token`,
      grant_types_supported: ['authorization_code', 'client_credentials', 'refresh_token'],
      code_challenge_methods_supported: ['S256'],
      scopes_supported: expect.arrayContaining(['patient/*.rs', 'user/*.cruds', 'system/*.rs']),
      capabilities: expect.arrayContaining([
        'launch-standalone',
        'client-public',
        'client-confidential-symmetric',
        'context-standalone-patient',
        'permission-v2',
        'permission-patient',
        'permission-user',
      ]),
    });
  });

  it('says so in the CapabilityStatement', async () => {
    const metadata = (await (await fetch(`${server.baseUrl}/metadata`)).json()) as {
      rest: { security?: { service?: { coding?: { code?: string }[] }[] } }[];
    };
    expect(metadata.rest[0]?.security?.service?.[0]?.coding?.[0]?.code).toBe('SMART-on-FHIR');
  });

  it('shows an accessible login form, and never redirects to an unknown client or redirect URI', async () => {
    const valid = {
      response_type: 'code',
      client_id: appId,
      redirect_uri: REDIRECT,
      scope: 'patient/*.rs',
      state: 's1',
      code_challenge: s256(randomToken()),
      code_challenge_method: 'S256',
    };
    const page = await fetch(authorizeUrl(valid));
    const html = await page.text();
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(page.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
    expect(html).toContain('<html lang="en">');
    expect(html).toMatch(/<label for="email">Email<\/label>\s*<input id="email"/);
    expect(html).toMatch(
      /<label for="password">Password<\/label>\s*<input id="password"[^>]*type="password"/,
    );
    expect(html).toContain('Care Diary');

    for (const bad of [
      { ...valid, client_id: 'nope' },
      { ...valid, redirect_uri: 'https://evil.example/steal' },
    ]) {
      const response = await fetch(authorizeUrl(bad), { redirect: 'manual' });
      expect(response.status).toBe(400);
      expect(response.headers.get('location')).toBeNull();
    }
    // Other mistakes go back to the app, with its state.
    const noPkce = await fetch(authorizeUrl({ ...valid, code_challenge_method: 'plain' }), {
      redirect: 'manual',
    });
    expect(noPkce.status).toBe(303);
    const location = new URL(noPkce.headers.get('location') ?? '');
    expect([
      location.origin + location.pathname,
      location.searchParams.get('error'),
      location.searchParams.get('state'),
    ]).toEqual([REDIRECT, 'invalid_request', 's1']);
    const wrongAud = new URL(
      (
        await fetch(authorizeUrl({ ...valid, aud: 'https://other.example/fhir' }), {
          redirect: 'manual',
        })
      ).headers.get('location') ?? '',
    );
    expect(wrongAud.searchParams.get('error')).toBe('invalid_request');
    const noScope = new URL(
      (
        await fetch(authorizeUrl({ ...valid, scope: 'system/*.rs' }), { redirect: 'manual' })
      ).headers.get('location') ?? '',
    );
    expect(noScope.searchParams.get('error')).toBe('invalid_scope');
  });

  it('escapes every reflected value of the login form', async () => {
    const xss = '"><script>alert(1)</script><img src=x onerror=alert(2)>';
    const evilApp = (
      await registerClient(server.db, {
        name: `Evil ${xss}`,
        redirectUris: [REDIRECT],
        confidential: false,
      })
    ).client.clientId;
    const params = {
      response_type: 'code',
      client_id: evilApp,
      redirect_uri: REDIRECT,
      scope: `patient/*.rs ${xss}`,
      state: xss,
      code_challenge: s256(randomToken()),
      code_challenge_method: 'S256',
    };
    const shown = await (await fetch(authorizeUrl(params))).text();
    const failed = await fetch(
      `${server.origin}/oauth2/authorize`,
      form({ ...params, email: xss, password: 'wrong password' }),
    );
    expect(failed.status).toBe(401);
    const reshown = await failed.text();
    for (const html of [shown, reshown]) {
      expect(html).not.toContain('<script>');
      expect(html).not.toContain('<img');
      expect(html).not.toMatch(/"><script/);
      expect(html).toContain(
        '&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;',
      );
    }
    expect(reshown).toContain('role="alert"');
  });

  it('runs the authorization code flow with PKCE; a wrong verifier spends the code, and a code works once', async () => {
    // First the caregiver's app tries with the wrong verifier: refused, and that code is gone.
    const verifier = randomToken(48);
    const first = await authorize(
      'lucia.fx@example.org',
      'patient/*.rs launch/patient offline_access',
      verifier,
    );
    expect(first.searchParams.get('state')).toBe('xyz');
    const code = first.searchParams.get('code') ?? '';
    const exchange = {
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT,
      client_id: appId,
    };
    expect(await token({ ...exchange, code_verifier: randomToken(48) })).toMatchObject({
      status: 400,
      body: { error: 'invalid_grant' },
    });
    expect(await token({ ...exchange, code_verifier: verifier })).toMatchObject({
      status: 400,
      body: { error: 'invalid_grant' },
    });

    // Then it logs in again and exchanges the new code properly.
    const second = await authorize(
      'lucia.fx@example.org',
      'patient/*.rs launch/patient offline_access',
      verifier,
    );
    const code2 = second.searchParams.get('code') ?? '';
    const granted = await token({ ...exchange, code: code2, code_verifier: verifier });
    expect(granted.status).toBe(200);
    expect(granted.headers.get('cache-control')).toBe('no-store');
    expect(granted.body).toMatchObject({
      token_type: 'Bearer',
      expires_in: 900,
      scope: 'patient/*.rs launch/patient offline_access',
      patient: 'fx-ana',
    });
    const access = granted.body['access_token'] ?? '';
    const me = await fetch(`${server.origin}/auth/me`, {
      headers: { Authorization: `Bearer ${access}` },
    });
    expect(await me.json()).toMatchObject({
      kind: 'user',
      role: 'caregiver',
      fhirUser: 'RelatedPerson/fx-lucia',
      scopes: ['patient/*.rs', 'launch/patient', 'offline_access'],
    });
    expect(
      (
        await fetch(`${server.baseUrl}/Patient`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${access}`, 'Content-Type': 'application/fhir+json' },
          body: '{"resourceType":"Patient"}',
        })
      ).status,
    ).toBe(403);

    // The refresh token rotates; the old one is refused afterwards.
    const refreshed = await token({
      grant_type: 'refresh_token',
      refresh_token: granted.body['refresh_token'] ?? '',
      client_id: appId,
    });
    expect(refreshed).toMatchObject({
      status: 200,
      body: { scope: 'patient/*.rs launch/patient offline_access', patient: 'fx-ana' },
    });
    expect(
      await token({
        grant_type: 'refresh_token',
        refresh_token: granted.body['refresh_token'] ?? '',
        client_id: appId,
      }),
    ).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });

    // Replaying the spent code revokes the session it opened: its tokens stop working.
    const fresh = refreshed.body['access_token'] ?? '';
    expect(await token({ ...exchange, code: code2, code_verifier: verifier })).toMatchObject({
      status: 400,
      body: { error: 'invalid_grant' },
    });
    expect(
      (await fetch(`${server.origin}/auth/me`, { headers: { Authorization: `Bearer ${fresh}` } }))
        .status,
    ).toBe(401);
  });

  it('grants only the scopes that fit the user: staff get user/ scopes, a patient cannot get them at all', async () => {
    const staff = await authorize(
      'nadia.fx@example.org',
      'patient/*.rs user/*.rs launch/patient',
      'v'.repeat(43),
    );
    const granted = await token({
      grant_type: 'authorization_code',
      code: staff.searchParams.get('code') ?? '',
      redirect_uri: REDIRECT,
      client_id: appId,
      code_verifier: 'v'.repeat(43),
    });
    expect(granted.body['scope']).toBe('user/*.rs');
    expect(granted.body['patient']).toBeUndefined();

    const denied = await authorize('ana.fx@example.org', 'user/*.cruds', 'w'.repeat(43));
    expect([denied.searchParams.get('error'), denied.searchParams.get('code')]).toEqual([
      'access_denied',
      null,
    ]);
  });

  it('gives back-end services system tokens through client credentials, Basic or form', async () => {
    const basic = Buffer.from(
      `${encodeURIComponent(service.id)}:${encodeURIComponent(service.secret)}`,
    ).toString('base64');
    const viaBasic = await token({ grant_type: 'client_credentials', scope: 'system/*.rs' }, basic);
    expect(viaBasic).toMatchObject({
      status: 200,
      body: { token_type: 'Bearer', scope: 'system/*.rs', expires_in: 900 },
    });
    expect(viaBasic.body['refresh_token']).toBeUndefined();
    const viaForm = await token({
      grant_type: 'client_credentials',
      client_id: service.id,
      client_secret: service.secret,
    });
    expect(viaForm.body['scope']).toBe('system/*.rs');

    const system = { Authorization: `Bearer ${viaBasic.body['access_token']}` };
    expect((await fetch(`${server.baseUrl}/Patient/fx-ana`, { headers: system })).status).toBe(200);
    expect(
      (
        await fetch(`${server.baseUrl}/Patient`, {
          method: 'POST',
          headers: { ...system, 'Content-Type': 'application/fhir+json' },
          body: '{"resourceType":"Patient"}',
        })
      ).status,
    ).toBe(403);

    const wrongSecret = await token(
      { grant_type: 'client_credentials' },
      Buffer.from(`${service.id}:nope`).toString('base64'),
    );
    expect(wrongSecret).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
    expect(wrongSecret.headers.get('www-authenticate')).toMatch(/^Basic/);
    expect(
      await token({
        grant_type: 'client_credentials',
        client_id: service.id,
        client_secret: service.secret,
        scope: 'system/*.cruds',
      }),
    ).toMatchObject({ status: 400, body: { error: 'invalid_scope' } });
    expect(await token({ grant_type: 'client_credentials', client_id: appId })).toMatchObject({
      status: 400,
      body: { error: 'unauthorized_client' },
    });
    expect(await token({ grant_type: 'password', client_id: appId })).toMatchObject({
      status: 400,
      body: { error: 'unsupported_grant_type' },
    });
    expect(await token({ grant_type: 'client_credentials', client_id: 'nobody' })).toMatchObject({
      status: 401,
      body: { error: 'invalid_client' },
    });
  });
});
