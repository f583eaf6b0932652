import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { testDatabaseKinds } from '@careweave/store/testing';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listenOn, startLiveServer, type LiveServer } from '../testing/live-server.js';
import { registerClient } from './clients.js';
import { JWT_BEARER_ASSERTION } from './client-assertion.js';

/** A back-end service's key pair, as the service itself would make and keep it. */
interface ServiceKey {
  alg: 'RS384' | 'ES384';
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

async function serviceKey(alg: ServiceKey['alg']): Promise<ServiceKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const kid = randomUUID();
  return { alg, kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg } };
}

/** What a back-end service signs (SMART Backend Services "authentication JWT"). */
async function assertion(
  key: ServiceKey,
  clientId: string,
  aud: string,
  overrides: { exp?: number; jti?: string; iss?: string; alg?: string } = {},
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: overrides.alg ?? key.alg, kid: key.kid, typ: 'JWT' })
    .setIssuer(overrides.iss ?? clientId)
    .setSubject(clientId)
    .setAudience(aud)
    .setExpirationTime(overrides.exp ?? now + 240)
    .setJti(overrides.jti ?? randomUUID())
    .sign(key.privateKey);
}

describe.each(testDatabaseKinds())('SMART Backend Services (private_key_jwt) on %s', (kind) => {
  let server: LiveServer;
  let jwksHost: Server;
  let rsa: ServiceKey;
  let ec: ServiceKey;
  let inlineClient: string;
  let urlClient: string;
  let tokenEndpoint: string;

  const token = async (
    origin: string,
    params: Record<string, string>,
  ): Promise<{ status: number; body: Record<string, string> }> => {
    const response = await fetch(`${origin}/oauth2/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(params).toString(),
    });
    return { status: response.status, body: (await response.json()) as Record<string, string> };
  };
  const grant = (signed: string, scope = 'system/*.rs'): Record<string, string> => ({
    grant_type: 'client_credentials',
    scope,
    client_assertion_type: JWT_BEARER_ASSERTION,
    client_assertion: signed,
  });

  beforeAll(async () => {
    server = await startLiveServer(kind);
    tokenEndpoint = `${server.origin}/oauth2/token`;
    rsa = await serviceKey('RS384');
    ec = await serviceKey('ES384');
    // The ES384 service publishes its key set at a URL of its own.
    jwksHost = createServer((_req, res) => {
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ keys: [ec.publicJwk] }));
    });
    await new Promise<void>((resolve) => jwksHost.listen(0, '127.0.0.1', resolve));
    const jwksUrl = `http://127.0.0.1:${(jwksHost.address() as AddressInfo).port}/jwks.json`;
    inlineClient = (
      await registerClient(server.db, {
        name: 'Registry feed (RS384)',
        redirectUris: [],
        confidential: true,
        scopes: ['system/*.rs'],
        jwks: { keys: [rsa.publicJwk] },
      })
    ).client.clientId;
    urlClient = (
      await registerClient(server.db, {
        name: 'Analytics (ES384)',
        redirectUris: [],
        confidential: true,
        scopes: ['system/Patient.rs', 'system/Observation.rs'],
        jwksUrl,
      })
    ).client.clientId;
  });

  afterAll(async () => {
    await server?.close();
    await new Promise((resolve) => jwksHost?.close(resolve));
  });

  it('advertises private_key_jwt with RS384 and ES384 and the asymmetric capability', async () => {
    const config = (await (
      await fetch(`${server.origin}/.well-known/smart-configuration`)
    ).json()) as Record<string, string[]>;
    expect(config['token_endpoint_auth_methods_supported']).toContain('private_key_jwt');
    expect(config['token_endpoint_auth_signing_alg_values_supported']).toEqual(['RS384', 'ES384']);
    expect(config['capabilities']).toContain('client-confidential-asymmetric');
    expect(config['scopes_supported']).toEqual(
      expect.arrayContaining(['system/*.rs', 'system/*.read']),
    );
  });

  it('an RS384 service with an inline JWKS gets a system token and reads with it', async () => {
    const answer = await token(
      server.origin,
      grant(await assertion(rsa, inlineClient, tokenEndpoint)),
    );
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ token_type: 'Bearer', scope: 'system/*.rs' });
    const search = await fetch(`${server.baseUrl}/Patient`, {
      headers: { Authorization: `Bearer ${answer.body['access_token']}` },
    });
    expect(search.status).toBe(200);
    const write = await fetch(`${server.baseUrl}/Patient`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${answer.body['access_token']}`,
        'Content-Type': 'application/fhir+json',
      },
      body: JSON.stringify({ resourceType: 'Patient' }),
    });
    expect(write.status).toBe(403); // system/*.rs: read and search only
  });

  it('an ES384 service with a JWKS URL gets SMART v2 and v1 scopes it is allowed', async () => {
    const v2 = await token(
      server.origin,
      grant(await assertion(ec, urlClient, tokenEndpoint), 'system/Patient.rs'),
    );
    expect(v2.status).toBe(200);
    expect(v2.body['scope']).toBe('system/Patient.rs');
    const v1 = await token(
      server.origin,
      grant(await assertion(ec, urlClient, tokenEndpoint), 'system/Observation.read'),
    );
    expect(v1.status).toBe(200);
    expect(v1.body['scope']).toBe('system/Observation.read');
    const beyond = await token(
      server.origin,
      grant(await assertion(ec, urlClient, tokenEndpoint), 'system/Condition.rs'),
    );
    expect(beyond).toMatchObject({ status: 400, body: { error: 'invalid_scope' } });
  });

  it('refuses with 401 invalid_client: a bad signature, wrong aud, expired, too long, wrong alg, wrong iss', async () => {
    const impostor = await serviceKey('RS384');
    const now = Math.floor(Date.now() / 1000);
    const cases: [string, string][] = [
      // signed by another key under the registered kid
      [
        'bad signature',
        await assertion({ ...impostor, kid: rsa.kid }, inlineClient, tokenEndpoint),
      ],
      ['wrong aud', await assertion(rsa, inlineClient, `${server.origin}/somewhere-else`)],
      ['expired', await assertion(rsa, inlineClient, tokenEndpoint, { exp: now - 60 })],
      ['exp > 5 min', await assertion(rsa, inlineClient, tokenEndpoint, { exp: now + 3600 })],
      ['ES384 key of another client', await assertion(ec, inlineClient, tokenEndpoint)],
      [
        'iss is not the client',
        await assertion(rsa, inlineClient, tokenEndpoint, { iss: urlClient }),
      ],
      ['not a JWT', 'not-a-jwt'],
    ];
    for (const [why, signed] of cases) {
      const answer = await token(server.origin, grant(signed));
      expect({ why, status: answer.status, error: answer.body['error'] }).toEqual({
        why,
        status: 401,
        error: 'invalid_client',
      });
    }
    // RS256 is not one of the algorithms Backend Services allows.
    const { privateKey } = await generateKeyPair('RS256');
    const rs256 = await new SignJWT({})
      .setProtectedHeader({ alg: 'RS256', kid: rsa.kid })
      .setIssuer(inlineClient)
      .setSubject(inlineClient)
      .setAudience(tokenEndpoint)
      .setExpirationTime(now + 120)
      .setJti(randomUUID())
      .sign(privateKey);
    expect((await token(server.origin, grant(rs256))).status).toBe(401);
  });

  it('refuses a replayed jti, also on another server sharing the database', async () => {
    const signed = await assertion(rsa, inlineClient, tokenEndpoint);
    expect((await token(server.origin, grant(signed))).status).toBe(200);
    const replay = await token(server.origin, grant(signed));
    expect(replay).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
    // A second server (or this one after a restart) remembers it: the jti is in the database.
    const second = await listenOn(server.db, server.repo, { auth: { keys: server.keys } });
    try {
      const again = await token(
        second.origin,
        grant(await assertion(rsa, inlineClient, `${second.origin}/oauth2/token`, { jti: 'once' })),
      );
      expect(again.status).toBe(200);
      const replayed = await token(
        server.origin,
        grant(await assertion(rsa, inlineClient, tokenEndpoint, { jti: 'once' })),
      );
      expect(replayed.status).toBe(401);
    } finally {
      await second.close();
    }
  });

  it('a secret does not authenticate a key-registered client, and a public client cannot hold keys', async () => {
    const basic = Buffer.from(`${inlineClient}:guess`).toString('base64');
    const response = await fetch(tokenEndpoint, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Authorization: `Basic ${basic}`,
      },
      body: 'grant_type=client_credentials',
    });
    expect(response.status).toBe(401);
    await expect(
      registerClient(server.db, {
        name: 'Public with keys',
        redirectUris: ['https://app.example.org/cb'],
        confidential: false,
        jwks: { keys: [rsa.publicJwk as Record<string, unknown>] },
      }),
    ).rejects.toThrow(/confidential/);
    await expect(
      registerClient(server.db, {
        name: 'Private key by mistake',
        redirectUris: [],
        confidential: true,
        jwks: { keys: [{ kty: 'RSA', n: 'x', e: 'AQAB', d: 'secret' }] },
      }),
    ).rejects.toThrow(/private key/);
  });
});
