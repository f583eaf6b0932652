import { testDatabaseKinds } from '@careweave/store/testing';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_PASSWORD, seedAuthFixture } from '../testing/auth-fixtures.js';
import { startLiveServer, type LiveServer } from '../testing/live-server.js';
import { registerClient } from './clients.js';

/**
 * The part of fhirclient's Node API these tests use. Its own typings are not imported: they pull
 * the DOM library and @types/fhir's globals into the whole type-check program.
 */
interface SmartClient {
  state: { tokenResponse?: { access_token?: string; refresh_token?: string; id_token?: string } };
  user: { id: string | null; resourceType: string | null; read(): Promise<unknown> };
  getFhirUser(): string | null;
  patient: { id: string | null; read(): Promise<unknown> };
  request(url: string): Promise<unknown>;
  refresh(): Promise<SmartClient['state']>;
}
interface SmartStorage {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<unknown>;
  unset(key: string): Promise<boolean>;
}
type Smart = (
  request: IncomingMessage,
  response: ServerResponse,
  storage: SmartStorage,
) => {
  authorize(options: Record<string, string>): Promise<void>;
  ready(): Promise<SmartClient>;
};
const smart = createRequire(import.meta.url)('fhirclient') as Smart;

/** Where the SMART app lives: another origin than the server's. */
const APP = 'http://127.0.0.1:5555';
const REDIRECT = `${APP}/callback`;

/** fhirclient's server-side storage, kept in memory as one app instance would. */
function memoryStorage(): SmartStorage {
  const values = new Map<string, unknown>();
  return {
    get: (k) => Promise.resolve(values.get(k)),
    set: (k, v) => Promise.resolve(values.set(k, v).get(k)),
    unset: (k) => Promise.resolve(values.delete(k)),
  };
}

/** The app's view of one HTTP request to it: fhirclient's Node adapter reads the URL and may redirect. */
function appRequest(path: string): {
  req: IncomingMessage;
  res: ServerResponse;
  redirected: () => string | undefined;
} {
  let location: string | undefined;
  const req = {
    url: path,
    headers: { host: '127.0.0.1:5555' },
    socket: {},
  } as unknown as IncomingMessage;
  const res = {
    writeHead(_status: number, headers: Record<string, string>) {
      location = headers['location'];
      return this;
    },
    end() {
      return this;
    },
  } as unknown as ServerResponse;
  return { req, res, redirected: () => location };
}

/**
 * A SMART app built on `fhirclient` (the SMART project's own JavaScript client) with its default
 * settings, launched standalone against a live server: discovery, PKCE, the login form, the code
 * exchange, FHIR reads, and a refresh as fhirclient sends it (no client_id for a public client).
 */
