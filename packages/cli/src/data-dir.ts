import { DEFAULT_DATA_DIR, LOCK_FILE } from '@careweave/store';
import { keyDirFor } from '@careweave/server';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * What a data directory holds. `careweave serve` and `migrate` keep the embedded database in
 * `DIR/pgdata` and the token signing key in `DIR/keys`; `careweave demo` keeps that same layout in
 * `DIR/db`, beside its generated files. Every command accepts either directory.
 */
export type DataDirLayout =
  /** `DIR/pgdata` (or, before the first start, only `DIR/keys`): a server's data directory. */
  | { kind: 'server'; root: string; dbDir: string; hasDatabase: boolean }
  /** `DIR/db` and `DIR/demo-ready.json`: a `careweave demo` directory. */
  | { kind: 'demo'; root: string; dbDir: string; hasDatabase: boolean }
  /** Missing or empty: a new directory, which only `serve`, `migrate` and `demo` set up. */
  | { kind: 'new'; root: string; exists: boolean }
  /** Anything else: not ours. */
  | { kind: 'foreign'; root: string; found: string[] };

/** The files Careweave writes in a server data directory. */
const SERVER_ENTRIES = ['pgdata', 'keys', LOCK_FILE];
/** The files `careweave demo` writes (a first run stopped early leaves only some of them). */
const DEMO_ENTRIES = ['db', 'generated', 'demo-ready.json'];

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Looks at a directory without changing it. */
export function inspectDataDir(dir: string): DataDirLayout {
  const root = resolve(dir);
  if (!existsSync(root)) {
    return { kind: 'new', root, exists: false };
  }
  if (!isDir(root)) {
    return { kind: 'foreign', root, found: ['(a file, not a directory)'] };
  }
  let entries: string[];
  try {
    entries = readdirSync(root).sort();
  } catch (err) {
    throw new DataDirError(
      `Cannot read the data directory ${root} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}): run Careweave as the user who owns it, or give it to this user (chown), or choose another --data-dir. Nothing was changed.`,
    );
  }
  if (entries.length === 0) {
    return { kind: 'new', root, exists: true };
  }
  if (isDir(join(root, 'pgdata')) || isDir(join(root, 'keys'))) {
    return { kind: 'server', root, dbDir: root, hasDatabase: isDir(join(root, 'pgdata')) };
  }
  const db = join(root, 'db');
  if (
    existsSync(join(root, 'demo-ready.json')) ||
    isDir(join(db, 'pgdata')) ||
    entries.every((e) => DEMO_ENTRIES.includes(e))
  ) {
    return { kind: 'demo', root, dbDir: db, hasDatabase: isDir(join(db, 'pgdata')) };
  }
  if (entries.every((e) => SERVER_ENTRIES.includes(e))) {
    return { kind: 'server', root, dbDir: root, hasDatabase: false };
  }
  return {
    kind: 'foreign',
    root,
    found: entries.map((e) => (isDir(join(root, e)) ? `${e}/` : e)),
  };
}

/** "a, b/, c and 4 more" — what a refusal says it found. */
export function describeFound(layout: DataDirLayout): string {
  switch (layout.kind) {
    case 'new':
      return layout.exists ? 'it is empty' : 'it does not exist';
    case 'foreign': {
      const shown = layout.found.slice(0, 6).join(', ');
      const more = layout.found.length - 6;
      return `it holds ${shown}${more > 0 ? ` and ${more} more` : ''}`;
    }
    case 'server':
    case 'demo':
      return layout.hasDatabase
        ? `it holds a Careweave database in ${join(layout.dbDir, 'pgdata')}`
        : `it holds no database yet (no ${join(layout.dbDir, 'pgdata')})`;
  }
}

/** Raised when a directory is not what a command needs; the message names what was expected and what was found. */
export class DataDirError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataDirError';
  }
}

