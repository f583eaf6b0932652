import {
  closeSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';

/** The lock file's name inside a data directory. */
export const LOCK_FILE = 'careweave.lock';

/**
 * What the lock file says: the process holding the directory and, once a server listens, where
 * (so `careweave user create` beside a running server can ask it instead of opening the database).
 */
export interface DataDirLock {
  pid: number;
  /** The server's base URL (`http://127.0.0.1:8080`), written when it starts listening. */
  url?: string;
  /** Whether the process is still running (false: a stale lock, taken over by the next opener). */
  alive: boolean;
}

/** Reads a lock file written by this or an earlier version (a bare pid, or JSON). */
function parseLock(text: string): { pid: number; url?: string } {
  try {
    const value = JSON.parse(text) as { pid?: unknown; url?: unknown };
    if (value && typeof value === 'object' && typeof value.pid === 'number') {
      return typeof value.url === 'string'
        ? { pid: value.pid, url: value.url }
        : { pid: value.pid };
    }
  } catch {
    // an earlier version wrote the bare pid
  }
  return { pid: Number.parseInt(text, 10) };
}

/** Who holds a data directory, or undefined when no lock file is there. */
export function readDataDirLock(dataDir: string): DataDirLock | undefined {
  let text: string;
  try {
    text = readFileSync(join(dataDir, LOCK_FILE), 'utf8');
  } catch {
    return undefined;
  }
  const lock = parseLock(text);
  return { ...lock, alive: Number.isFinite(lock.pid) && isAlive(lock.pid) };
}

/**
 * Records in the lock file this process holds that a server listens at `url`. Written under a
 * temporary name and renamed over the lock, so the lock file exists throughout.
 */
export function recordServerUrl(dataDir: string, url: string): void {
  const lockPath = join(dataDir, LOCK_FILE);
  if (parseLock(readFileSync(lockPath, 'utf8')).pid !== process.pid) {
    throw new Error(`${lockPath} is not held by this process`);
  }
  const temp = `${lockPath}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify({ pid: process.pid, url }), { mode: 0o600 });
  renameSync(temp, lockPath);
}

/** Raised when another live process already holds the data directory. */
export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
    /** The server's URL when the holder is a listening server. */
    readonly url?: string,
  ) {
    super(
      `The data directory ${dataDir} is in use by another Careweave process (pid ${pid}${url ? `, a server at ${url}` : ''}). ` +
        `Stop that process, or use a different --data-dir. (Embedded PGlite must never be opened by two processes at once.)`,
    );
    this.name = 'DataDirLockedError';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes an exclusive lock on a data directory with a pid file created with O_EXCL.
 * PGlite takes no lock of its own and two processes opening one directory corrupt it
 * (DESIGN.md §7), so every opener goes through here. A lock left by a dead process is taken over.
 * Returns a function that releases the lock.
 */
export function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const lockPath = join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx', 0o600);
      writeSync(fd, JSON.stringify({ pid: process.pid }));
      closeSync(fd);
      let released = false;
      const release = (): void => {
        if (!released) {
          released = true;
          rmSync(lockPath, { force: true });
        }
      };
      process.once('exit', release);
      return release;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw err;
      }
      const { pid, url } = parseLock(readFileSync(lockPath, 'utf8'));
      if (Number.isFinite(pid) && pid !== process.pid && isAlive(pid)) {
        throw new DataDirLockedError(dataDir, pid, url);
      }
      if (pid === process.pid) {
        throw new DataDirLockedError(dataDir, pid);
      }
      rmSync(lockPath, { force: true }); // stale: its process is gone
    }
  }
  throw new Error(`Could not lock ${dataDir}`);
}
