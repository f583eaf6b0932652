import { formatHumanName } from '@medplum/core';
import type { Patient, Practitioner, PractitionerRole, RelatedPerson } from '@medplum/fhirtypes';
import {
  createAccount,
  SYSTEM_CONTEXT,
  type Account,
  type Database,
  type Repository,
} from '@careweave/store';
import { AuthErrorCode, STAFF_ROLES as CONTRACT_STAFF_ROLES } from '@careweave/contract';
import { AuthError } from './errors.js';
import { MIN_PASSWORD_LENGTH, hashPassword } from './passwords.js';

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
export interface NewUser {
  email: string;
  password: string;
  /** `Practitioner/ID`, `Patient/ID` or `RelatedPerson/ID`; the resource must exist. */
  fhirUser: string;
  /** Required for a Practitioner; `patient` / `caregiver` are implied for Patient / RelatedPerson. */
  role?: string | undefined;
  /** Defaults to the resource's name. */
  displayName?: string | undefined;
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
async function organizationsOf(repo: Repository, practitionerId: string): Promise<string[]> {
  const result = await repo.search(SYSTEM_CONTEXT, 'PractitionerRole', [
    ['practitioner', `Practitioner/${practitionerId}`],
    ['_count', '1000'],
  ]);
  const ids = (result.resources as PractitionerRole[])
    .map((role) => role.organization?.reference)
    .filter((ref): ref is string => typeof ref === 'string' && ref.startsWith('Organization/'))
    .map((ref) => ref.slice('Organization/'.length));
  return [...new Set(ids)].sort();
}

/**
 * Creates a login account for an existing FHIR Practitioner, Patient or RelatedPerson: checks the
 * resource exists, derives a practitioner's organisations from their PractitionerRoles, hashes
 * the password (argon2id) and stores the account. Errors are `UserProvisionError` (bad input) or
 * store's `AccountExistsError`.
 */
export async function provisionUser(
  db: Database,
  repo: Repository,
  input: NewUser,
): Promise<Account> {
  const email = input.email.trim().toLowerCase();
  if (!EMAIL.test(email)) {
    throw new UserProvisionError(`${JSON.stringify(input.email)} is not an email address`);
  }
  if (input.password.length < MIN_PASSWORD_LENGTH) {
    throw new UserProvisionError(
      `The password must be at least ${MIN_PASSWORD_LENGTH} characters long`,
    );
  }
  const m = FHIR_USER.exec(input.fhirUser);
  if (!m) {
    throw new UserProvisionError(
      `--fhir-user must be Practitioner/ID, Patient/ID or RelatedPerson/ID, not ${JSON.stringify(input.fhirUser)}`,
    );
  }
  const [, type = '', id = ''] = m;
  const role = roleFor(type, input.role);
  const resource = await repo
    .read<Practitioner | Patient | RelatedPerson>(SYSTEM_CONTEXT, type, id)
    .catch(() => undefined);
  if (!resource) {
    throw new UserProvisionError(
      `${type}/${id} does not exist in this database; import or create it first`,
    );
  }
  const name = resource.name?.[0];
  const displayName = input.displayName?.trim() || (name ? formatHumanName(name) : '') || email;
  const organizationIds = type === 'Practitioner' ? await organizationsOf(repo, id) : [];
  return createAccount(db, {
    email,
    passwordHash: await hashPassword(input.password),
    fhirUser: `${type}/${id}`,
    role,
    organizationIds,
    displayName,
  });
}
