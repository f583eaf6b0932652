import { DEFAULT_DATA_DIR } from '@careweave/store';
import {
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  importJWK,
  type CryptoKey,
  type JWK,
} from 'jose';
import { randomBytes } from 'node:crypto';
import { chmodSync, linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** The ES256 key pair that signs and verifies access tokens. */
export interface SigningKeys {
  /** Key id (JWK thumbprint), put in each token's header. */
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
}

/** The algorithm of every access token (ECDSA P-256 with SHA-256). */
export const SIGNING_ALG = 'ES256';

const KEY_FILE = 'signing-key.json';

interface KeyFile {
  alg: typeof SIGNING_ALG;
  kid: string;
  createdAt: string;
  privateJwk: JWK;
}

/**
 * Where the signing key file lives: `CAREWEAVE_KEY_DIR` when set; otherwise, on the embedded
 * database, `<dataDir>/keys` (beside, not inside, PGlite's `pgdata`); with `DATABASE_URL`,
 * `~/.careweave/keys`. Every app server of one deployment must see the same key file.
 */
export function keyDirFor(options: {
  dataDir?: string | undefined;
  databaseUrl?: string | undefined;
}): string {
  const configured = process.env['CAREWEAVE_KEY_DIR'];
  if (configured) {
    return resolve(configured);
  }
  if (options.databaseUrl) {
    return join(homedir(), '.careweave', 'keys');
  }
  return join(
    resolve(options.dataDir ?? process.env['CAREWEAVE_DATA_DIR'] ?? DEFAULT_DATA_DIR),
    'keys',
  );
}

/** Generates a fresh key pair in memory (tests, or the first use of a key directory). */
export async function generateSigningKeys(): Promise<SigningKeys> {
  const { privateKey, publicKey } = await generateKeyPair(SIGNING_ALG, { extractable: true });
  const kid = await calculateJwkThumbprint(await exportJWK(publicKey));
  return { kid, privateKey, publicKey };
}

async function fromFile(path: string): Promise<SigningKeys> {
  const file = JSON.parse(readFileSync(path, 'utf8')) as KeyFile;
  if (
    file.alg !== SIGNING_ALG ||
    !file.privateJwk ||
    file.privateJwk.kty !== 'EC' ||
    !file.privateJwk.d
  ) {
    throw new Error(`${path} is not a Careweave ${SIGNING_ALG} signing key`);
  }
  const { d: _private, ...publicJwk } = file.privateJwk;
  const privateKey = (await importJWK(file.privateJwk, SIGNING_ALG)) as CryptoKey;
  const publicKey = (await importJWK(publicJwk, SIGNING_ALG)) as CryptoKey;
  return { kid: file.kid, privateKey, publicKey };
}

/**
 * Loads the signing key from `<keyDir>/signing-key.json`, creating it (mode 0600, directory 0700)
 * on first use. Creation is atomic: the file is written under a temporary name and hard-linked
 * into place, so a server and `careweave token` starting together agree on one key and never
 * read a half-written file. Reads only this file: safe while another process holds the database.
 */
export async function loadOrCreateSigningKeys(keyDir: string): Promise<SigningKeys> {
  const path = join(keyDir, KEY_FILE);
  try {
    return await fromFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw err;
    }
  }
  mkdirSync(keyDir, { recursive: true, mode: 0o700 });
  const keys = await generateSigningKeys();
  const file: KeyFile = {
    alg: SIGNING_ALG,
    kid: keys.kid,
    createdAt: new Date().toISOString(),
    privateJwk: await exportJWK(keys.privateKey),
  };
  const temp = join(keyDir, `.${KEY_FILE}.${process.pid}.${randomBytes(4).toString('hex')}`);
  writeFileSync(temp, JSON.stringify(file, null, 2), { mode: 0o600, flag: 'wx' });
  chmodSync(temp, 0o600); // a umask cannot widen it, but be explicit
  try {
    linkSync(temp, path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw err;
    }
    // Another process created it first: use theirs.
  } finally {
    rmSync(temp, { force: true });
  }
  return fromFile(path);
}
