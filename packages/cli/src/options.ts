import { createRequire } from 'node:module';
import { existingDatabaseDir, setUpDatabaseDir } from './data-dir.js';

/** The Careweave version, from the CLI package's own package.json. */
export const VERSION = (createRequire(import.meta.url)('../package.json') as { version: string })
  .version;

/** Database selection shared by every command that opens the database. */
export interface DatabaseFlags {
  dataDir?: string;
}

/**
 * `DATABASE_URL` wins over `--data-dir`: PostgreSQL when set, embedded PGlite otherwise. The
 * embedded directory may be the one given to `serve` or to `demo` (its database is in `db/`);
 * `existing` (the default) refuses a directory without a Careweave database, `set-up` (`serve`,
 * `migrate`) also accepts a new or empty one. Refusals are `DataDirError`s naming what was
 * expected and what was found.
 */
export function databaseOptions(
  flags: DatabaseFlags,
  purpose: 'existing' | 'set-up' = 'existing',
): { databaseUrl?: string; dataDir?: string } {
  const databaseUrl = process.env['DATABASE_URL'];
  if (databaseUrl) {
    return { databaseUrl };
  }
  return {
    dataDir:
      purpose === 'set-up' ? setUpDatabaseDir(flags.dataDir) : existingDatabaseDir(flags.dataDir),
  };
}

/** Prints a clear message (no stack trace) and exits non-zero. */
export function fail(message: string): never {
  process.stderr.write(`careweave: ${message}\n`);
  process.exit(1);
}
