import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Database } from './database.js';
import { openPglite } from './pglite.js';
import { openPostgres } from './postgres.js';

/** Where the embedded database lives when neither `--data-dir` nor `CAREWEAVE_DATA_DIR` says otherwise. */
export const DEFAULT_DATA_DIR = join(homedir(), '.careweave', 'data');

export interface OpenOptions {
  /** `postgres://…`; when set, PostgreSQL is used and `dataDir` is ignored. */
  databaseUrl?: string | undefined;
  /** PGlite data directory; `:memory:` for a throw-away in-memory database. */
  dataDir?: string | undefined;
  /** PostgreSQL schema to work in (tests isolate themselves this way). */
  schema?: string | undefined;
  /**
   * PostgreSQL cancels any statement that runs longer (`statement_timeout`); the server sets it.
   * PGlite cannot: it runs in this process's thread, with no signal to interrupt a statement.
   */
  statementTimeoutMs?: number | undefined;
}

/**
 * The embedded data directory these options open (`--data-dir`, else `CAREWEAVE_DATA_DIR`, else
 * the default), as an absolute path; undefined for PostgreSQL and for an in-memory database.
 */
export function embeddedDataDir(options: OpenOptions = {}): string | undefined {
  if (options.databaseUrl || options.dataDir === ':memory:') {
    return undefined;
  }
  return resolve(options.dataDir ?? process.env['CAREWEAVE_DATA_DIR'] ?? DEFAULT_DATA_DIR);
}

/** Opens PostgreSQL when a URL is given, else embedded PGlite in the data directory. */
export async function openDatabase(options: OpenOptions = {}): Promise<Database> {
  if (options.databaseUrl) {
    return openPostgres(options.databaseUrl, {
      ...(options.schema ? { schema: options.schema } : {}),
      ...(options.statementTimeoutMs ? { statementTimeoutMs: options.statementTimeoutMs } : {}),
    });
  }
  if (options.dataDir === ':memory:') {
    return openPglite();
  }
  return openPglite(embeddedDataDir(options));
}
