import { readFileSync } from 'node:fs';
import { AdminRequestError, openAdminGateway, type AdminGateway } from '../admin-gateway.js';
import { fail, type DatabaseFlags } from '../options.js';

export interface UserCreateFlags extends DatabaseFlags {
  email: string;
  password: string;
  fhirUser: string;
  role?: string;
  name?: string;
  organization?: string[];
  temporary?: boolean;
}

/** `--password -` reads the password from the first line of stdin (keeps it out of shell history and `ps`). */
function passwordOf(flag: string): string {
  return flag === '-' ? (readFileSync(0, 'utf8').split(/\r?\n/)[0] ?? '') : flag;
}

/**
 * Runs an account command against the database, or — when a running server holds the embedded
 * data directory — through that server (admin-gateway.ts). Refusals are printed as they are.
 */
async function withGateway<T>(
  flags: DatabaseFlags,
  work: (gateway: AdminGateway) => Promise<T>,
): Promise<T> {
  let gateway: AdminGateway | undefined;
  try {
    gateway = await openAdminGateway(flags);
    return await work(gateway);
  } catch (err) {
    if (err instanceof AdminRequestError) {
      fail(err.message);
    }
    throw err;
  } finally {
    await gateway?.close();
  }
}

/**
 * `careweave user create`: a login account for an existing Practitioner, Patient or RelatedPerson.
 * A practitioner's organisations come from their PractitionerRoles unless `--organization` is
 * given. Works while a server runs on the embedded database (it asks the server).
 */
export async function userCreateCommand(flags: UserCreateFlags): Promise<void> {
  const password = passwordOf(flags.password);
  await withGateway(flags, async (gateway) => {
    const role =
      flags.role ??
      (flags.fhirUser.startsWith('Patient/')
        ? 'patient'
        : flags.fhirUser.startsWith('RelatedPerson/')
          ? 'caregiver'
          : undefined);
    if (!role) {
      fail(
        'A Practitioner account needs --role, one of: administrator, care-coordinator, physician, nurse, behavioural-health, social-worker, pharmacist, community-health-worker, programme-manager, community-organisation',
      );
    }
    const user = await gateway.createUser({
      email: flags.email,
      password,
      fhirUser: flags.fhirUser,
      role,
      ...(flags.name ? { displayName: flags.name } : {}),
      ...(flags.organization && flags.organization.length > 0
        ? { organizationIds: flags.organization }
        : {}),
      temporaryPassword: Boolean(flags.temporary),
    });
    const orgs =
      user.organizations.length > 0
        ? user.organizations.map((o) => `Organization/${o.id}`).join(', ')
        : 'none';
    process.stdout.write(
      `Created account ${user.email}: ${user.displayName}, ${user.role}, acting as ${user.fhirUser}; organisations: ${orgs}${user.mustChangePassword ? '; the password is temporary (to be changed at the first sign-in)' : ''}\n`,
    );
    if (gateway.where.startsWith('the server')) {
      process.stderr.write(`(created through ${gateway.where}, which holds the data directory)\n`);
    }
  });
}

const when = (iso: string | null): string => (iso ? iso.slice(0, 16).replace('T', ' ') : 'never');

/** `careweave user list [--search TEXT]`: accounts with role, status and last sign-in. */
export async function userListCommand(flags: DatabaseFlags & { search?: string }): Promise<void> {
  await withGateway(flags, async (gateway) => {
    const users = await gateway.listUsers(flags.search);
    const lines = users.map(
      (u) =>
        `${u.email.padEnd(36)} ${u.role.padEnd(24)} ${(u.disabled ? 'disabled' : u.mustChangePassword ? 'temporary' : 'enabled').padEnd(10)} last sign-in ${when(u.lastLoginAt)}  ${u.displayName}`,
    );
    process.stdout.write(
      `${lines.join('\n')}${lines.length > 0 ? '\n' : ''}${users.length} account(s)\n`,
    );
  });
}

async function accountByEmail(gateway: AdminGateway, email: string): Promise<string> {
  const wanted = email.trim().toLowerCase();
  const found = (await gateway.listUsers(wanted)).find((u) => u.email === wanted);
  if (!found) {
    fail(`No account with the email ${wanted}`);
  }
  return found.id;
}

/** `careweave user disable|enable --email E`. */
export async function userSetDisabledCommand(
  flags: DatabaseFlags & { email: string },
  disabled: boolean,
): Promise<void> {
  await withGateway(flags, async (gateway) => {
    const user = await gateway.setDisabled(await accountByEmail(gateway, flags.email), disabled);
    process.stdout.write(
      `${user.email} is ${user.disabled ? 'disabled (its sessions ended)' : 'enabled'}\n`,
    );
  });
}

/** `careweave user reset-password --email E --password P`: a temporary password, to be changed at the next sign-in. */
export async function userResetPasswordCommand(
  flags: DatabaseFlags & { email: string; password: string },
): Promise<void> {
  const password = passwordOf(flags.password);
  await withGateway(flags, async (gateway) => {
    const user = await gateway.resetPassword(await accountByEmail(gateway, flags.email), password);
    process.stdout.write(
      `${user.email} has a temporary password; they must change it at their next sign-in (their sessions ended)\n`,
    );
  });
}

export { withGateway };
