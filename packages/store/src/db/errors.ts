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
  if (isConnectionFailure(err)) {
    const unavailable = StoreErrors.unavailable(
      'The database is unavailable; the request was not carried out. Retry in a few seconds.',
    );
    unavailable.cause = err;
    return unavailable;
  }
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

/** Socket errors that mean the database server is not there (Node's `errno` codes). */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);
/**
 * SQLSTATEs of a server going away or not yet accepting work: class 08 (connection exception),
 * 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now, 53300
 * too_many_connections (https://www.postgresql.org/docs/current/errcodes-appendix.html).
 */
const UNAVAILABLE_STATES = new Set(['57P01', '57P02', '57P03', '53300']);
/** What `pg` says when a connection dies or cannot be had in time (it gives no code). */
const PG_CONNECTION_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection closed/i;

/**
 * Whether an error means the database could not be reached, rather than that a statement failed:
 * such a request did nothing and may be retried (503). `pg` reports a refused connection to a
 * host with several addresses as an AggregateError of socket errors.
 */
export function isConnectionFailure(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (SOCKET_CODES.has(code) || UNAVAILABLE_STATES.has(code) || code.startsWith('08')) {
      return true;
    }
  }
  if (err instanceof AggregateError) return err.errors.some(isConnectionFailure);
  return err instanceof Error && !code && PG_CONNECTION_MESSAGES.test(err.message);
}

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
