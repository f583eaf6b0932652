import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from './open.js';

/** Every path under `root` that group or others may read, write or enter. */
function openToOthers(root: string): string[] {
  const found: string[] = [];
  const walk = (path: string): void => {
    const stat = statSync(path);
    if ((stat.mode & 0o077) !== 0) found.push(`${path} ${(stat.mode & 0o777).toString(8)}`);
    if (stat.isDirectory()) for (const name of readdirSync(path)) walk(join(path, name));
  };
  walk(root);
  return found;
}

/**
 * Finding (medium): the embedded database's files were created world-writable (0666, folders
 * 0755) — PGlite's file layer ignores the umask. Opening, writing and closing a data directory
 * now leaves only owner-only files (0600) and folders (0700).
 */
describe('embedded data directory permissions', () => {
  const parent = mkdtempSync(join(tmpdir(), 'careweave-modes-'));
  afterAll(() => rmSync(parent, { recursive: true, force: true }));

  it('creates the data directory and every database file for its owner only', async () => {
    const dataDir = join(parent, 'data');
    const db = await openDatabase({ dataDir });
    try {
      expect(openToOthers(dataDir)).toEqual([]);
      await db.exec(
        'CREATE TABLE grown (x int); INSERT INTO grown SELECT generate_series(1, 1000)',
      );
    } finally {
      await db.close();
    }
    expect(openToOthers(dataDir)).toEqual([]);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
  });
});
