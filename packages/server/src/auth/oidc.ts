import { SignJWT } from 'jose';
import type { Account } from '@careweave/store';
import { JWKS_PATH } from './jwks.js';
import { SIGNING_ALG, type SigningKeys } from './keys.js';

/** The OpenID Connect scopes a SMART app asks for to learn who the user is (SMART App Launch 2.2 §"Scopes for requesting identity data"). */
export const IDENTITY_SCOPES: readonly string[] = ['openid', 'fhirUser'];

/** How long an id_token is valid: it is read once, when the app receives it. */
const ID_TOKEN_TTL_SECONDS = 5 * 60;

/**
 * The OpenID Connect ID Token (OIDC Core 1.0 §2) of a user who authorised a SMART app with
 * `openid fhirUser`: signed with the server's key (ES256, published at the JWKS endpoint),
 * `iss` the server's origin (as in `/.well-known/openid-configuration`), `aud` the app,
 * `sub` the account, and SMART's `fhirUser` claim as an absolute URL of the user's resource.
 * Undefined when the scopes hold no `openid`.
 */
export async function mintIdToken(
  keys: SigningKeys,
  input: {
    issuer: string;
    fhirBase: string;
    clientId: string;
    account: Account;
    scopes: readonly string[];
  },
): Promise<string | undefined> {
  if (!input.scopes.includes('openid')) return undefined;
  const claims: Record<string, unknown> = {};
  if (input.scopes.includes('fhirUser')) {
    claims['fhirUser'] = `${input.fhirBase}/${input.account.fhirUser}`;
  }
  if (input.scopes.includes('profile')) {
    claims['name'] = input.account.displayName;
  }
  return new SignJWT(claims)
    .setProtectedHeader({ alg: SIGNING_ALG, kid: keys.kid, typ: 'JWT' })
    .setIssuer(input.issuer)
    .setAudience(input.clientId)
    .setSubject(input.account.id)
    .setIssuedAt()
    .setExpirationTime(`${ID_TOKEN_TTL_SECONDS}s`)
    .sign(keys.privateKey);
}

/** `/.well-known/openid-configuration` (OpenID Connect Discovery 1.0 §3), listing only what is implemented. */
export function openidConfiguration(origin: string): Record<string, unknown> {
  return {
    issuer: origin,
    authorization_endpoint: `${origin}/oauth2/authorize`,
    token_endpoint: `${origin}/oauth2/token`,
    introspection_endpoint: `${origin}/oauth2/introspect`,
    revocation_endpoint: `${origin}/oauth2/revoke`,
    jwks_uri: `${origin}${JWKS_PATH}`,
    response_types_supported: ['code'],
    grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: [SIGNING_ALG],
    scopes_supported: ['openid', 'fhirUser', 'profile'],
    claims_supported: ['iss', 'sub', 'aud', 'exp', 'iat', 'fhirUser', 'name'],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
    code_challenge_methods_supported: ['S256'],
  };
}
