import pg from 'pg';
import type { Database, Queryable, SqlValue } from './database.js';
import { translatingErrors } from './errors.js';

// Return int8/numeric as JS numbers where safe: versions and counts are small.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number.parseInt(v, 10));

/**
 * Opens a `pg` connection pool on `DATABASE_URL`. With `schema`, every connection works in that
 * schema (created if missing) with `public` behind it — how tests share one database in isolation.
 */
export async function openPostgres(
  connectionString: string,
  options: {
    max?: number;
    schema?: string;
    statementTimeoutMs?: number;
    connectionTimeoutMs?: number;
  } = {},
): Promise<Database> {
  const { schema } = options;
  if (schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(schema)) {
    throw new Error(`Invalid schema name ${schema}`);
  }
  if (schema) {
    const admin = new pg.Client({ connectionString });
    await admin.connect();
    await admin.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await admin.end();
  }
  const pool = new pg.Pool({
    connectionString,
    max: options.max ?? 10,
    // Fail fast when the database is down or every connection is stuck: a request gets a 503 in
    // seconds (errors.ts) instead of hanging; the pool reconnects by itself once it is back.
    connectionTimeoutMillis: options.connectionTimeoutMs ?? 5000,
    // A runaway statement (a pathological search) is cancelled by PostgreSQL rather than
    // holding a connection and its locks for ever.
    ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {}),
    ...(schema ? { options: `-c search_path=${schema},public` } : {}),
  });
  pool.on('error', () => undefined); // idle-client errors surface on the next query instead
  return translatingErrors({
    kind: 'postgres',
    async query<T extends object>(sql: string, params?: readonly SqlValue[]) {
      const result = await pool.query(sql, params as SqlValue[] | undefined);
      return { rows: result.rows as T[] };
    },
    async exec(sql) {
      await pool.query(sql);
    },
    async transaction(fn) {
      const client = await pool.connect();
      const tx: Queryable = {
        async query<T extends object>(sql: string, params?: readonly SqlValue[]) {
          const result = await client.query(sql, params as SqlValue[] | undefined);
          return { rows: result.rows as T[] };
        },
        async exec(sql) {
          await client.query(sql);
        },
      };
      try {
        await client.query('BEGIN');
        const value = await fn(tx);
        await client.query('COMMIT');
        return value;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    async close() {
      await pool.end();
    },
  });
}
