import { Repository, type Database } from '@careweave/store';
import { describe, expect, it } from 'vitest';
import { buildApp, checkRouteDeclaration } from './app.js';
import { generateSigningKeys } from './auth/keys.js';

/** A database that is never queried: building the app and registering routes touch no data. */
const unusedDb = {
  kind: 'pglite',
  query: () => Promise.reject(new Error('not used')),
  exec: () => Promise.reject(new Error('not used')),
  transaction: () => Promise.reject(new Error('not used')),
  close: () => Promise.resolve(),
} as Database;

describe('every route declares who may call it', () => {
  it('fails to register a route without config.access', async () => {
    const app = await buildApp({
      db: unusedDb,
      repo: new Repository(unusedDb),
      version: 'test',
      auth: {
        keys: await generateSigningKeys(),
        access: { contextFor: () => ({ actor: 'x', scope: { kind: 'system' } }) },
      },
    });
    expect(() => app.get('/api/forgotten', async () => ({ ok: true }))).toThrow(
      /does not declare config.access/,
    );
    expect(() =>
      app.get('/api/declared', { config: { access: 'authenticated' } }, async () => ({ ok: true })),
    ).not.toThrow();
    await app.close();
  });

  it('also wants the FHIR interaction of an authenticated FHIR route, for the scope check', () => {
    expect(() =>
      checkRouteDeclaration({
        method: 'GET',
        url: '/fhir/R4/:type/$everything',
        config: { access: 'authenticated' },
      }),
    ).toThrow(/config.interaction/);
    expect(() =>
      checkRouteDeclaration({
        method: 'GET',
        url: '/fhir/R4/:type/$everything',
        config: { access: 'authenticated', interaction: 'read' },
      }),
    ).not.toThrow();
    expect(() =>
      checkRouteDeclaration({
        method: 'GET',
        url: '/fhir/R4/metadata',
        config: { access: 'public' },
      }),
    ).not.toThrow();
    expect(() =>
      checkRouteDeclaration({ method: 'POST', url: '/auth/x', config: { access: 'sometimes' } }),
    ).toThrow();
    expect(() => checkRouteDeclaration({ method: 'HEAD', url: '/healthz' })).not.toThrow();
  });
});