describe.each(testDatabaseKinds())('a fhirclient SMART app on %s', (kind) => {
  let server: LiveServer;
  let clientId: string;

  beforeAll(async () => {
    server = await startLiveServer(kind, { trustProxy: true });
    await seedAuthFixture(server.db, server.repo, 'sa');
    clientId = (
      await registerClient(server.db, {
        name: 'Care Diary',
        redirectUris: [REDIRECT],
        confidential: false,
      })
    ).client.clientId;
  });
  afterAll(async () => {
    await server?.close();
  });

  /** The standalone launch as the person would go through it, ending with fhirclient's Client. */
  async function launch(email: string, scope: string): Promise<SmartClient> {
    const storage = memoryStorage();
    const start = appRequest('/launch');
    await smart(start.req, start.res, storage).authorize({
      iss: server.baseUrl,
      clientId,
      scope,
      redirectUri: REDIRECT,
    });
    const authorizeUrl = new URL(start.redirected() ?? '');
    expect(authorizeUrl.origin + authorizeUrl.pathname).toBe(`${server.origin}/oauth2/authorize`);
    expect(authorizeUrl.searchParams.get('code_challenge_method')).toBe('S256');
    expect((await fetch(authorizeUrl)).status).toBe(200);
    // The person logs in on the server's form, which sends the browser back to the app.
    const login = await fetch(`${server.origin}/oauth2/authorize`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams([
        ...authorizeUrl.searchParams.entries(),
        ['email', email],
        ['password', FIXTURE_PASSWORD],
      ]).toString(),
      redirect: 'manual',
    });
    expect(login.status).toBe(303);
    const back = new URL(login.headers.get('location') ?? '');
    expect(back.origin + back.pathname).toBe(REDIRECT);
    const callback = appRequest(back.pathname + back.search);
    return smart(callback.req, callback.res, storage).ready();
  }

  it('launches standalone for the patient, reads her record, and refreshes with default settings', async () => {
    const client = await launch('ana.sa@example.org', 'launch/patient patient/*.rs offline_access');
    expect(client.patient.id).toBe('sa-ana');
    expect(await client.patient.read()).toMatchObject({ resourceType: 'Patient', id: 'sa-ana' });

    const before = client.state.tokenResponse?.access_token;
    const refreshedState = await client.refresh();
    expect(refreshedState.tokenResponse?.access_token).toBeTruthy();
    expect(refreshedState.tokenResponse?.access_token).not.toBe(before);
    expect(await client.request('Patient/sa-ana')).toMatchObject({ id: 'sa-ana' });
  });

  it('refuses a public refresh token presented without client_id once it has been rotated away', async () => {
    const client = await launch('ana.sa@example.org', 'launch/patient patient/*.rs offline_access');
    const old = client.state.tokenResponse?.refresh_token ?? '';
    await client.refresh();
    const replay = await fetch(`${server.origin}/oauth2/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: old }).toString(),
    });
    expect(replay.status).toBe(400);
    expect(await replay.json()).toMatchObject({ error: 'invalid_grant' });
    // Reuse detection revoked the session: the refreshed token is gone too.
    const stale = await fetch(`${server.baseUrl}/Patient/sa-ana`, {
      headers: { Authorization: `Bearer ${client.state.tokenResponse?.access_token}` },
    });
    expect(stale.status).toBe(401);
  });

  it('refuses a refresh token no client can be found for as invalid_client', async () => {
    const unknown = await fetch(`${server.origin}/oauth2/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: 'nope' }).toString(),
    });
    expect(unknown.status).toBe(401);
    expect(await unknown.json()).toMatchObject({ error: 'invalid_client' });
  });

  it('signs in with OpenID Connect: fhirclient reads the id_token, and client.user resolves', async () => {
    const client = await launch(
      'ana.sa@example.org',
      'launch/patient openid fhirUser patient/*.rs offline_access',
    );
    expect(client.getFhirUser()).toBe('Patient/sa-ana');
    expect([client.user.resourceType, client.user.id]).toEqual(['Patient', 'sa-ana']);
    expect(await client.user.read()).toMatchObject({ resourceType: 'Patient', id: 'sa-ana' });

    // The id_token is signed with the key published at the JWKS endpoint, for this app.
    const discovery = (await (
      await fetch(`${server.origin}/.well-known/openid-configuration`)
    ).json()) as {
      issuer: string;
      jwks_uri: string;
      id_token_signing_alg_values_supported: string[];
    };
    const { payload } = await jwtVerify(
      client.state.tokenResponse?.id_token ?? '',
      createRemoteJWKSet(new URL(discovery.jwks_uri)),
      { issuer: discovery.issuer, audience: clientId },
    );
    expect(payload['fhirUser']).toBe(`${server.baseUrl}/Patient/sa-ana`);
    expect(discovery.id_token_signing_alg_values_supported).toContain('ES256');

    // A refresh brings a new id_token too.
    const refreshed = await client.refresh();
    expect(refreshed.tokenResponse?.id_token).toBeTruthy();
  });

  it('introspects and revokes tokens (RFC 7662, RFC 7009)', async () => {
    const client = await launch('ana.sa@example.org', 'launch/patient patient/*.rs offline_access');
    const access = client.state.tokenResponse?.access_token ?? '';
    const refresh = client.state.tokenResponse?.refresh_token ?? '';
    const post = (
      path: string,
      params: Record<string, string>,
      bearer?: string,
    ): Promise<Response> =>
      fetch(`${server.origin}/oauth2/${path}`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          ...(bearer ? { Authorization: `Bearer ${bearer}` } : {}),
        },
        body: new URLSearchParams(params).toString(),
      });

    // A resource server authenticates with its own token (here: the system token of the tests).
    expect((await post('introspect', { token: access })).status).toBe(401);
    const live = await post('introspect', { token: access }, server.token);
    expect(live.status).toBe(200);
    expect(await live.json()).toMatchObject({
      active: true,
      scope: 'launch/patient patient/*.rs offline_access',
      client_id: clientId,
      fhirUser: 'Patient/sa-ana',
    });
    expect(
      await (
        await post('introspect', { token: refresh, token_type_hint: 'refresh_token' }, server.token)
      ).json(),
    ).toMatchObject({ active: true, client_id: clientId });
    expect(await (await post('introspect', { token: 'not-a-token' }, server.token)).json()).toEqual(
      {
        active: false,
      },
    );

    // Another app cannot revoke this app's tokens; this app can (by its client_id: it is public).
    const other = (
      await registerClient(server.db, {
        name: 'Other app',
        redirectUris: [REDIRECT],
        confidential: false,
      })
    ).client.clientId;
    expect((await post('revoke', { token: refresh, client_id: other })).status).toBe(200);
    expect(
      (
        await fetch(`${server.baseUrl}/Patient/sa-ana`, {
          headers: { Authorization: `Bearer ${access}` },
        })
      ).status,
    ).toBe(200);
    expect((await post('revoke', { token: refresh })).status).toBe(401);
    expect((await post('revoke', { token: refresh, client_id: clientId })).status).toBe(200);
    expect(
      (
        await fetch(`${server.baseUrl}/Patient/sa-ana`, {
          headers: { Authorization: `Bearer ${access}` },
        })
      ).status,
    ).toBe(401);
    expect(await (await post('introspect', { token: access }, server.token)).json()).toEqual({
      active: false,
    });
  });

  it('advertises exactly the SMART capabilities these tests and oauth.api.test prove', async () => {
    const config = (await (
      await fetch(`${server.origin}/.well-known/smart-configuration`)
    ).json()) as Record<string, unknown>;
    expect((config['capabilities'] as string[]).sort()).toEqual(
      [
        'launch-standalone',
        'client-public',
        'client-confidential-symmetric',
        'client-confidential-asymmetric', // backend-services.api.test
        'context-standalone-patient',
        'sso-openid-connect',
        'permission-offline',
        'permission-v1',
        'permission-v2',
        'permission-patient',
        'permission-user',
      ].sort(),
    );
    expect(config).toMatchObject({
      issuer: server.origin,
      introspection_endpoint: `${server.origin}/oauth2/introspect`,
      revocation_endpoint: `${server.origin}/oauth2/revoke`,
      scopes_supported: expect.arrayContaining(['openid', 'fhirUser', 'offline_access']),
    });
  });
});
