import { once } from 'node:events';
import { createReadStream, createWriteStream, renameSync, rmSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import {
  dumpDatabase,
  openDatabase,
  parseBackupHeader,
  readDataDirLock,
  restoreDatabase,
  type Database,
} from '@careweave/store';
import { loopbackUrl, mintAdminToken } from '../admin-gateway.js';
import { existingDatabaseDir, existingKeyDir } from '../data-dir.js';
import { databaseOptions, fail, type DatabaseFlags } from '../options.js';
import { createProgress, type Progress } from '../progress.js';

export interface BackupFlags extends DatabaseFlags {
  out: string;
}

export interface RestoreFlags extends DatabaseFlags {
  force?: boolean;
}

/** A gzip file written under a temporary name and renamed when whole: a failed backup leaves no FILE. */
function gzipFile(path: string): {
  write: (line: string) => Promise<void>;
  commit: () => Promise<void>;
  abort: () => void;
} {
  const partial = `${path}.partial`;
  const file = createWriteStream(partial, { mode: 0o600 });
  const gzip = createGzip();
  gzip.pipe(file);
  return {
    async write(line) {
      if (!gzip.write(`${line}\n`)) await once(gzip, 'drain');
    },
    async commit() {
      gzip.end();
      await finished(file);
      renameSync(partial, path);
    },
    abort() {
      gzip.destroy();
      file.destroy();
      rmSync(partial, { force: true });
    },
  };
}

/** Lines of a gzipped (or plain) backup file. */
async function* fileLines(path: string): AsyncGenerator<string> {
  const raw = createReadStream(path);
  const head = await new Promise<Buffer>((ok, ko) => {
    const probe = createReadStream(path, { start: 0, end: 1 });
    const chunks: Buffer[] = [];
    probe.on('data', (c: Buffer | string) => chunks.push(Buffer.from(c)));
    probe.on('end', () => ok(Buffer.concat(chunks)));
    probe.on('error', ko);
  });
  const gzipped = head[0] === 0x1f && head[1] === 0x8b;
  const input = gzipped ? raw.pipe(createGunzip()) : raw;
  yield* createInterface({ input, crlfDelay: Infinity });
}

function progressOf(label: string): {
  onProgress: (done: number, total: number) => void;
  stop: () => void;
} {
  let bar: Progress | undefined;
  return {
    onProgress(done, total) {
      bar ??= createProgress(label, total, 'rows');
      bar.update(done);
    },
    stop() {
      bar?.stop();
    },
  };
}

/** The backup of an embedded data directory held by a running server, asked of that server. */
async function backupThroughServer(
  flags: BackupFlags,
  dataDir: string,
  out: ReturnType<typeof gzipFile>,
): Promise<number> {
  const lock = readDataDirLock(dataDir);
  if (!lock?.url) {
    fail(
      `the data directory ${dataDir} is in use by another Careweave process (pid ${lock?.pid}) that is not a server answering requests; wait for it to finish, then run this again`,
    );
  }
  const url = loopbackUrl(lock.url);
  if (!url) {
    fail(
      `the data directory ${dataDir} is held by a server listening at ${lock.url}, not on loopback; run the backup on its machine or with the server on --host 127.0.0.1`,
    );
  }
  process.stderr.write(`Backing up through the server at ${url} (pid ${lock.pid})\n`);
  const token = await mintAdminToken(existingKeyDir(flags.dataDir, undefined), 60 * 60);
  const response = await fetch(`${url}/api/admin/backup`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  if (!response.ok || !response.body) {
    fail(`the server answered ${response.status} to the backup request: ${await response.text()}`);
  }
  let rows = 0;
  const input = Readable.fromWeb(response.body);
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    await out.write(line);
    if (line.startsWith('{"format":') || line.startsWith('{"table":')) continue;
    if (++rows % 10_000 === 0)
      process.stderr.write(`Backed up ${rows.toLocaleString('en-US')} rows\n`);
  }
  return rows;
}

/**
 * `careweave backup --out FILE`: a consistent snapshot of the whole database (one REPEATABLE READ
 * transaction) as gzipped NDJSON, while the server keeps running. On PostgreSQL it reads the
 * database directly; an embedded data directory held by a running server is backed up through
 * that server (a second process must never open it).
 */
export async function backupCommand(flags: BackupFlags): Promise<void> {
  const path = resolve(flags.out);
  const out = gzipFile(path);
  try {
    if (!process.env['DATABASE_URL']) {
      const dataDir = existingDatabaseDir(flags.dataDir);
      if (readDataDirLock(dataDir)?.alive) {
        const rows = await backupThroughServer(flags, dataDir, out);
        await out.commit();
        process.stdout.write(`${path}\t${rows} rows\t${statSync(path).size} bytes\n`);
        return;
      }
    }
    const db: Database = await openDatabase(databaseOptions(flags));
    const progress = progressOf('Backing up');
    try {
      const header = await dumpDatabase(db, out.write, { onProgress: progress.onProgress });
      progress.stop();
      await out.commit();
      const rows = header.tables.reduce((sum, t) => sum + t.rows, 0);
      process.stdout.write(`${path}\t${rows} rows\t${statSync(path).size} bytes\n`);
    } finally {
      await db.close();
    }
  } catch (err) {
    out.abort();
    throw err;
  }
}

/**
 * `careweave restore FILE`: loads a backup into an empty database (a new data directory, or an
 * empty PostgreSQL database), or replaces a database's contents with `--force`. All or nothing:
 * a damaged or truncated file leaves the target as it was. Stop the server first.
 */
export async function restoreCommand(file: string, flags: RestoreFlags): Promise<void> {
  const path = resolve(file);
  try {
    statSync(path);
  } catch {
    fail(`no backup file at ${path}`);
  }
  // Read the header before opening (or creating) the database: a wrong file changes nothing.
  const lines = fileLines(path);
  const first = await lines.next();
  const firstLine = first.done ? undefined : first.value;
  parseBackupHeader(firstLine);
  async function* all(): AsyncGenerator<string> {
    if (firstLine !== undefined) yield firstLine;
    yield* lines;
  }
  const db = await openDatabase(databaseOptions(flags, 'set-up'));
  const progress = progressOf('Restoring');
  try {
    const result = await restoreDatabase(db, all(), {
      force: flags.force ?? false,
      onProgress: progress.onProgress,
    });
    progress.stop();
    process.stdout.write(
      `Restored ${result.rows} rows from ${path} (taken ${result.header.createdAt} on ${result.header.source})` +
        (result.upgraded.length > 0 ? `; then applied ${result.upgraded.join(', ')}` : '') +
        '\n',
    );
  } finally {
    await db.close();
  }
}
