import type { Group } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_CONTEXT } from './context.js';
import { migrate } from './migrate.js';
import { Repository } from './repository/repository.js';
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from './testing/databases.js';

describe.each(testDatabaseKinds())('migrations on %s', (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it('0008 takes registries written under the old rule away from their first member, in every patient-keyed table', async () => {
    const repo = new Repository(t.db);
    const { resource } = await repo.create<Group>(SYSTEM_CONTEXT, {
      resourceType: 'Group',
      type: 'person',
      actual: true,
      name: 'Diabetes registry',
      member: [{ entity: { reference: 'Patient/first-member' } }],
    });
    // What the rows of a Group looked like before the rule changed.
    for (const table of ['resource', 'resource_history', 'sp_string']) {
      await t.db.query(
        `UPDATE ${table} SET patient_id = 'first-member' WHERE resource_type = 'Group'`,
      );
    }
    await t.db.query(`DELETE FROM schema_migrations WHERE version = '0008_group_owner'`);
    const result = await migrate(t.db);
    expect(result.applied).toEqual(['0008_group_owner']);
    for (const table of ['resource', 'resource_history', 'sp_string']) {
      const { rows } = await t.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM ${table} WHERE resource_type = 'Group' AND patient_id IS NOT NULL`,
      );
      expect(rows[0]?.n, table).toBe(0);
    }
    expect((await repo.read<Group>(SYSTEM_CONTEXT, 'Group', resource.id ?? '')).name).toBe(
      'Diabetes registry',
    );
  });
});
