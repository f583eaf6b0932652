import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const MAIN = resolve(fileURLToPath(new URL('../../dist/main.js', import.meta.url)));
const ROOT = process.getuid?.() === 0;

function env(): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn', HOME: tmpdir() };
  delete e['DATABASE_URL'];
  delete e['CAREWEAVE_DATA_DIR'];
  delete e['CAREWEAVE_KEY_DIR'];
  return e;
}

/** Runs careweave as a user who may not write the directory (`nobody` when the test runs as root, who may write anything). */
function asStranger(...args: string[]): { status: number | null; stderr: string } {
  const [cmd, argv] = ROOT
    ? ['runuser', ['-u', 'nobody', '--', process.execPath, MAIN, ...args]]
    : [process.execPath, [MAIN, ...args]];
  const r = spawnSync(cmd, argv, { env: env(), encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stderr: r.stderr };
}

/** Every file under dir with its size and modification time: what "nothing changed" compares. */
function snapshot(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const s = statSync(p);
      if (s.isDirectory()) walk(p);
      else out.push(`${p} ${s.size} ${s.mtimeMs}`);
    }
  };
  walk(dir);
  return out;
}

describe.skipIf(ROOT && spawnSync('id', ['nobody']).status !== 0)(
  'an embedded data directory this user may not write',
  () => {
    let dir: string;
    let data: string;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'careweave-readonly-'));
      chmodSync(dir, 0o755);
      data = join(dir, 'data');
      const migrated = spawnSync(process.execPath, [MAIN, 'migrate', '--data-dir', data], {
        env: env(),
        encoding: 'utf8',
        timeout: 180_000,
      });
      expect(migrated.status, migrated.stderr).toBe(0);
      // Readable by others, writable by its owner only.
      execFileSync('chmod', ['-R', 'a+rX,go-w', data]);
      if (!ROOT) execFileSync('chmod', ['-R', 'a-w', data]);
    }, 240_000);
    afterAll(() => {
      execFileSync('chmod', ['-R', 'u+w', dir]);
      rmSync(dir, { recursive: true, force: true });
    });

    it('serve refuses at start with a message naming the directory and the cure, and changes nothing', () => {
      const before = snapshot(data);
      const lock = readdirSync(data);
      const result = asStranger('serve', '--port', '0', '--data-dir', data);
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(/not writable by .*chown/);
      expect(result.stderr).toContain(data);
      expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
      expect(readdirSync(data)).toEqual(lock);
      expect(snapshot(data)).toEqual(before);
      expect(readFileSync(join(data, 'pgdata', 'PG_VERSION'), 'utf8').trim()).toMatch(/^\d+$/);
    });
  },
);
