import { SignJWT, errors, jwtVerify } from 'jose';
import { randomUUID } from 'node:crypto';
import { SIGNING_ALG, type SigningKeys } from './keys.js';
import { splitScopes } from './scopes.js';
import { AuthErrorCode } from '@careweave/contract';
import { AuthError } from './errors.js';

/** `iss` of every access token. */
export const TOKEN_ISSUER = 'careweave';
/** `aud` of every access token: the FHIR and app API. */
export const TOKEN_AUDIENCE = 'careweave-fhir';
/** Access tokens live 15 minutes; sessions (refresh tokens) keep people logged in longer. */
export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
/** The JWT `typ` of access tokens (RFC 9068), so an access token cannot pass for another kind of JWT. */
const TOKEN_TYPE = 'at+jwt';

/** What an access token says, once its signature, issuer, audience and expiry have been checked. */
export interface AccessClaims {
  /** `user`: a person with an account; `system`: a back-end service or the CLI's `--system`. */
  kind: 'user' | 'system';
  /** user: the account's email (its lookup key); system: the client id. */
  sub: string;
  scopes: string[];
  /** user: `Practitioner/…`, `Patient/…` or `RelatedPerson/…` as of issue time. */
  fhirUser?: string;
  /** The login session; requests with a revoked session are refused. Absent on CLI-minted tokens. */
  sid?: string;
  /** The OAuth client that obtained the token, when one did. */
  clientId?: string;
  /** Seconds since the epoch. */
  expiresAt: number;
}

/** What minting a token needs. */
export type NewAccessToken = Omit<AccessClaims, 'expiresAt'>;

/** Signs an access token (ES256 JWT with `kid`). */
export async function mintAccessToken(
  keys: SigningKeys,
  claims: NewAccessToken,
  ttlSeconds: number = ACCESS_TOKEN_TTL_SECONDS,
): Promise<string> {
  const payload: Record<string, unknown> = { cw_kind: claims.kind, scope: claims.scopes.join(' ') };
  if (claims.fhirUser) {
    payload['fhirUser'] = claims.fhirUser;
  }
  if (claims.sid) {
    payload['sid'] = claims.sid;
  }
  if (claims.clientId) {
    payload['client_id'] = claims.clientId;
  }
  return new SignJWT(payload)
    .setProtectedHeader({ alg: SIGNING_ALG, kid: keys.kid, typ: TOKEN_TYPE })
    .setIssuer(TOKEN_ISSUER)
    .setAudience(TOKEN_AUDIENCE)
    .setSubject(claims.sub)
    .setIssuedAt()
    .setJti(randomUUID())
    .setExpirationTime(`${Math.max(1, Math.floor(ttlSeconds))}s`)
    .sign(keys.privateKey);
}

/** Why a bearer token was refused; the text goes into `WWW-Authenticate` and the OperationOutcome. */
export class InvalidTokenError extends AuthError {
  constructor(message: string) {
    super(AuthErrorCode.INVALID_TOKEN, message);
    this.name = 'InvalidTokenError';
  }
}

function describe(err: unknown): string {
  if (err instanceof errors.JWTExpired) {
    return 'The access token has expired';
  }
  if (err instanceof errors.JWTClaimValidationFailed) {
    return `The access token's ${err.claim} claim is not valid for this server`;
  }
  if (err instanceof errors.JWSSignatureVerificationFailed) {
    return 'The access token signature is not valid';
  }
  return 'The access token is not valid';
}

/**
 * Verifies signature (ES256 only, our key), issuer, audience, type and expiry, and reads the
 * claims. Throws `InvalidTokenError` with a client-safe reason.
 */
export async function verifyAccessToken(keys: SigningKeys, token: string): Promise<AccessClaims> {
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(token, keys.publicKey, {
      issuer: TOKEN_ISSUER,
      audience: TOKEN_AUDIENCE,
      algorithms: [SIGNING_ALG],
      typ: TOKEN_TYPE,
      requiredClaims: ['sub', 'exp', 'iat'],
      clockTolerance: 5,
    }));
  } catch (err) {
    throw new InvalidTokenError(describe(err));
  }
  const kind = payload['cw_kind'];
  const sub = payload['sub'];
  const scope = payload['scope'];
  if (
    (kind !== 'user' && kind !== 'system') ||
    typeof sub !== 'string' ||
    typeof scope !== 'string'
  ) {
    throw new InvalidTokenError('The access token is not a Careweave access token');
  }
  const text = (name: string): string | undefined =>
    typeof payload[name] === 'string' ? payload[name] : undefined;
  const fhirUser = text('fhirUser');
  const sid = text('sid');
  const clientId = text('client_id');
  return {
    kind,
    sub,
    scopes: splitScopes(scope),
    ...(fhirUser ? { fhirUser } : {}),
    ...(sid ? { sid } : {}),
    ...(clientId ? { clientId } : {}),
    expiresAt: Number(payload['exp']),
  };
}
