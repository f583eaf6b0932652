import { SignJWT, UnsecuredJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateSigningKeys, type SigningKeys } from './keys.js';
import { InvalidTokenError, mintAccessToken, verifyAccessToken } from './tokens.js';

describe('access tokens', () => {
  let keys: SigningKeys;
  let otherKeys: SigningKeys;
  beforeAll(async () => {
    keys = await generateSigningKeys();
    otherKeys = await generateSigningKeys();
  });

  const refused = async (token: string): Promise<string> => {
    try {
      await verifyAccessToken(keys, token);
    } catch (err) {
      expect(err).toBeInstanceOf(InvalidTokenError);
      return (err as Error).message;
    }
    throw new Error('token was accepted');
  };

  it('carries who, what and for how long', async () => {
    const token = await mintAccessToken(keys, {
      kind: 'user',
      sub: 'nadia@example.org',
      scopes: ['user/*.cruds'],
      fhirUser: 'Practitioner/n1',
      sid: 's1',
      clientId: 'app',
    });
    const claims = await verifyAccessToken(keys, token);
    expect(claims).toMatchObject({
      kind: 'user',
      sub: 'nadia@example.org',
      scopes: ['user/*.cruds'],
      fhirUser: 'Practitioner/n1',
      sid: 's1',
      clientId: 'app',
    });
    expect(claims.expiresAt - Date.now() / 1000).toBeGreaterThan(14 * 60);
    expect(claims.expiresAt - Date.now() / 1000).toBeLessThanOrEqual(15 * 60);
  });

  it('refuses expired, forged, wrong-audience, wrong-issuer, unsigned and non-access tokens', async () => {
    const sign = (
      claims: Record<string, unknown>,
      set: (jwt: SignJWT) => SignJWT,
      key = keys,
    ): Promise<string> =>
      set(
        new SignJWT({ cw_kind: 'system', scope: 'system/*.rs', ...claims })
          .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt' })
          .setSubject('x')
          .setIssuedAt(),
      ).sign(key.privateKey);
    const valid = (jwt: SignJWT): SignJWT =>
      jwt.setIssuer('careweave').setAudience('careweave-fhir').setExpirationTime('5m');

    expect(
      await refused(
        await sign({}, (j) =>
          j
            .setIssuer('careweave')
            .setAudience('careweave-fhir')
            .setExpirationTime(Math.floor(Date.now() / 1000) - 60),
        ),
      ),
    ).toMatch(/expired/);
    expect(
      await refused(await mintAccessToken(otherKeys, { kind: 'system', sub: 'x', scopes: [] })),
    ).toMatch(/signature/);
    expect(
      await refused(
        await sign({}, (j) =>
          j.setIssuer('careweave').setAudience('some-other-api').setExpirationTime('5m'),
        ),
      ),
    ).toMatch(/aud/);
    expect(
      await refused(
        await sign({}, (j) =>
          j.setIssuer('evil').setAudience('careweave-fhir').setExpirationTime('5m'),
        ),
      ),
    ).toMatch(/iss/);
    expect(await refused(await sign({ cw_kind: 'admin' }, valid))).toMatch(
      /not a Careweave access token/,
    );
    expect(
      await refused(
        new UnsecuredJWT({ cw_kind: 'system', scope: 'system/*.cruds' })
          .setIssuer('careweave')
          .setAudience('careweave-fhir')
          .setSubject('x')
          .setIssuedAt()
          .setExpirationTime('5m')
          .encode(),
      ),
    ).toBeTruthy();
    // A token whose payload was edited after signing.
    const good = await mintAccessToken(keys, { kind: 'system', sub: 'x', scopes: ['system/*.rs'] });
    const [header, , signature] = good.split('.');
    const payload = Buffer.from(
      JSON.stringify({
        cw_kind: 'system',
        sub: 'x',
        scope: 'system/*.cruds',
        iss: 'careweave',
        aud: 'careweave-fhir',
        iat: 1,
        exp: 9999999999,
      }),
    ).toString('base64url');
    expect(await refused(`${header}.${payload}.${signature}`)).toMatch(/signature/);
    expect(await refused('not-a-jwt')).toBeTruthy();
  });
});
