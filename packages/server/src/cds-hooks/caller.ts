/**
 * Who is calling a CDS service (CDS Hooks 2.0 "Trusting CDS Clients"): the workspace with a
 * Careweave access token, or an outside EHR with a JWT it signed itself — `iss` its registered
 * client id, `aud` the service's URL, verified against the JWKS registered for that client. The
 * EHR names its user in `context.userId`; that user's Careweave account decides what the service
 * may read, exactly as if they had called with their own token.
 */
import { STAFF_ROLES } from '@careweave/contract';
import type { Identity } from '@careweave/care';
import {
  clientJwks,
  findAccountByFhirUser,
  findClient,
  type Database,
  type RequestContext,
} from '@careweave/store';
import {
  createLocalJWKSet,
  decodeJwt,
  errors as joseErrors,
  jwtVerify,
  type JSONWebKeySet,
} from 'jose';
import { userIdentity } from '../auth/identify.js';
import { identify } from '../auth/identify.js';
import type { AuthConfig } from '../auth/config.js';
import { InvalidTokenError, verifyAccessToken } from '../auth/tokens.js';
import { TOKEN_ISSUER } from '../auth/tokens.js';

/** A verified caller, before the hook's context names the user (for a client JWT). */
export type VerifiedCaller =
  { kind: 'careweave'; identity: Identity } | { kind: 'client'; clientId: string };

/** Algorithms CDS Hooks 2.0 names (ES384, RS384) and their common siblings. */
const CLIENT_ALGS = ['ES384', 'RS384', 'ES256', 'RS256', 'ES512', 'RS512', 'PS384', 'PS256'];

function isJwks(value: unknown): value is JSONWebKeySet {
  return (
    typeof value === 'object' && value !== null && Array.isArray((value as { keys?: unknown }).keys)
  );
}

/**
 * Verifies the bearer token: a Careweave access token (our issuer), else a registered CDS
 * client's JWT whose audience is `serviceUrl`. Throws InvalidTokenError (401) otherwise.
 */
export async function verifyCaller(
  db: Database,
  auth: AuthConfig,
  token: string,
  serviceUrl: string,
): Promise<VerifiedCaller> {
  let iss: unknown;
  try {
    iss = decodeJwt(token).iss;
  } catch {
    throw new InvalidTokenError('The bearer token is not a JWT');
  }
  if (iss === TOKEN_ISSUER) {
    return {
      kind: 'careweave',
      identity: await identify(db, await verifyAccessToken(auth.keys, token)),
    };
  }
  if (typeof iss !== 'string' || iss.length === 0 || iss.length > 200) {
    throw new InvalidTokenError('The JWT has no issuer (iss: the CDS client id)');
  }
  const client = await findClient(db, iss);
  const jwks = client ? await clientJwks(db, iss) : undefined;
  if (!client || !isJwks(jwks)) {
    throw new InvalidTokenError(`No CDS client "${iss}" with a registered JWKS`);
  }
  try {
    await jwtVerify(token, createLocalJWKSet(jwks), {
      issuer: iss,
      audience: serviceUrl,
      algorithms: CLIENT_ALGS,
      requiredClaims: ['exp', 'iat', 'jti'],
      maxTokenAge: '5m',
      clockTolerance: 5,
    });
  } catch (err) {
    const text =
      err instanceof joseErrors.JWTClaimValidationFailed
        ? `The JWT's "${err.claim}" claim is not valid (${err.reason})`
        : err instanceof joseErrors.JOSEError
          ? `The JWT could not be verified (${err.code})`
          : 'The JWT could not be verified';
    throw new InvalidTokenError(text);
  }
  return { kind: 'client', clientId: iss };
}

/** The caller is a staff member (CDS cards are for the care team, not for the person's own login). */
function isStaff(identity: Identity): boolean {
  return identity.kind === 'user' && (STAFF_ROLES as readonly string[]).includes(identity.role);
}

/**
 * The request context the service reads with: the token's own user, or the account of the
 * EHR's `context.userId`. undefined when no such staff account exists (the answer is 403).
 */
export async function callerContext(
  db: Database,
  auth: AuthConfig,
  caller: VerifiedCaller,
  userId: string | undefined,
): Promise<RequestContext | undefined> {
  let identity: Identity;
  if (caller.kind === 'careweave') {
    identity = caller.identity;
  } else {
    const account = userId ? await findAccountByFhirUser(db, userId) : undefined;
    if (!account) return undefined;
    identity = userIdentity(account, ['user/*.rs']);
  }
  return isStaff(identity) ? auth.access.contextFor(identity) : undefined;
}
