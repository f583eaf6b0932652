import { OperationOutcomeError, getStatus } from '@medplum/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isUniqueViolation } from './errors.js';
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from '../testing/databases.js';

describe.each(testDatabaseKinds())('database errors on %s', (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase(kind);
    await t.db.exec('CREATE TABLE IF NOT EXISTS unique_probe (id text PRIMARY KEY)');
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it('turns a unique violation into a 409 conflict, in a statement and in a transaction', async () => {
    await t.db.query('INSERT INTO unique_probe (id) VALUES ($1)', ['a']);
    const plain = await t.db
      .query('INSERT INTO unique_probe (id) VALUES ($1)', ['a'])
      .catch((e: unknown) => e);
    expect(plain).toBeInstanceOf(OperationOutcomeError);
    expect(getStatus((plain as OperationOutcomeError).outcome)).toBe(409);
    const inTx = await t.db
      .transaction((tx) => tx.query('INSERT INTO unique_probe (id) VALUES ($1)', ['a']))
      .catch((e: unknown) => e);
    expect(getStatus((inTx as OperationOutcomeError).outcome)).toBe(409);
    // store code that gives the violation its own meaning still recognises it
    expect(isUniqueViolation(plain)).toBe(true);
  });

  it('passes other errors through unchanged', async () => {
    const err = await t.db.query('SELECT * FROM no_such_table').catch((e: unknown) => e);
    expect(err).not.toBeInstanceOf(OperationOutcomeError);
  });
});
