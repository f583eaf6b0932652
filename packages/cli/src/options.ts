import { createRequire } from 'node:module';

/** The Careweave version, from the CLI package's own package.json. */
export const VERSION = (createRequire(import.meta.url)('../package.json') as { version: string })
  .version;

/** Database selection shared by every command that opens the database. */
export interface DatabaseFlags {
  dataDir?: string;
}

/** `DATABASE_URL` wins over `--data-dir`: PostgreSQL when set, embedded PGlite otherwise. */
export function databaseOptions(flags: DatabaseFlags): { databaseUrl?: string; dataDir?: string } {
  const databaseUrl = process.env['DATABASE_URL'];
  return {
    ...(databaseUrl ? { databaseUrl } : {}),
    ...(flags.dataDir ? { dataDir: flags.dataDir } : {}),
  };
}

/** Prints a clear message (no stack trace) and exits non-zero. */
export function fail(message: string): never {
  process.stderr.write(`careweave: ${message}\n`);
  process.exit(1);
}
