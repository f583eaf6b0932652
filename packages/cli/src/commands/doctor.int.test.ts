import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const MAIN = resolve(fileURLToPath(new URL('../../dist/main.js', import.meta.url)));

function careweave(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const env = { ...process.env };
  delete env['DATABASE_URL'];
  delete env['CAREWEAVE_KEY_DIR'];
  delete env['CAREWEAVE_DATA_DIR'];
  const result = spawnSync(process.execPath, [MAIN, ...args], {
    env,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('careweave doctor', () => {
  let dir: string;
  let busy: Server;
  let busyPort = 0;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'careweave-doctor-'));
    const migrated = careweave('migrate', '--data-dir', join(dir, 'data'));
    expect(migrated.status, migrated.stderr).toBe(0);
    busy = createServer();
    await new Promise<void>((done) => busy.listen(0, '127.0.0.1', done));
    busyPort = (busy.address() as { port: number }).port;
  }, 120_000);
  afterAll(async () => {
    await new Promise((done) => busy.close(done));
    rmSync(dir, { recursive: true, force: true });
  });

  it('finds nothing to fix in a set-up data directory with a free port', () => {
    const result = careweave('doctor', '--data-dir', join(dir, 'data'), '--port', '0');
    expect(result.status, result.stdout).toBe(0);
    expect(result.stdout).toMatch(/✓ Node\.js \d+\.\d+\.\d+ \(needs 20\.19 or newer\)/);
    expect(result.stdout).toMatch(/✓ Built: the command, the server and the web app/);
    expect(result.stdout).toMatch(/✓ Token signing key .*signing-key\.json \(mode 600\)/);
    expect(result.stdout).toMatch(/✓ Reached the embedded database/);
    expect(result.stdout).toMatch(/✓ Database schema up to date \(\d+ migrations\)/);
    expect(result.stdout).toMatch(/✓ Port 0 on 127\.0\.0\.1 is free/);
  });

  it('says what to fix: a port in use, a readable key file, a directory that is not Careweave’s', () => {
    const port = careweave('doctor', '--data-dir', join(dir, 'data'), '--port', String(busyPort));
    expect(port.status).toBe(1);
    expect(port.stdout).toMatch(
      new RegExp(`✗ Port ${busyPort} on 127\\.0\\.0\\.1 is in use by another program`),
    );
    expect(port.stdout).toMatch(/fix: start with --port <another port>/);

    chmodSync(join(dir, 'data', 'keys', 'signing-key.json'), 0o644);
    const key = careweave('doctor', '--data-dir', join(dir, 'data'), '--port', '0');
    expect(key.status).toBe(1);
    expect(key.stdout).toMatch(/✗ Token signing key .*: mode 644 lets others read it/);
    expect(key.stdout).toMatch(/fix: chmod 700 .*keys && chmod 600 .*signing-key\.json/);
    chmodSync(join(dir, 'data', 'keys', 'signing-key.json'), 0o600);

    mkdirSync(join(dir, 'elsewhere'));
    writeFileSync(join(dir, 'elsewhere', 'thesis.pdf'), 'x');
    const foreign = careweave('doctor', '--data-dir', join(dir, 'elsewhere'), '--port', '0');
    expect(foreign.status).toBe(1);
    expect(foreign.stdout).toMatch(
      /✗ Data directory .*elsewhere is not Careweave's: it holds thesis\.pdf/,
    );
    expect(foreign.stdout).toMatch(/1 problem\(s\) to fix\./);

    const fresh = careweave('doctor', '--data-dir', join(dir, 'new'), '--port', '0');
    expect(fresh.status).toBe(0);
    expect(fresh.stdout).toMatch(
      /! Data directory .*new: it does not exist; nothing is set up there yet/,
    );
  });
});
