import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { keyDirFor, loadOrCreateSigningKeys } from './keys.js';
import { mintAccessToken, verifyAccessToken } from './tokens.js';

describe('the signing key file', () => {
  const dirs: string[] = [];
  const tempDir = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'careweave-keys-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    vi.unstubAllEnvs();
    dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
  });

  it('is created once, private to its owner, and read back by the next process', async () => {
    const dir = join(tempDir(), 'keys');
    const first = await loadOrCreateSigningKeys(dir);
    expect(statSync(join(dir, 'signing-key.json')).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(JSON.parse(readFileSync(join(dir, 'signing-key.json'), 'utf8'))).toMatchObject({
      alg: 'ES256',
      kid: first.kid,
      privateJwk: { kty: 'EC', crv: 'P-256' },
    });
    // Another process (here: another load) verifies what the first signed.
    const second = await loadOrCreateSigningKeys(dir);
    expect(second.kid).toBe(first.kid);
    const token = await mintAccessToken(first, {
      kind: 'system',
      sub: 'cli',
      scopes: ['system/*.rs'],
    });
    expect((await verifyAccessToken(second, token)).sub).toBe('cli');
  });

  it('ends up with one key when several processes create it at once', async () => {
    const dir = join(tempDir(), 'keys');
    const keys = await Promise.all(Array.from({ length: 8 }, () => loadOrCreateSigningKeys(dir)));
    expect(new Set(keys.map((k) => k.kid)).size).toBe(1);
  });

  it('lives beside the embedded data, in ~/.careweave/keys with PostgreSQL, or where CAREWEAVE_KEY_DIR says', () => {
    vi.stubEnv('CAREWEAVE_KEY_DIR', '');
    expect(keyDirFor({ dataDir: '/srv/careweave' })).toBe('/srv/careweave/keys');
    expect(keyDirFor({ dataDir: '/srv/careweave', databaseUrl: 'postgres://db/care' })).toMatch(
      /\.careweave\/keys$/,
    );
    vi.stubEnv('CAREWEAVE_KEY_DIR', '/etc/careweave/keys');
    expect(keyDirFor({ dataDir: '/srv/careweave' })).toBe('/etc/careweave/keys');
  });
});
