import { accessSync, constants, existsSync, mkdirSync, statfsSync } from 'node:fs';
import { join } from 'node:path';

/** Below this much free space the embedded database is not opened: a write could fail half-way. */
export const MIN_FREE_BYTES = 64 * 1024 * 1024;

/** The embedded data directory cannot be used (not writable, or its disk is full); nothing was changed. */
export class DataDirUnusableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataDirUnusableError';
  }
}

const who = (): string =>
  process.getuid
    ? `user ${process.env['USER'] ?? ''} (uid ${process.getuid()})`.trim()
    : 'this user';

/**
 * Checks, before anything is opened or written, that the embedded database can live in
 * `dataDir`: the directory (and its `pgdata`, when there is one) readable and writable by this
 * process, and at least MIN_FREE_BYTES free on its disk. PGlite itself would fail later, in the
 * middle of start-up or of a write, with an error that names neither the directory nor the cure.
 */
export function checkDataDirUsable(dataDir: string): void {
  try {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  } catch (err) {
    throw new DataDirUnusableError(
      `Cannot create the data directory ${dataDir} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}): give a --data-dir that ${who()} may create or write.`,
    );
  }
  for (const dir of [dataDir, join(dataDir, 'pgdata')]) {
    if (!existsSync(dir)) continue;
    try {
      accessSync(dir, constants.R_OK | constants.W_OK | constants.X_OK);
    } catch {
      throw new DataDirUnusableError(
        `The data directory ${dir} is not writable by ${who()}: Careweave keeps its database there and must write to it. ` +
          `Nothing was opened or changed. Give the directory to this user (chown) or run Careweave as its owner, or choose another --data-dir.`,
      );
    }
  }
  const fs = statfsSync(dataDir);
  const free = fs.bavail * fs.bsize;
  if (free < MIN_FREE_BYTES) {
    throw new DataDirUnusableError(
      `The disk of the data directory ${dataDir} is full (${Math.round(free / 1024 / 1024)} MiB free; Careweave needs at least ${MIN_FREE_BYTES / 1024 / 1024} MiB to write safely). ` +
        `Nothing was opened or changed. Free some space or move the data directory, then start again.`,
    );
  }
}
