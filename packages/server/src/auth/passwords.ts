import { hash, verify, type Algorithm } from '@node-rs/argon2';

/** argon2id (`Algorithm.Argon2id`; the enum is `const`, so its value is spelled out here). */
const ARGON2ID = 2 as Algorithm;

/**
 * argon2id with OWASP's baseline parameters (19 MiB, 2 passes, 1 lane): ~20 ms per hash here.
 * Uses `@node-rs/argon2` because the `argon2` package's bundled binary segfaults on these machines.
 */
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

/** The shortest password `careweave user create` accepts. */
export const MIN_PASSWORD_LENGTH = 12;

/** Hashes a password as a PHC string (`$argon2id$v=19$m=19456,t=2,p=1$…`). */
export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

// Verified against when the email is unknown, so a missing account costs the same time as a
// wrong password and response times do not reveal which emails have accounts.
let dummyHash: Promise<string> | undefined;

/**
 * Checks a password against a stored hash; with no hash (unknown account) it still spends the
 * time of one verification and answers false. A malformed stored hash answers false.
 */
export async function verifyPassword(
  password: string,
  storedHash: string | undefined,
): Promise<boolean> {
  dummyHash ??= hashPassword('careweave-timing-equaliser');
  const target = storedHash ?? (await dummyHash);
  try {
    const ok = await verify(target, password);
    return ok && storedHash !== undefined;
  } catch {
    return false;
  }
}
