import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db/database.js';
import { isUniqueViolation } from '../db/errors.js';

/**
 * A login account. Not FHIR: it links to the FHIR resource the person acts as through `fhirUser`.
 * The password is only ever stored as an argon2id hash (hashing happens in `server/auth`).
 */
export interface Account {
  id: string;
  /** Lower-case; unique. The lookup key for logins and `careweave token --user`. */
  email: string;
  passwordHash: string;
  /** `Practitioner/…`, `Patient/…` or `RelatedPerson/…`. */
  fhirUser: string;
  role: string;
  /** Organisation ids (from the Practitioner's PractitionerRoles); empty for patients and caregivers. */
  organizationIds: string[];
  displayName: string;
  createdAt: Date;
  disabled: boolean;
  /** Set for an account created or reset with a temporary password: it must be changed at sign-in. */
  mustChangePassword: boolean;
  /** The last successful sign-in (login form or an app's SMART login). */
  lastLoginAt?: Date;
  passwordChangedAt?: Date;
}

/** What a new account needs; the id and creation time are assigned. */
export type NewAccount = Omit<
  Account,
  'id' | 'createdAt' | 'disabled' | 'mustChangePassword' | 'lastLoginAt' | 'passwordChangedAt'
> & {
  id?: string;
  disabled?: boolean;
  mustChangePassword?: boolean;
};

/** The row shape of `account`, shared with the session queries that join it. */
export interface AccountRow {
  id: string;
  email: string;
  password_hash: string;
  fhir_user: string;
  role: string;
  organization_ids: string[];
  display_name: string;
  created_at: Date | string;
  disabled: boolean;
  must_change_password: boolean;
  last_login_at: Date | string | null;
  password_changed_at: Date | string | null;
}

/** The `account` columns, for queries that select them under an alias. */
export const ACCOUNT_COLUMNS =
  'id, email, password_hash, fhir_user, role, organization_ids, display_name, created_at, disabled, must_change_password, last_login_at, password_changed_at';

/** Maps an `account` row to an Account. */
export function toAccount(row: AccountRow): Account {
  return {
    id: row.id,
    email: row.email,
    passwordHash: row.password_hash,
    fhirUser: row.fhir_user,
    role: row.role,
    organizationIds: [...row.organization_ids],
    displayName: row.display_name,
    createdAt: new Date(row.created_at),
    disabled: row.disabled,
    mustChangePassword: row.must_change_password,
    ...(row.last_login_at ? { lastLoginAt: new Date(row.last_login_at) } : {}),
    ...(row.password_changed_at ? { passwordChangedAt: new Date(row.password_changed_at) } : {}),
  };
}

/** Emails compare case-insensitively: stored and looked up in lower case, trimmed. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Raised when an account with the same email already exists. */
export class AccountExistsError extends Error {
  constructor(readonly email: string) {
    super(`An account with the email ${email} already exists`);
    this.name = 'AccountExistsError';
  }
}

/** Creates an account; the email is normalised. Throws `AccountExistsError` on a duplicate email. */
export async function createAccount(q: Queryable, input: NewAccount): Promise<Account> {
  const email = normaliseEmail(input.email);
  try {
    const { rows } = await q.query<AccountRow>(
      `INSERT INTO account (id, email, password_hash, fhir_user, role, organization_ids, display_name, disabled, must_change_password)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${ACCOUNT_COLUMNS}`,
      [
        input.id ?? randomUUID(),
        email,
        input.passwordHash,
        input.fhirUser,
        input.role,
        input.organizationIds,
        input.displayName,
        input.disabled ?? false,
        input.mustChangePassword ?? false,
      ],
    );
    return toAccount(rows[0] as AccountRow);
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw new AccountExistsError(email);
    }
    throw err;
  }
}

/** The account with this email (case-insensitive), or undefined. */
export async function findAccountByEmail(
  q: Queryable,
  email: string,
): Promise<Account | undefined> {
  const { rows } = await q.query<AccountRow>(
    `SELECT ${ACCOUNT_COLUMNS} FROM account WHERE email = $1`,
    [normaliseEmail(email)],
  );
  return rows[0] ? toAccount(rows[0]) : undefined;
}

/** The account with this id, or undefined. */
export async function findAccountById(q: Queryable, id: string): Promise<Account | undefined> {
  const { rows } = await q.query<AccountRow>(
    `SELECT ${ACCOUNT_COLUMNS} FROM account WHERE id = $1`,
    [id],
  );
  return rows[0] ? toAccount(rows[0]) : undefined;
}

/** Disables or re-enables an account. A disabled account cannot log in and its tokens stop working. */
export async function setAccountDisabled(
  q: Queryable,
  id: string,
  disabled: boolean,
): Promise<void> {
  await q.query('UPDATE account SET disabled = $2 WHERE id = $1', [id, disabled]);
}
