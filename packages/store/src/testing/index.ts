/**
 * `@careweave/store/testing`: a fresh, migrated database of each kind the run can reach (PGlite
 * always, PostgreSQL when `DATABASE_URL` is set). For tests only; not part of the production entry
 * point.
 */
export { openTestDatabase, testDatabaseKinds, type TestDatabase } from './databases.js';
export { postgresBinDir, startTempPostgres, type TempPostgres } from './temp-postgres.js';
