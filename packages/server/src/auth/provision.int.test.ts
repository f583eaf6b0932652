import { AccountExistsError, Repository, SYSTEM_CONTEXT } from '@careweave/store';
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from '@careweave/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from './passwords.js';
import { provisionUser } from './provision.js';

describe.each(testDatabaseKinds())('creating login accounts on %s', (kind) => {
  let t: TestDatabase;
  let repo: Repository;
  const password = 'a long enough passphrase';

  beforeAll(async () => {
    t = await openTestDatabase(kind);
    repo = new Repository(t.db);
    await repo.update(SYSTEM_CONTEXT, {
      resourceType: 'Practitioner',
      id: 'omar',
      name: [{ prefix: ['Dr.'], given: ['Omar'], family: 'Reyes' }],
    });
    for (const org of ['clinic', 'network']) {
      await repo.update(SYSTEM_CONTEXT, {
        resourceType: 'PractitionerRole',
        id: `omar-${org}`,
        practitioner: { reference: 'Practitioner/omar' },
        organization: { reference: `Organization/${org}` },
      });
    }
    await repo.update(SYSTEM_CONTEXT, {
      resourceType: 'Patient',
      id: 'rosa',
      name: [{ given: ['Rosa'], family: 'Díaz' }],
    });
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it('links a practitioner to every organisation of their PractitionerRoles and hashes the password with argon2id', async () => {
    const account = await provisionUser(t.db, repo, {
      email: 'Omar@Example.org',
      password,
      fhirUser: 'Practitioner/omar',
      role: 'behavioural-health',
    });
    expect(account).toMatchObject({
      email: 'omar@example.org',
      role: 'behavioural-health',
      organizationIds: ['clinic', 'network'],
      displayName: 'Dr. Omar Reyes',
    });
    expect(account.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(password, account.passwordHash)).toBe(true);
    expect(await verifyPassword('wrong', account.passwordHash)).toBe(false);
    await expect(
      provisionUser(t.db, repo, {
        email: 'omar@example.org',
        password,
        fhirUser: 'Practitioner/omar',
        role: 'physician',
      }),
    ).rejects.toBeInstanceOf(AccountExistsError);
  });

  it('implies the role of patients and caregivers', async () => {
    expect(
      await provisionUser(t.db, repo, {
        email: 'rosa@example.org',
        password,
        fhirUser: 'Patient/rosa',
      }),
    ).toMatchObject({ role: 'patient', organizationIds: [], displayName: 'Rosa Díaz' });
  });

  it('says clearly what is wrong', async () => {
    const cases: [Parameters<typeof provisionUser>[2], RegExp][] = [
      [
        { email: 'x@example.org', password, fhirUser: 'Practitioner/nobody', role: 'nurse' },
        /Practitioner\/nobody does not exist/,
      ],
      [
        { email: 'x@example.org', password, fhirUser: 'Organization/clinic' },
        /must be Practitioner\/ID, Patient\/ID or RelatedPerson\/ID/,
      ],
      [{ email: 'x@example.org', password, fhirUser: 'Practitioner/omar' }, /needs --role/],
      [
        { email: 'x@example.org', password, fhirUser: 'Practitioner/omar', role: 'wizard' },
        /Unknown role "wizard"/,
      ],
      [
        { email: 'x@example.org', password, fhirUser: 'Patient/rosa', role: 'physician' },
        /role patient, not physician/,
      ],
      [
        { email: 'x@example.org', password: 'short', fhirUser: 'Patient/rosa' },
        /at least 12 characters/,
      ],
      [{ email: 'not-an-email', password, fhirUser: 'Patient/rosa' }, /not an email address/],
    ];
    for (const [input, message] of cases) {
      await expect(provisionUser(t.db, repo, input)).rejects.toThrow(message);
    }
  });
});
