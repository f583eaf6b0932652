import type { Database } from '../db/database.js';
import { appliedMigrations, listSequences, listTables } from './catalog.js';
import {
  BACKUP_FORMAT,
  BACKUP_VERSION,
  ident,
  type BackupEnd,
  type BackupHeader,
  type TableStart,
} from './format.js';

/** Rows fetched from the cursor at a time: memory stays flat whatever the table's size. */
const FETCH_ROWS = 1000;

export interface DumpOptions {
  /** Called after each batch of rows with the rows written so far and the total. */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Writes a consistent logical snapshot of the database to `write`, one line at a time (see
 * format.ts). Everything is read in one REPEATABLE READ, READ ONLY transaction, so the snapshot is
 * the database as it was at one instant even while a server keeps writing (on PostgreSQL; PGlite
 * has one connection, so its server's writes wait for the dump). `write` may return a promise to
 * apply back-pressure. Returns the header it wrote.
 */
export async function dumpDatabase(
  db: Database,
  write: (line: string) => void | Promise<void>,
  options: DumpOptions = {},
): Promise<BackupHeader> {
  return db.transaction(async (tx) => {
    await tx.exec('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    await tx.exec('SET LOCAL statement_timeout = 0');
    const tables = await listTables(tx);
    const counted = [];
    for (const table of tables) {
      const { rows } = await tx.query<{ n: number | string }>(
        `SELECT count(*) AS n FROM ${ident(table.name)}`,
      );
      counted.push({ ...table, rows: Number(rows[0]?.n ?? 0) });
    }
    const header: BackupHeader = {
      format: BACKUP_FORMAT,
      version: BACKUP_VERSION,
      createdAt: new Date().toISOString(),
      source: db.kind,
      migrations: await appliedMigrations(tx),
      tables: counted,
      sequences: await listSequences(tx),
    };
    await write(JSON.stringify(header));
    const total = counted.reduce((sum, t) => sum + t.rows, 0);
    let done = 0;
    for (const table of counted) {
      const start: TableStart = { table: table.name };
      await write(JSON.stringify(start));
      await tx.exec(
        `DECLARE careweave_backup NO SCROLL CURSOR FOR SELECT row_to_json(t)::text AS j FROM ${ident(table.name)} t`,
      );
      for (;;) {
        const { rows } = await tx.query<{ j: string }>(`FETCH ${FETCH_ROWS} FROM careweave_backup`);
        for (const row of rows) await write(row.j);
        done += rows.length;
        options.onProgress?.(done, total);
        if (rows.length < FETCH_ROWS) break;
      }
      await tx.exec('CLOSE careweave_backup');
    }
    const end: BackupEnd = { end: true, rows: done };
    await write(JSON.stringify(end));
    return header;
  });
}
