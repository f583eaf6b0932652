import { AccountExistsError, migrate, openDatabase, Repository } from '@careweave/store';
import { provisionUser, UserProvisionError } from '@careweave/server';
import { readFileSync } from 'node:fs';
import { databaseOptions, fail, type DatabaseFlags } from '../options.js';

export interface UserCreateFlags extends DatabaseFlags {
  email: string;
  password: string;
  fhirUser: string;
  role?: string;
  name?: string;
}

/** `--password -` reads the password from the first line of stdin (keeps it out of shell history and `ps`). */
function passwordOf(flag: string): string {
  return flag === '-' ? (readFileSync(0, 'utf8').split(/\r?\n/)[0] ?? '') : flag;
}

/**
 * `careweave user create`: a login account for an existing Practitioner, Patient or RelatedPerson.
 * A practitioner's organisations come from their PractitionerRoles. Opens the database, so with
 * the embedded database it runs while no server holds the data directory.
 */
export async function userCreateCommand(flags: UserCreateFlags): Promise<void> {
  const password = passwordOf(flags.password);
  const db = await openDatabase(databaseOptions(flags));
  try {
    await migrate(db);
    const account = await provisionUser(db, new Repository(db), {
      email: flags.email,
      password,
      fhirUser: flags.fhirUser,
      role: flags.role,
      displayName: flags.name,
    });
    const orgs =
      account.organizationIds.length > 0
        ? account.organizationIds.map((id) => `Organization/${id}`).join(', ')
        : 'none';
    process.stdout.write(
      `Created account ${account.email}: ${account.displayName}, ${account.role}, acting as ${account.fhirUser}; organisations: ${orgs}\n`,
    );
  } catch (err) {
    if (err instanceof UserProvisionError || err instanceof AccountExistsError) {
      fail(err.message);
    }
    throw err;
  } finally {
    await db.close();
  }
}
