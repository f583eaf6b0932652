/** A value that can be bound to a SQL parameter on both PostgreSQL and PGlite. */
export type SqlValue =
  | string
  | number
  | boolean
  | null
  | Date
  | readonly string[]
  | readonly number[]
  | readonly boolean[];

/** Something that runs parameterised SQL: a pool, or a transaction's connection. */
export interface Queryable {
  query<T extends object = Record<string, unknown>>(
    sql: string,
    params?: readonly SqlValue[],
  ): Promise<{ rows: T[] }>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

/**
 * The only database interface the rest of `store` sees. One SQL dialect (PostgreSQL) served by
 * either a `pg` pool or embedded PGlite, so the same migrations and queries run on both.
 */
export interface Database extends Queryable {
  readonly kind: 'postgres' | 'pglite';
  /** Runs `fn` in one transaction: all of its statements commit, or none do. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
