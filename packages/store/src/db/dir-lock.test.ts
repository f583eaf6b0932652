import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  DataDirLockedError,
  LOCK_FILE,
  lockDataDir,
  readDataDirLock,
  recordServerUrl,
} from './dir-lock.js';

const dirs: string[] = [];
const fresh = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'careweave-lock-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('the data directory lock', () => {
  it('records who holds the directory and, once it listens, where the server is', () => {
    const dir = fresh();
    expect(readDataDirLock(dir)).toBeUndefined();
    const release = lockDataDir(dir);
    expect(readDataDirLock(dir)).toEqual({ pid: process.pid, alive: true });
    expect(statSync(join(dir, LOCK_FILE)).mode & 0o077).toBe(0);
    recordServerUrl(dir, 'http://127.0.0.1:18080');
    expect(readDataDirLock(dir)).toEqual({
      pid: process.pid,
      url: 'http://127.0.0.1:18080',
      alive: true,
    });
    // A second opener is refused with the server's address in the message.
    expect(() => lockDataDir(dir)).toThrow(DataDirLockedError);
    release();
    expect(readDataDirLock(dir)).toBeUndefined();
  });

  it('reads the bare pid an earlier version wrote, and takes over a lock whose process is gone', () => {
    const dir = fresh();
    writeFileSync(join(dir, LOCK_FILE), '2147483646');
    expect(readDataDirLock(dir)).toEqual({ pid: 2147483646, alive: false });
    const release = lockDataDir(dir);
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8'))).toEqual({ pid: process.pid });
    release();
  });

  it('never records a URL in a lock this process does not hold', () => {
    const dir = fresh();
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: 1 }));
    expect(() => recordServerUrl(dir, 'http://127.0.0.1:1')).toThrow(/not held by this process/);
  });
});
