import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listenOn, startLiveServer, type LiveServer } from '../testing/live-server.js';
import { parseCorsOrigins } from './cors.js';

const APP = 'https://diary.example.org';

/**
 * A SMART app served from its own origin calls discovery, the token endpoint and the FHIR API
 * from the browser: each answers with CORS headers (any origin by default, never credentials),
 * preflights are answered, and the web app's own doors stay same-origin.
 */
describe('CORS for browser apps on other origins', () => {
  let server: LiveServer;
  let listed: Awaited<ReturnType<typeof listenOn>>;

  beforeAll(async () => {
    server = await startLiveServer('pglite');
    listed = await listenOn(server.db, server.repo, { corsOrigins: [APP] });
  });
  afterAll(async () => {
    await listed?.close();
    await server?.close();
  });

  it('answers the preflight of a FHIR search with a bearer token', async () => {
    const response = await fetch(`${server.baseUrl}/Patient?name=ana`, {
      method: 'OPTIONS',
      headers: {
        Origin: APP,
        'Access-Control-Request-Method': 'GET',
        'Access-Control-Request-Headers': 'authorization, x-requested-with',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-allow-methods')).toContain('PATCH');
    expect(response.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
    expect(response.headers.get('access-control-allow-headers')).toMatch(/x-requested-with/);
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('lets the app read discovery, the token endpoint and FHIR answers (refusals included)', async () => {
    for (const path of ['/.well-known/smart-configuration', '/fhir/R4/metadata']) {
      const response = await fetch(`${server.origin}${path}`, { headers: { Origin: APP } });
      expect(response.status).toBe(200);
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
    }
    const token = await fetch(`${server.origin}/oauth2/token`, {
      method: 'POST',
      headers: { Origin: APP, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=refresh_token&refresh_token=nope',
    });
    expect(token.headers.get('access-control-allow-origin')).toBe('*');
    // A 401 the app must be able to read (to refresh or re-launch), with its challenge exposed.
    const anonymous = await fetch(`${server.baseUrl}/Patient`, { headers: { Origin: APP } });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('access-control-allow-origin')).toBe('*');
    expect(anonymous.headers.get('access-control-expose-headers')).toMatch(/WWW-Authenticate/);
    const read = await fetch(`${server.baseUrl}/Patient`, {
      headers: { Origin: APP, ...server.authorization },
    });
    expect(read.status).toBe(200);
    expect(read.headers.get('access-control-expose-headers')).toMatch(/ETag/);
    expect(read.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('keeps the login doors and the web app API same-origin', async () => {
    const login = await fetch(`${server.origin}/auth/login`, {
      method: 'POST',
      headers: { Origin: APP, 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(login.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(`${server.origin}/api/worklist`, {
      method: 'OPTIONS',
      headers: { Origin: APP, 'Access-Control-Request-Method': 'GET' },
    });
    expect(preflight.status).toBe(404);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    const page = await fetch(`${server.origin}/oauth2/authorize`, { headers: { Origin: APP } });
    expect(page.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('with a configured list, echoes a listed origin and ignores the others', async () => {
    const ok = await fetch(`${listed.baseUrl}/metadata`, { headers: { Origin: APP } });
    expect(ok.headers.get('access-control-allow-origin')).toBe(APP);
    expect(ok.headers.get('vary')).toMatch(/Origin/);
    const other = await fetch(`${listed.baseUrl}/metadata`, {
      headers: { Origin: 'https://evil.example' },
    });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(`${listed.baseUrl}/Patient`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'GET' },
    });
    expect(preflight.headers.get('access-control-allow-methods')).toBeNull();
  });

  it('reads CAREWEAVE_CORS_ORIGINS', () => {
    expect(parseCorsOrigins(undefined)).toBe('*');
    expect(parseCorsOrigins(' * ')).toBe('*');
    expect(parseCorsOrigins('https://a.example, http://localhost:3000/')).toEqual([
      'https://a.example',
      'http://localhost:3000',
    ]);
    expect(() => parseCorsOrigins('https://a.example/app')).toThrow(/scheme:\/\/host/);
    expect(() => parseCorsOrigins('not a url')).toThrow(/not a URL/);
  });
});
