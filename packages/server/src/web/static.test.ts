import Fastify, { type FastifyInstance } from 'fastify';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkRouteDeclaration } from '../app.js';
import { registerWebApp } from './static.js';

describe('registerWebApp: the built web app at / without shadowing the APIs', () => {
  let app: FastifyInstance;
  let dist: string;

  beforeAll(async () => {
    dist = mkdtempSync(join(tmpdir(), 'careweave-web-'));
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>Careweave</title>');
    writeFileSync(join(dist, 'assets', 'index-abc123.js'), 'console.log(1)');
    writeFileSync(join(dist, 'favicon.svg'), '<svg/>');
    app = Fastify();
    app.addHook('onRoute', checkRouteDeclaration); // every route declares its access rule
    app.get('/fhir/R4/metadata', { config: { access: 'public' } }, async () => ({
      resourceType: 'CapabilityStatement',
    }));
    expect(await registerWebApp(app, dist)).toBe(true);
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it('serves index.html at / and for deep links, uncached and with a CSP', async () => {
    for (const url of ['/', '/patients/demo-patient-1', '/search?q=x']) {
      const res = await app.inject({ url });
      expect(res.statusCode, url).toBe(200);
      expect(res.body).toContain('<title>Careweave</title>');
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    }
  });

  it('serves hashed assets as immutable and other files as they are', async () => {
    const asset = await app.inject({ url: '/assets/index-abc123.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toContain('immutable');
    expect((await app.inject({ url: '/favicon.svg' })).statusCode).toBe(200);
  });

  it('answers 404, not the app, for missing files and unknown API paths', async () => {
    for (const url of [
      '/assets/gone-123.js',
      '/fhir/R4/Nope/1/2/3',
      '/auth/unknown',
      '/api/x',
      '/oauth2/x',
      '/.well-known/x',
      '/metrics/x',
    ]) {
      const res = await app.inject({ url });
      expect(res.statusCode, url).toBe(404);
      expect(res.body).not.toContain('<title>Careweave</title>');
    }
    expect((await app.inject({ url: '/fhir/R4/metadata' })).json()).toEqual({
      resourceType: 'CapabilityStatement',
    });
  });

  it('serves the chunks of a rebuild made while it runs (no restart needed)', async () => {
    const fresh = Fastify();
    fresh.addHook('onRoute', checkRouteDeclaration);
    await registerWebApp(fresh, dist, { relistMs: 0 });
    await fresh.ready();
    expect((await fresh.inject({ url: '/assets/index-def456.js' })).statusCode).toBe(404);
    writeFileSync(join(dist, 'assets', 'index-def456.js'), 'console.log(2)');
    const rebuilt = await fresh.inject({ url: '/assets/index-def456.js' });
    expect(rebuilt.statusCode).toBe(200);
    expect(rebuilt.body).toBe('console.log(2)');
    await fresh.close();
  });

  it('registers nothing when the web app is not built', async () => {
    const bare = Fastify();
    expect(await registerWebApp(bare, join(dist, 'missing'))).toBe(false);
    await bare.ready();
    expect((await bare.inject({ url: '/' })).statusCode).toBe(404);
    await bare.close();
  });
});
