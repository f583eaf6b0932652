import type { Database, Queryable } from '../db/database.js';
import { knownMigrations, migrate } from '../migrate.js';
import { appliedMigrations, listTables } from './catalog.js';
import {
  BACKUP_FORMAT,
  BACKUP_VERSION,
  BackupError,
  ident,
  type BackupEnd,
  type BackupHeader,
  type BackupTable,
  type TableStart,
} from './format.js';

/** Rows sent per INSERT, and the most characters of JSON one INSERT carries. */
const BATCH_ROWS = 1000;
const BATCH_CHARS = 4_000_000;

export interface RestoreOptions {
  /** Replace whatever the target holds; without it a target holding any row is refused. */
  force?: boolean;
  onProgress?: (done: number, total: number) => void;
}

export interface RestoreResult {
  header: BackupHeader;
  rows: number;
  /** Migrations newer than the backup, applied after loading it. */
  upgraded: string[];
}

/** The header of a backup's first line, or a `BackupError` saying the file is not a backup. */
export function parseBackupHeader(line: string | undefined): BackupHeader {
  let header: Partial<BackupHeader> | undefined;
  try {
    header = line ? (JSON.parse(line) as Partial<BackupHeader>) : undefined;
  } catch {
    header = undefined;
  }
  if (header?.format !== BACKUP_FORMAT) {
    throw new BackupError(
      'not a Careweave backup (its first line is not a careweave-backup header)',
    );
  }
  if (header.version !== BACKUP_VERSION) {
    throw new BackupError(
      `backup format version ${String(header.version)} is not one this Careweave reads (${BACKUP_VERSION})`,
    );
  }
  return header as BackupHeader;
}

/** Tables of the target that hold rows, as "name (n rows)". */
async function occupiedTables(db: Database): Promise<string[]> {
  const occupied: string[] = [];
  for (const table of await listTables(db)) {
    const { rows } = await db.query<{ n: number | string }>(
      `SELECT count(*) AS n FROM ${ident(table.name)}`,
    );
    const n = Number(rows[0]?.n ?? 0);
    if (n > 0) occupied.push(`${table.name} (${n} rows)`);
  }
  return occupied;
}

/** Refuses a backup this Careweave cannot build the schema for, or a target it would damage. */
async function checkTarget(db: Database, header: BackupHeader, force: boolean): Promise<void> {
  const known = new Set(knownMigrations());
  const unknown = header.migrations.filter((m) => !known.has(m));
  if (unknown.length > 0) {
    throw new BackupError(
      `the backup was made by a newer Careweave (migrations ${unknown.join(', ')} are unknown here); restore it with that version`,
    );
  }
  const inBackup = new Set(header.migrations);
  const newer = (await appliedMigrations(db)).filter((m) => !inBackup.has(m));
  if (newer.length > 0) {
    throw new BackupError(
      `the target database has migrations the backup lacks (${newer.join(', ')}); restore into a new, empty database (the restore upgrades it afterwards)`,
    );
  }
  const occupied = await occupiedTables(db);
  if (occupied.length > 0 && !force) {
    throw new BackupError(
      `the target database is not empty (${occupied.slice(0, 5).join(', ')}${occupied.length > 5 ? ', …' : ''}); give --force to replace its contents`,
    );
  }
}

async function insertBatch(tx: Queryable, table: BackupTable, batch: string[]): Promise<void> {
  const cols = table.columns.map(ident).join(', ');
  await tx.query(
    `INSERT INTO ${ident(table.name)} (${cols})
     SELECT ${cols} FROM json_populate_recordset(NULL::${ident(table.name)}, $1::json)`,
    [`[${batch.join(',')}]`],
  );
}

/**
 * Restores a backup (its lines, as `dumpDatabase` wrote them) into `db`: builds the schema the
 * backup was taken from, loads every table in one transaction with user triggers off (derived
 * tables such as the worklist come from the backup as they were, not re-derived), sets every
 * sequence past its backed-up value, checks each table's row count against the header, then
 * applies any newer migrations. A truncated or damaged file rolls the whole load back.
 */
export async function restoreDatabase(
  db: Database,
  lines: AsyncIterable<string>,
  options: RestoreOptions = {},
): Promise<RestoreResult> {
  const iterator = lines[Symbol.asyncIterator]();
  const first = await iterator.next();
  const header = parseBackupHeader(first.done ? undefined : first.value);
  await checkTarget(db, header, options.force ?? false);
  await migrate(db, { only: header.migrations });
  const total = header.tables.reduce((sum, t) => sum + t.rows, 0);
  const rows = await db.transaction(async (tx) => {
    await tx.exec('SET LOCAL statement_timeout = 0');
    const present = new Map((await listTables(tx)).map((t) => [t.name, t]));
    const missing = header.tables.filter((t) => !present.has(t.name)).map((t) => t.name);
    if (missing.length > 0) {
      throw new BackupError(`the schema built for the backup has no table ${missing.join(', ')}`);
    }
    const all = [...present.keys()].map(ident);
    if (all.length > 0) await tx.exec(`TRUNCATE ${all.join(', ')} RESTART IDENTITY CASCADE`);
    for (const name of all) await tx.exec(`ALTER TABLE ${name} DISABLE TRIGGER USER`);
    const byName = new Map(header.tables.map((t) => [t.name, t]));
    let current: BackupTable | undefined;
    let batch: string[] = [];
    let chars = 0;
    let done = 0;
    let ended: BackupEnd | undefined;
    const flush = async (): Promise<void> => {
      if (current && batch.length > 0) await insertBatch(tx, current, batch);
      done += batch.length;
      batch = [];
      chars = 0;
      options.onProgress?.(done, total);
    };
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      const line = next.value;
      if (line === '') continue;
      if (ended) throw new BackupError('the backup has lines after its end marker');
      if (line.startsWith('{"table":') || line.startsWith('{"end":')) {
        await flush();
        const marker = JSON.parse(line) as Partial<TableStart & BackupEnd>;
        if (marker.end === true) {
          ended = marker as BackupEnd;
          continue;
        }
        current = byName.get(marker.table ?? '');
        if (!current) throw new BackupError(`the backup names a table its header lacks: ${line}`);
        continue;
      }
      if (!current) throw new BackupError('the backup has rows before its first table');
      batch.push(line);
      chars += line.length;
      if (batch.length >= BATCH_ROWS || chars >= BATCH_CHARS) await flush();
    }
    if (!ended) {
      throw new BackupError(
        'the backup is truncated (no end marker): nothing was restored; use a whole file',
      );
    }
    for (const name of all) await tx.exec(`ALTER TABLE ${name} ENABLE TRIGGER USER`);
    for (const seq of header.sequences) {
      await tx.query(`SELECT setval($1::regclass, $2)`, [ident(seq.name), seq.value]);
    }
    for (const table of header.tables) {
      const { rows: counted } = await tx.query<{ n: number | string }>(
        `SELECT count(*) AS n FROM ${ident(table.name)}`,
      );
      if (Number(counted[0]?.n ?? 0) !== table.rows) {
        throw new BackupError(
          `table ${table.name} restored ${String(counted[0]?.n)} rows, the backup's header says ${table.rows}: nothing was restored`,
        );
      }
    }
    return done;
  });
  const upgrade = await migrate(db);
  if (upgrade.applied.length === 0) {
    await db.transaction(async (tx) => {
      await tx.exec('SET LOCAL statement_timeout = 0');
      await tx.exec('ANALYZE');
    });
  }
  return { header, rows, upgraded: upgrade.applied };
}
