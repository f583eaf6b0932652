import { SignJWT, jwtVerify } from 'jose';
import { randomUUID } from 'node:crypto';
import { SIGNING_ALG, type SigningKeys } from './keys.js';
import { TOKEN_ISSUER } from './tokens.js';

/**
 * A known-device token (OWASP "slow brute-force protection with device cookies", carried in
 * JSON rather than a cookie): handed to a browser after a successful password login and sent
 * back with the next login. Its holder once knew the password on this device, so a lock that an
 * attacker ran up against the account or the address does not stop it; its own failures lock
 * only that device. It grants nothing else: its audience and type are not an access token's.
 */
const DEVICE_AUDIENCE = 'careweave-login-device';
const DEVICE_TYPE = 'device+jwt';
/** A device stays known for 90 days after its last successful login. */
export const DEVICE_TOKEN_TTL_SECONDS = 90 * 24 * 3600;

/** What a valid device token says. */
export interface KnownDevice {
  /** The account (normalised email) the device signed in to. */
  email: string;
  /** Stable id of the device, the key its own failures are counted under. */
  deviceId: string;
}

/** Issues a device token for an account (keeping the device id when the device is already known). */
export async function mintDeviceToken(
  keys: SigningKeys,
  email: string,
  deviceId: string = randomUUID(),
): Promise<string> {
  return new SignJWT({ device: deviceId })
    .setProtectedHeader({ alg: SIGNING_ALG, kid: keys.kid, typ: DEVICE_TYPE })
    .setIssuer(TOKEN_ISSUER)
    .setAudience(DEVICE_AUDIENCE)
    .setSubject(email)
    .setIssuedAt()
    .setExpirationTime(`${DEVICE_TOKEN_TTL_SECONDS}s`)
    .sign(keys.privateKey);
}

/** The device a token names, or undefined when it is missing, forged, expired or not a device token. */
export async function verifyDeviceToken(
  keys: SigningKeys,
  token: string | undefined,
): Promise<KnownDevice | undefined> {
  if (!token || token.length > 4096) return undefined;
  try {
    const { payload } = await jwtVerify(token, keys.publicKey, {
      algorithms: [SIGNING_ALG],
      issuer: TOKEN_ISSUER,
      audience: DEVICE_AUDIENCE,
      typ: DEVICE_TYPE,
    });
    const deviceId = payload['device'];
    return typeof payload.sub === 'string' && typeof deviceId === 'string'
      ? { email: payload.sub, deviceId }
      : undefined;
  } catch {
    return undefined;
  }
}
