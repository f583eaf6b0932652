import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The README's first steps on a fresh clone: `git clone`, `npm install`, `npm run build`, then
 * `npx careweave --help`. npm links the CLI's bin at install time, before anything is built, so
 * the bin must be a file that exists in the repository (packages/cli/bin/careweave.js) and that
 * explains itself when the build is missing. Slow (an install and a full build: a few minutes on
 * two cores), so it runs once per suite; it clones the committed state of this repository.
 */
const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '..');
const HAS_GIT = existsSync(join(ROOT, '.git'));
if (!HAS_GIT) {
  console.log(`[fresh-clone] skipped: ${ROOT} is not a git checkout, so there is nothing to clone`);
} else {
  console.log('[fresh-clone] cloning this repository, npm install, npm run build (a few minutes)');
}

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

async function sh(cwd: string, command: string, args: string[]): Promise<Result> {
  try {
    const { stdout, stderr } = await run(command, args, {
      cwd,
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, npm_config_update_notifier: 'false', CI: 'true' },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return {
      code: typeof e.code === 'number' ? e.code : 1,
      stdout: e.stdout ?? '',
      stderr: e.stderr ?? '',
    };
  }
}

describe.skipIf(!HAS_GIT)('a fresh clone, following the README', () => {
  let dir: string;
  let clone: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'careweave-clone-'));
    clone = join(dir, 'careweave');
    const cloned = await sh(dir, 'git', ['clone', '--quiet', '--no-hardlinks', ROOT, clone]);
    expect(cloned.code, cloned.stderr).toBe(0);
  }, 120_000);
  afterAll(async () => {
    if (dir) {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('links `careweave` at install time; before the build it says how to build, after it the help', async () => {
    const install = await sh(clone, 'npm', [
      'install',
      '--prefer-offline',
      '--no-audit',
      '--no-fund',
    ]);
    expect(install.code, install.stderr.slice(-2000)).toBe(0);

    const early = await sh(clone, 'npx', ['--no-install', 'careweave', '--help']);
    expect(early.code).toBe(1);
    expect(early.stderr).toMatch(/not built yet/);
    expect(early.stderr).toMatch(/npm run build/);

    const build = await sh(clone, 'npm', ['run', 'build']);
    expect(build.code, build.stderr.slice(-2000)).toBe(0);

    const help = await sh(clone, 'npx', ['--no-install', 'careweave', '--help']);
    expect(help.code, help.stderr).toBe(0);
    expect(help.stdout).toMatch(/^Usage: careweave/m);
    for (const command of ['serve', 'demo', 'token', 'doctor', 'user', 'client']) {
      expect(help.stdout).toMatch(new RegExp(`^\\s+${command}\\b`, 'm'));
    }
  }, 900_000);
});
