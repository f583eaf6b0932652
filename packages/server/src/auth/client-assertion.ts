import {
  createLocalJWKSet,
  createRemoteJWKSet,
  decodeJwt,
  errors,
  jwtVerify,
  type JWTVerifyGetKey,
} from 'jose';
import { findClient, recordAssertionJti, type Database, type OAuthClient } from '@careweave/store';
import { OAuthError } from './oauth-common.js';

/** RFC 7523 §2.2: the client authenticates with a JWT it signed (`private_key_jwt`). */
export const JWT_BEARER_ASSERTION = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** SMART Backend Services: the algorithms a client assertion must be signed with. */
export const ASSERTION_ALGORITHMS = ['RS384', 'ES384'] as const;

/** SMART Backend Services: "exp … no more than five minutes in the future". */
const MAX_ASSERTION_LIFETIME_SECONDS = 5 * 60;
const CLOCK_TOLERANCE_SECONDS = 5;

/**
 * Remote key sets by URL. jose's remote set caches the keys (10 minutes) and refetches when a
 * `kid` is unknown, at most every 30 s, so a client that rotates its key is picked up without
 * letting assertions with unknown keys make the server fetch on every request.
 */
const remoteSets = new Map<string, JWTVerifyGetKey>();

function keySetOf(client: OAuthClient): JWTVerifyGetKey | undefined {
  if (client.jwks) {
    return createLocalJWKSet(client.jwks);
  }
  if (client.jwksUrl) {
    let set = remoteSets.get(client.jwksUrl);
    if (!set) {
      set = createRemoteJWKSet(new URL(client.jwksUrl), { timeoutDuration: 5000 });
      remoteSets.set(client.jwksUrl, set);
    }
    return set;
  }
  return undefined;
}

const refuse = (why: string): OAuthError => new OAuthError('invalid_client', why);

function describe(err: unknown): string {
  if (err instanceof errors.JWTExpired) {
    return 'The client assertion has expired';
  }
  if (err instanceof errors.JWTClaimValidationFailed) {
    return `The client assertion's ${err.claim} claim is not valid (aud must be the token endpoint, iss and sub the client_id)`;
  }
  if (err instanceof errors.JWSSignatureVerificationFailed) {
    return "The client assertion's signature does not verify with the client's registered keys";
  }
  if (err instanceof errors.JWKSNoMatchingKey || err instanceof errors.JWKSMultipleMatchingKeys) {
    return "No key of the client's registered JWKS matches the assertion's kid and alg";
  }
  if (err instanceof errors.JOSEAlgNotAllowed) {
    return `The client assertion must be signed with ${ASSERTION_ALGORITHMS.join(' or ')}`;
  }
  if (err instanceof errors.JWKSTimeout || err instanceof errors.JWKSInvalid) {
    return "The client's JWKS URL did not answer with a key set";
  }
  return 'The client assertion is not a valid signed JWT';
}

/**
 * Authenticates a back-end service by its client assertion (SMART App Launch 2.2 Backend
 * Services; RFC 7523): signed RS384 or ES384 by a key of the client's registered JWKS (inline or
 * at its URL), `iss` = `sub` = client_id, `aud` = this token endpoint, `exp` at most five minutes
 * ahead, and a `jti` never seen before for this client (stored until the assertion expires, so a
 * replay is refused on every server and after a restart). Every failure is `invalid_client`.
 */
export async function authenticateAssertion(
  db: Database,
  form: ReadonlyMap<string, string>,
  tokenEndpoint: string,
): Promise<OAuthClient> {
  if (form.get('client_assertion_type') !== JWT_BEARER_ASSERTION) {
    throw refuse(`client_assertion_type must be ${JWT_BEARER_ASSERTION}`);
  }
  const assertion = form.get('client_assertion');
  if (!assertion) {
    throw refuse('client_assertion is required with client_assertion_type');
  }
  let claimed: string | undefined;
  try {
    const iss = decodeJwt(assertion).iss;
    claimed = typeof iss === 'string' ? iss : undefined;
  } catch {
    throw refuse('The client assertion is not a JWT');
  }
  const clientId = form.get('client_id');
  if (!claimed || (clientId !== undefined && clientId !== claimed)) {
    throw refuse("The client assertion's iss must be the client_id");
  }
  const client = await findClient(db, claimed);
  const keys = client ? keySetOf(client) : undefined;
  if (!client || !keys) {
    throw refuse('Unknown client, or a client without registered keys (--jwks-url / --jwks-file)');
  }
  let payload: { exp?: number; jti?: string };
  try {
    ({ payload } = await jwtVerify(assertion, keys, {
      algorithms: [...ASSERTION_ALGORITHMS],
      issuer: client.clientId,
      subject: client.clientId,
      audience: tokenEndpoint,
      requiredClaims: ['exp', 'jti'],
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
    }));
  } catch (err) {
    throw refuse(describe(err));
  }
  const exp = Number(payload.exp);
  const now = Date.now() / 1000;
  if (exp - now > MAX_ASSERTION_LIFETIME_SECONDS + CLOCK_TOLERANCE_SECONDS) {
    throw refuse('The client assertion must expire within five minutes');
  }
  const jti = payload.jti;
  if (typeof jti !== 'string' || jti.length === 0 || jti.length > 256) {
    throw refuse('The client assertion needs a jti');
  }
  const fresh = await recordAssertionJti(
    db,
    client.clientId,
    jti,
    new Date((exp + CLOCK_TOLERANCE_SECONDS) * 1000),
  );
  if (!fresh) {
    throw refuse('This client assertion (jti) was used before');
  }
  return client;
}
