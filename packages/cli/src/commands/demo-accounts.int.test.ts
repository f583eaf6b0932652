import { findAccountByEmail, Repository, SYSTEM_CONTEXT } from '@careweave/store';
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from '@careweave/store/testing';
import { DEMO_USERS } from '@careweave/synth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDemoAccounts } from './demo-accounts.js';

describe.each(testDatabaseKinds())('the demo login accounts on %s', (kind) => {
  let t: TestDatabase;
  let repo: Repository;

  beforeAll(async () => {
    t = await openTestDatabase(kind);
    repo = new Repository(t.db);
    // The resources the generator writes for the demo users, reduced to what accounts need.
    for (const user of DEMO_USERS) {
      const [type = '', id = ''] = user.fhirUser.split('/');
      const name = [{ text: user.name }];
      if (type === 'RelatedPerson') {
        const patient = DEMO_USERS.find((u) => u.role === 'patient')?.fhirUser ?? '';
        await repo.update(SYSTEM_CONTEXT, {
          resourceType: 'RelatedPerson',
          id,
          name,
          patient: { reference: patient },
        });
      } else {
        await repo.update(SYSTEM_CONTEXT, {
          resourceType: type as 'Patient' | 'Practitioner',
          id,
          name,
        });
      }
      if (user.organization) {
        const orgId = user.organization.split('/')[1] ?? '';
        await repo.update(SYSTEM_CONTEXT, { resourceType: 'Organization', id: orgId, name: orgId });
        await repo.update(SYSTEM_CONTEXT, {
          resourceType: 'PractitionerRole',
          id: `${id}-role`,
          practitioner: { reference: user.fhirUser },
          organization: { reference: user.organization },
        });
      }
    }
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it('creates every demo user once, with the organisations of their PractitionerRoles', async () => {
    expect(await ensureDemoAccounts(t.db, repo)).toBe(DEMO_USERS.length);
    expect(await ensureDemoAccounts(t.db, repo)).toBe(0);
    const staff = DEMO_USERS.find((u) => u.organization);
    const account = await findAccountByEmail(t.db, staff?.email ?? '');
    expect(account).toMatchObject({
      fhirUser: staff?.fhirUser,
      role: staff?.role,
      displayName: staff?.name,
      organizationIds: [staff?.organization?.split('/')[1]],
    });
    const caregiver = await findAccountByEmail(
      t.db,
      DEMO_USERS.find((u) => u.role === 'caregiver')?.email ?? '',
    );
    expect(caregiver?.role).toBe('caregiver');
    expect(caregiver?.passwordHash).toMatch(/^\$argon2id\$/);
  });
});
