import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '@careweave/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const MAIN = resolve(fileURLToPath(new URL('../../dist/main.js', import.meta.url)));

function careweave(
  env: NodeJS.ProcessEnv,
  ...args: string[]
): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [MAIN, ...args], {
    env: { ...env, LOG_LEVEL: 'warn' },
    encoding: 'utf8',
    timeout: 180_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function embeddedEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env['DATABASE_URL'];
  delete env['CAREWEAVE_KEY_DIR'];
  delete env['CAREWEAVE_DATA_DIR'];
  return env;
}

/** Each exported type's resource count and a hash of its sorted lines. */
function exported(env: NodeJS.ProcessEnv, out: string, ...args: string[]): Record<string, string> {
  const result = careweave(env, 'export', '--out', out, ...args);
  expect(result.status, result.stderr).toBe(0);
  const print: Record<string, string> = {};
  for (const file of readdirSync(out).sort()) {
    const lines = readFileSync(join(out, file), 'utf8').trim().split('\n').sort();
    print[file] = `${lines.length} ${createHash('sha256').update(lines.join('\n')).digest('hex')}`;
  }
  return print;
}

const NETWORK = {
  resourceType: 'Bundle',
  type: 'transaction',
  entry: (
    [
      ['Organization', 'north', { name: 'Northside Family Practice' }],
      ['Patient', 'ann', { name: [{ family: 'Okafor', given: ['Ann'] }], gender: 'female' }],
      ['Patient', 'bo', { name: [{ family: 'Lindqvist', given: ['Bo'] }], gender: 'male' }],
      [
        'Task',
        'call-ann',
        { status: 'requested', intent: 'order', for: { reference: 'Patient/ann' } },
      ],
    ] as [string, string, object][]
  ).map(([type, id, body]) => ({
    resource: { resourceType: type, id, ...body },
    request: { method: 'PUT', url: `${type}/${id}` },
  })),
};

describe('careweave backup and restore on the embedded database, beside a running server', () => {
  let dir: string;
  let serve: ChildProcess | undefined;
  const env = embeddedEnv();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'careweave-backup-'));
    writeFileSync(join(dir, 'network.json'), JSON.stringify(NETWORK));
    const source = join(dir, 'source');
    expect(careweave(env, 'migrate', '--data-dir', source).status).toBe(0);
    const imported = careweave(env, 'import', join(dir, 'network.json'), '--data-dir', source);
    expect(imported.status, imported.stderr).toBe(0);
    serve = spawn(process.execPath, [MAIN, 'serve', '--port', '0', '--data-dir', source], {
      env: { ...env, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    await new Promise<void>((ready, reject) => {
      let output = '';
      const timer = setTimeout(() => reject(new Error(`serve did not start: ${output}`)), 120_000);
      serve?.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (/listening on http/.test(output)) {
          clearTimeout(timer);
          ready();
        }
      });
      serve?.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      serve?.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${output}`)));
    });
  }, 300_000);

  afterAll(async () => {
    if (serve && serve.exitCode === null) {
      const exited = new Promise((done) => serve?.once('exit', done));
      serve.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('backs up through the server, restores into a new directory, refuses it twice without --force', async () => {
    const source = join(dir, 'source');
    const file = join(dir, 'careweave.backup.gz');
    const backup = careweave(env, 'backup', '--out', file, '--data-dir', source);
    expect(backup.status, backup.stderr).toBe(0);
    expect(backup.stderr).toMatch(/through the server/);
    expect(backup.stdout).toContain(file);

    const target = join(dir, 'restored');
    const restored = careweave(env, 'restore', file, '--data-dir', target);
    expect(restored.status, restored.stderr).toBe(0);
    expect(restored.stdout).toMatch(/^Restored \d+ rows/);
    const again = careweave(env, 'restore', file, '--data-dir', target);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/not empty.*--force/);
    const forced = careweave(env, 'restore', file, '--data-dir', target, '--force');
    expect(forced.status, forced.stderr).toBe(0);

    const stopped = new Promise((done) => serve?.once('exit', done));
    serve?.kill('SIGTERM');
    await stopped;
    const before = exported(env, join(dir, 'export-source'), '--data-dir', source);
    const after = exported(env, join(dir, 'export-restored'), '--data-dir', target);
    expect(Object.keys(after)).toEqual(expect.arrayContaining(['Patient.ndjson', 'Task.ndjson']));
    // The server audits its own work after the snapshot (the backup request itself): the restored
    // trail is the source's up to the snapshot.
    const { 'AuditEvent.ndjson': auditAfter, ...restOfAfter } = after;
    const { 'AuditEvent.ndjson': auditBefore, ...restOfBefore } = before;
    expect(restOfAfter).toEqual(restOfBefore);
    expect(Number(auditAfter?.split(' ')[0])).toBeGreaterThan(0);
    expect(Number(auditAfter?.split(' ')[0])).toBeLessThanOrEqual(
      Number(auditBefore?.split(' ')[0]),
    );
    // Seven commands, each opening the embedded database: minutes on a loaded machine.
  }, 900_000);

  it('refuses a file that is not a backup before it creates a database', () => {
    writeFileSync(join(dir, 'not-a-backup'), 'hello\n');
    const result = careweave(
      env,
      'restore',
      join(dir, 'not-a-backup'),
      '--data-dir',
      join(dir, 'x'),
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/not a Careweave backup/);
    expect(existsSync(join(dir, 'x'))).toBe(false);
  }, 120_000);
});

const url = process.env['DATABASE_URL'];
describe.skipIf(!url)('careweave backup and restore on PostgreSQL', () => {
  const names = ['src', 'dst'].map((n) => `cw_backup_${n}_${randomBytes(4).toString('hex')}`);
  const urlOf = (name: string): string => {
    const u = new URL(url ?? '');
    u.pathname = `/${name}`;
    return u.toString();
  };
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'careweave-backup-pg-'));
    const admin = await openDatabase({ databaseUrl: url });
    for (const name of names) await admin.exec(`CREATE DATABASE ${name}`);
    await admin.close();
  });

  afterAll(async () => {
    const admin = await openDatabase({ databaseUrl: url });
    for (const name of names) await admin.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('round-trips a database: same resources, same content', () => {
    const [src = '', dst = ''] = names.map(urlOf);
    const source = { ...process.env, DATABASE_URL: src };
    const target = { ...process.env, DATABASE_URL: dst };
    writeFileSync(join(dir, 'network.json'), JSON.stringify(NETWORK));
    expect(careweave(source, 'migrate').status).toBe(0);
    expect(careweave(source, 'import', join(dir, 'network.json')).status).toBe(0);
    const file = join(dir, 'pg.backup.gz');
    const backup = careweave(source, 'backup', '--out', file);
    expect(backup.status, backup.stderr).toBe(0);
    const restored = careweave(target, 'restore', file);
    expect(restored.status, restored.stderr).toBe(0);
    expect(careweave(target, 'restore', file).stderr).toMatch(/not empty/);
    expect(exported(target, join(dir, 'after'))).toEqual(exported(source, join(dir, 'before')));
  }, 300_000);
});
