import { StoreErrors } from '../repository/errors.js';
import type { Database, Queryable, SqlValue } from './database.js';

/** PostgreSQL's SQLSTATE for a unique violation (https://www.postgresql.org/docs/current/errcodes-appendix.html). */
const UNIQUE_VIOLATION = '23505';

/**
 * A database error as the rest of the system should see it: a unique violation is two writers
 * racing for one new id, so the loser gets a 409 conflict (`StoreErrors`); anything else passes
 * through unchanged. Only `store` knows SQLSTATE codes; the server never sees one.
 */
export function translateDatabaseError(err: unknown): unknown {
  if (hasCode(err, UNIQUE_VIOLATION)) {
    const conflict = StoreErrors.conflict(
      'A concurrent write created the same resource; retry the request',
    );
    conflict.cause = err;
    return conflict;
  }
  return err;
}

const hasCode = (err: unknown, code: string): boolean =>
  !!err && typeof err === 'object' && (err as { code?: unknown }).code === code;

/**
 * Whether an error (as the database adapters throw it) was a unique violation — for store code
 * that gives the violation its own meaning (a duplicate email is `AccountExistsError`).
 */
export function isUniqueViolation(err: unknown): boolean {
  return (
    hasCode(err, UNIQUE_VIOLATION) || (err instanceof Error && hasCode(err.cause, UNIQUE_VIOLATION))
  );
}

const rethrow = (err: unknown): never => {
  throw translateDatabaseError(err);
};

function translating(inner: Queryable): Queryable {
  return {
    query: <T extends object>(sql: string, params?: readonly SqlValue[]) =>
      inner.query<T>(sql, params).catch(rethrow),
    exec: (sql: string) => inner.exec(sql).catch(rethrow),
  };
}

/** Wraps a database so every statement's errors are translated (see `translateDatabaseError`). */
export function translatingErrors(db: Database): Database {
  return {
    kind: db.kind,
    ...translating(db),
    transaction: <T>(fn: (tx: Queryable) => Promise<T>) =>
      db.transaction((tx) => fn(translating(tx))).catch(rethrow),
    close: () => db.close(),
  };
}
