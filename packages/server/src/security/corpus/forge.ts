import { SignJWT, UnsecuredJWT, exportJWK, exportSPKI, generateKeyPair } from 'jose';
import { createHmac } from 'node:crypto';
import type { SigningKeys } from '../../auth/keys.js';
import { mintAccessToken, TOKEN_AUDIENCE, TOKEN_ISSUER } from '../../auth/tokens.js';
import type { ForgedToken } from './case.js';

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** What a genuine operator token claims; forgeries start from it. */
function claims(now: number): Record<string, unknown> {
  return {
    cw_kind: 'system',
    scope: 'system/*.cruds careweave/admin',
    sub: 'forger',
    iss: TOKEN_ISSUER,
    aud: TOKEN_AUDIENCE,
    iat: now,
    exp: now + 600,
  };
}

function hs256(
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  secret: string | Buffer,
): string {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

/**
 * Forges a token of the given kind against the server's signing key: the attacker knows the
 * public key (and so can try it as an HMAC secret), can replay and edit a real token's payload,
 * and can sign with a key of their own.
 */
export async function forgeToken(kind: ForgedToken, keys: SigningKeys): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const base = claims(now);
  const header = { alg: 'ES256', kid: keys.kid, typ: 'at+jwt' };
  const sign = (
    payload: Record<string, unknown>,
    head: Record<string, unknown> = header,
  ): Promise<string> =>
    new SignJWT(payload).setProtectedHeader(head as { alg: string }).sign(keys.privateKey);
  switch (kind) {
    case 'alg-none':
      return new UnsecuredJWT(base).encode();
    case 'alg-none-uppercase':
      return `${b64({ alg: 'NONE', typ: 'at+jwt' })}.${b64(base)}.`;
    case 'hs256-public-jwk':
      return hs256(
        { alg: 'HS256', kid: keys.kid, typ: 'at+jwt' },
        base,
        JSON.stringify(await exportJWK(keys.publicKey)),
      );
    case 'hs256-public-x': {
      const jwk = await exportJWK(keys.publicKey);
      return hs256(
        { alg: 'HS256', kid: keys.kid, typ: 'at+jwt' },
        base,
        await exportSPKI(keys.publicKey).catch(() => String(jwk.x)),
      );
    }
    case 'expired':
      return sign({ ...base, iat: now - 7200, exp: now - 3600 });
    case 'not-yet-valid':
      return sign({ ...base, nbf: now + 3600 });
    case 'no-expiry': {
      const { exp: _exp, ...rest } = base;
      return sign(rest);
    }
    case 'wrong-audience':
      return sign({ ...base, aud: 'another-api' });
    case 'wrong-issuer':
      return sign({ ...base, iss: 'https://evil.example' });
    case 'wrong-typ':
      return sign(base, { ...header, typ: 'JWT' });
    case 'tampered-payload': {
      const real = await mintAccessToken(keys, {
        kind: 'user',
        sub: 'patient@security.test',
        fhirUser: 'Patient/ana',
        scopes: ['patient/*.rs'],
      });
      const [h, , s] = real.split('.');
      return `${h}.${b64({ ...base, cw_kind: 'system' })}.${s}`;
    }
    case 'tampered-scope': {
      const real = await mintAccessToken(keys, {
        kind: 'system',
        sub: 'sec-client',
        scopes: ['system/*.rs'],
      });
      const [h, p, s] = real.split('.');
      const payload = JSON.parse(Buffer.from(p ?? '', 'base64url').toString()) as Record<
        string,
        unknown
      >;
      return `${h}.${b64({ ...payload, scope: 'system/*.cruds careweave/admin' })}.${s}`;
    }
    case 'other-key': {
      const other = await generateKeyPair('ES256');
      return new SignJWT(base).setProtectedHeader(header).sign(other.privateKey);
    }
    case 'signature-stripped': {
      const real = await mintAccessToken(keys, {
        kind: 'system',
        sub: 'x',
        scopes: ['system/*.rs'],
      });
      return `${real.split('.').slice(0, 2).join('.')}.`;
    }
    case 'not-careweave-kind':
      return sign({ ...base, cw_kind: 'root' });
    case 'jku-header': {
      const other = await generateKeyPair('ES256');
      return new SignJWT(base)
        .setProtectedHeader({ ...header, jku: 'https://evil.example/jwks.json', kid: 'evil' })
        .sign(other.privateKey);
    }
    case 'embedded-jwk-header': {
      const other = await generateKeyPair('ES256', { extractable: true });
      return new SignJWT(base)
        .setProtectedHeader({ ...header, jwk: await exportJWK(other.publicKey) })
        .sign(other.privateKey);
    }
    case 'unknown-account':
      return mintAccessToken(keys, {
        kind: 'user',
        sub: 'nobody@security.test',
        fhirUser: 'Practitioner/coord',
        scopes: ['user/*.cruds'],
      });
  }
}
