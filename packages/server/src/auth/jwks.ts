import { exportJWK, type JWK } from 'jose';
import type { FastifyInstance } from 'fastify';
import { SIGNING_ALG, type SigningKeys } from './keys.js';

/** Where the public half of the token signing key is published (RFC 8414 `jwks_uri`). */
export const JWKS_PATH = '/.well-known/jwks.json';

/** The JSON Web Key Set (RFC 7517) of the public signing key: what a resource server verifies our tokens with. */
export async function publicJwks(keys: SigningKeys): Promise<{ keys: JWK[] }> {
  const { kty, crv, x, y } = await exportJWK(keys.publicKey);
  return { keys: [{ kty, crv, x, y, kid: keys.kid, alg: SIGNING_ALG, use: 'sig' }] };
}

/**
 * `GET /.well-known/jwks.json`: the public key only (the private `d` is never exported), so
 * other services can verify Careweave access tokens without calling us.
 */
export function registerJwksRoute(app: FastifyInstance, keys: SigningKeys): void {
  const jwks = publicJwks(keys);
  app.get(JWKS_PATH, { config: { access: 'public' } }, async (_request, reply) =>
    reply.header('Cache-Control', 'public, max-age=3600').send(await jwks),
  );
}
