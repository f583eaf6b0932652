/**
 * The Careweave backup format: NDJSON (gzipped by the CLI). Line 1 is a `BackupHeader`; then, for
 * each table in the header's order, a `TableStart` line followed by that table's rows, one
 * `row_to_json` object per line; the last line is `BackupEnd`, so a truncated file is recognised.
 * Logical, not physical: the same file restores into PGlite or PostgreSQL, whichever made it.
 */
export const BACKUP_FORMAT = 'careweave-backup';
export const BACKUP_VERSION = 1;

export interface BackupTable {
  name: string;
  /** Columns written on restore (generated columns are left to the database). */
  columns: string[];
  rows: number;
}

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  version: typeof BACKUP_VERSION;
  createdAt: string;
  source: 'postgres' | 'pglite';
  /** The schema_migrations versions of the source: the restore builds exactly this schema first. */
  migrations: string[];
  /** Tables in restore order (a table after those its foreign keys point to). */
  tables: BackupTable[];
  /** Each sequence's last value, so ids handed out after a restore never repeat one in it. */
  sequences: { name: string; value: number }[];
}

export interface TableStart {
  table: string;
}

export interface BackupEnd {
  end: true;
  rows: number;
}

/** Raised for a file that is not a whole Careweave backup, or a target the restore refuses. */
export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupError';
  }
}

/** A PostgreSQL identifier, quoted. */
export function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