const EXPECTED = (root: string): string =>
  `expected ${join(root, 'pgdata')} (the directory given to \`careweave serve\` or \`careweave migrate\`) or ${join(root, 'db', 'pgdata')} (a \`careweave demo\` directory)`;

/** The directory `--data-dir`, `CAREWEAVE_DATA_DIR` or the default names. */
export function givenDataDir(flag: string | undefined): string {
  return resolve(flag ?? process.env['CAREWEAVE_DATA_DIR'] ?? DEFAULT_DATA_DIR);
}

/**
 * The embedded database directory of an existing data directory (a server's or a demo's), or a
 * `DataDirError` naming what was expected and what was found. Import, export, accounts, risk and
 * the like never create a database in a directory that was mistyped.
 */
export function existingDatabaseDir(flag: string | undefined): string {
  const layout = inspectDataDir(givenDataDir(flag));
  if ((layout.kind === 'server' || layout.kind === 'demo') && layout.hasDatabase) {
    return layout.dbDir;
  }
  throw new DataDirError(
    `${layout.root} holds no Careweave database: ${EXPECTED(layout.root)}, but ${describeFound(layout)}. ` +
      `Give the directory \`careweave serve\` or \`careweave demo\` was given, or create a database with \`careweave migrate --data-dir ${layout.root}\`.`,
  );
}

/**
 * The database directory `serve` and `migrate` use: an existing server or demo directory, or a
 * new (missing or empty) one they set up. A non-empty directory that is not Careweave's is refused.
 */
export function setUpDatabaseDir(flag: string | undefined): string {
  const layout = inspectDataDir(givenDataDir(flag));
  switch (layout.kind) {
    case 'server':
    case 'demo':
      return layout.dbDir;
    case 'new':
      return layout.root;
    case 'foreign':
      throw new DataDirError(
        `${layout.root} is not a Careweave data directory: ${EXPECTED(layout.root)}, or an empty or new directory to set up, but ${describeFound(layout)}. ` +
          `Give an empty or new directory, or the one \`careweave serve\` or \`careweave demo\` was given.`,
      );
  }
}

/**
 * Where the signing key of this data directory (or, with `DATABASE_URL`, of the deployment) is,
 * refusing when there is none: `careweave token` never creates a key, because a key nobody's
 * server holds signs tokens every server rejects.
 */
export function existingKeyDir(flag: string | undefined, databaseUrl: string | undefined): string {
  if (process.env['CAREWEAVE_KEY_DIR'] || databaseUrl) {
    const keyDir = keyDirFor({ databaseUrl });
    if (!existsSync(join(keyDir, 'signing-key.json'))) {
      throw new DataDirError(
        `No signing key in ${keyDir}: expected ${join(keyDir, 'signing-key.json')}, which the server creates when it first starts. ` +
          `Start \`careweave serve\` once${process.env['CAREWEAVE_KEY_DIR'] ? '' : ', or set CAREWEAVE_KEY_DIR to the directory of the key the servers use'}.`,
      );
    }
    return keyDir;
  }
  const layout = inspectDataDir(givenDataDir(flag));
  if (layout.kind === 'server' || layout.kind === 'demo') {
    const keyDir = join(layout.dbDir, 'keys');
    if (existsSync(join(keyDir, 'signing-key.json'))) {
      return keyDir;
    }
    throw new DataDirError(
      `${layout.root} holds no signing key: expected ${join(keyDir, 'signing-key.json')}, but ${describeFound(layout)} and no key. ` +
        `\`careweave serve\`, \`careweave migrate\` and \`careweave demo\` create it; run one of them on ${layout.root} first.`,
    );
  }
  throw new DataDirError(
    `${layout.root} holds no Careweave database or key: ${EXPECTED(layout.root)} with its key in keys/, but ${describeFound(layout)}. ` +
      `Give the directory \`careweave serve\` or \`careweave demo\` was given (--data-dir).`,
  );
}
