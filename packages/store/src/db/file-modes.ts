import { chmodSync, lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Owner-only: database files and keys hold health data and secrets (OWASP ASVS V14.3, V6.4). */
export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_DIR_MODE = 0o700;

/**
 * Makes files the process creates from now on owner-only (umask 077), as PostgreSQL itself does
 * for its data directory. Worker threads cannot change the umask; there it is left alone.
 */
export function restrictNewFiles(): void {
  try {
    process.umask(0o077);
  } catch {
    // ERR_WORKER_UNSUPPORTED_OPERATION: the folders are still tightened by `tightenTree`.
  }
}

/**
 * Takes every permission bit for group and others off a folder and everything in it (symbolic
 * links are left alone). PGlite's file system layer creates its files 0666 whatever the umask,
 * so the embedded data directory is tightened when it is opened, while it is open and when it
 * is closed; the folder itself being 0700 already keeps everyone else out in between.
 */
export function tightenTree(root: string): void {
  const pending = [root];
  while (pending.length > 0) {
    const path = pending.pop() as string;
    let stat;
    try {
      stat = lstatSync(path);
    } catch {
      continue; // removed while we walked (PostgreSQL's temporary files come and go)
    }
    if (stat.isSymbolicLink()) continue;
    const wanted = stat.isDirectory() ? PRIVATE_DIR_MODE : PRIVATE_FILE_MODE;
    if ((stat.mode & 0o777 & ~wanted) !== 0) {
      try {
        chmodSync(path, (stat.mode & 0o700) | (stat.isDirectory() ? 0o700 : 0));
      } catch {
        continue;
      }
    }
    if (stat.isDirectory()) {
      for (const name of readdirSync(path)) pending.push(join(path, name));
    }
  }
}
