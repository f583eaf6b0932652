import { formatHumanName } from '@medplum/core';
import type {
  Organization,
  Patient,
  Practitioner,
  PractitionerRole,
  RelatedPerson,
  Resource,
} from '@medplum/fhirtypes';
import {
  createAccount,
  readInTransaction,
  searchInTransaction,
  SYSTEM_CONTEXT,
  type Account,
  type Database,
  type NewAccount,
  type Queryable,
  type Repository,
} from '@careweave/store';
import { AuthErrorCode, STAFF_ROLES as CONTRACT_STAFF_ROLES } from '@careweave/contract';
import { AuthError } from './errors.js';
import { passwordProblems } from './password-policy.js';
import { hashPassword } from './passwords.js';

/** Staff roles (a Practitioner's account): the contract's list. */
export const STAFF_ROLES: readonly string[] = CONTRACT_STAFF_ROLES;

/** Raised when a user cannot be created; the message is meant for the operator. */
export class UserProvisionError extends AuthError {
  constructor(message: string) {
    super(AuthErrorCode.USER_PROVISION, message);
    this.name = 'UserProvisionError';
  }
}

/** What creating a login account takes. */
export interface UserToProvision {
  email: string;
  password: string;
  /** `Practitioner/ID`, `Patient/ID` or `RelatedPerson/ID`; the resource must exist. */
  fhirUser: string;
  /** Required for a Practitioner; `patient` / `caregiver` are implied for Patient / RelatedPerson. */
  role?: string | undefined;
  /** Defaults to the resource's name. */
  displayName?: string | undefined;
  /**
   * A practitioner's organisations; default: those of their PractitionerRoles. Each must exist.
   * Patients and caregivers have none.
   */
  organizationIds?: readonly string[] | undefined;
  /** A temporary password: the person must change it at their first sign-in. */
  temporaryPassword?: boolean | undefined;
}

const FHIR_USER = /^(Practitioner|Patient|RelatedPerson)\/([A-Za-z0-9\-.]{1,64})$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function roleFor(type: string, role: string | undefined): string {
  if (type === 'Patient' || type === 'RelatedPerson') {
    const implied = type === 'Patient' ? 'patient' : 'caregiver';
    if (role !== undefined && role !== implied) {
      throw new UserProvisionError(`A ${type} account has the role ${implied}, not ${role}`);
    }
    return implied;
  }
  if (!role) {
    throw new UserProvisionError(
      `A Practitioner account needs --role, one of: ${STAFF_ROLES.join(', ')}`,
    );
  }
  if (!STAFF_ROLES.includes(role)) {
    throw new UserProvisionError(
      `Unknown role ${JSON.stringify(role)}; a Practitioner's role is one of: ${STAFF_ROLES.join(', ')}`,
    );
  }
  return role;
}

/** The organisation ids of a practitioner's PractitionerRoles. */
async function organizationsOf(q: Queryable, practitionerId: string): Promise<string[]> {
  const result = await searchInTransaction(q, SYSTEM_CONTEXT, 'PractitionerRole', [
    ['practitioner', `Practitioner/${practitionerId}`],
    ['_count', '1000'],
  ]);
  const ids = (result.resources as PractitionerRole[])
    .map((role) => role.organization?.reference)
    .filter((ref): ref is string => typeof ref === 'string' && ref.startsWith('Organization/'))
    .map((ref) => ref.slice('Organization/'.length));
  return [...new Set(ids)].sort();
}

async function readOrUndefined<T extends Resource>(
  q: Queryable,
  type: string,
  id: string,
): Promise<T | undefined> {
  return readInTransaction<T>(q, SYSTEM_CONTEXT, type, id).catch(() => undefined);
}

/** Checks that each organisation exists; answers the ids sorted and without duplicates. */
async function checkOrganizations(q: Queryable, ids: readonly string[]): Promise<string[]> {
  const unique = [...new Set(ids.map((id) => id.replace(/^Organization\//, '')))].sort();
  for (const id of unique) {
    if (!(await readOrUndefined<Organization>(q, 'Organization', id))) {
      throw new UserProvisionError(`Organization/${id} does not exist in this database`);
    }
  }
  return unique;
}

/**
 * Validates a new login account and hashes its password, without storing it: the email, the
 * password policy, the role, that the FHIR resource exists (read on `q`, so a resource created
 * earlier in the same transaction counts) and the organisations. Errors are `UserProvisionError`.
 */
export async function prepareUser(q: Queryable, input: UserToProvision): Promise<NewAccount> {
  const email = input.email.trim().toLowerCase();
  if (!EMAIL.test(email)) {
    throw new UserProvisionError(`${JSON.stringify(input.email)} is not an email address`);
  }
  const problems = passwordProblems(input.password, { email });
  if (problems.length > 0) {
    throw new UserProvisionError(problems.join(' '));
  }
  const m = FHIR_USER.exec(input.fhirUser);
  if (!m) {
    throw new UserProvisionError(
      `--fhir-user must be Practitioner/ID, Patient/ID or RelatedPerson/ID, not ${JSON.stringify(input.fhirUser)}`,
    );
  }
  const [, type = '', id = ''] = m;
  const role = roleFor(type, input.role);
  const resource = await readOrUndefined<Practitioner | Patient | RelatedPerson>(q, type, id);
  if (!resource) {
    throw new UserProvisionError(
      `${type}/${id} does not exist in this database; import or create it first`,
    );
  }
  const name = resource.name?.[0];
  const displayName = input.displayName?.trim() || (name ? formatHumanName(name) : '') || email;
  if (type !== 'Practitioner' && input.organizationIds && input.organizationIds.length > 0) {
    throw new UserProvisionError(`A ${type} account has no organisations`);
  }
  const organizationIds =
    type !== 'Practitioner'
      ? []
      : input.organizationIds
        ? await checkOrganizations(q, input.organizationIds)
        : await organizationsOf(q, id);
  return {
    email,
    passwordHash: await hashPassword(input.password),
    fhirUser: `${type}/${id}`,
    role,
    organizationIds,
    displayName,
    mustChangePassword: input.temporaryPassword === true,
  };
}

/**
 * Creates a login account for an existing FHIR Practitioner, Patient or RelatedPerson: checks the
 * resource exists, derives a practitioner's organisations from their PractitionerRoles (unless
 * given), checks the password policy, hashes the password (argon2id) and stores the account.
 * Errors are `UserProvisionError` (bad input) or store's `AccountExistsError`.
 */
export async function provisionUser(
  db: Database,
  _repo: Repository,
  input: UserToProvision,
): Promise<Account> {
  return createAccount(db, await prepareUser(db, input));
}
