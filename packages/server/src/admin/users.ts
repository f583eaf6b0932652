import type { AdminUser, NewUser } from '@careweave/contract';
import { TEAM_ROLE_CODES, type AdminAction, type AuditLog } from '@careweave/care';
import type { CodeableConcept, Organization, Practitioner } from '@medplum/fhirtypes';
import {
  AccountExistsError,
  countEnabledAccounts,
  createAccount,
  findAccountById,
  listAccounts,
  revokeAccountSessions,
  setAccountDisabled,
  setAccountPassword,
  SYSTEM_CONTEXT,
  type Account,
  type AccountFilter,
  type Database,
  type Queryable,
  type Repository,
  type RequestContext,
} from '@careweave/store';
import { passwordProblems } from '../auth/password-policy.js';
import { hashPassword } from '../auth/passwords.js';
import { prepareUser, STAFF_ROLES, UserProvisionError } from '../auth/provision.js';
import { adminError } from './errors.js';

/** What administration needs: the database, the Repository with the write rules, the audit trail. */
export interface AdminDeps {
  db: Database;
  repo: Repository;
  audit: Pick<AuditLog, 'recordAdmin'>;
}

/** Who acts: the request's context (an administrator, or the CLI's system token) and address. */
export interface AdminActor {
  ctx: RequestContext;
  ip?: string | undefined;
  /** The acting administrator's own account (absent for the CLI's system token). */
  accountId?: string | undefined;
}

/** An account as the administration screen and `GET /api/admin/users` show it (never its hash). */
export type { AdminUser };

/**
 * The PractitionerRole code of a new colleague, by account role: the care-team role codes
 * (SNOMED CT occupation + NUCC taxonomy, as care/roster uses them) where one fits, else SNOMED CT
 * 224608005 "Administrative healthcare staff".
 */
function practitionerRoleCode(role: string): CodeableConcept {
  const team: Partial<Record<string, keyof typeof TEAM_ROLE_CODES>> = {
    'care-coordinator': 'care-coordinator',
    physician: 'gp',
    nurse: 'nurse',
    'behavioural-health': 'psychologist',
    'social-worker': 'social-worker',
    pharmacist: 'pharmacist',
    'community-health-worker': 'community-health-worker',
  };
  const key = team[role];
  return key
    ? TEAM_ROLE_CODES[key]
    : {
        coding: [
          {
            system: 'http://snomed.info/sct',
            code: '224608005',
            display: 'Administrative healthcare staff (occupation)',
          },
        ],
        text: role === 'community-organisation' ? 'Community organisation staff' : 'Administrator',
      };
}

async function organizationNames(
  repo: Repository,
  accounts: readonly Account[],
): Promise<Map<string, string>> {
  const ids = [...new Set(accounts.flatMap((a) => a.organizationIds))];
  const names = new Map<string, string>();
  for (let i = 0; i < ids.length; i += 100) {
    const page = await repo.search(SYSTEM_CONTEXT, 'Organization', [
      ['_id', ids.slice(i, i + 100).join(',')],
      ['_count', '100'],
      ['_total', 'none'],
    ]);
    for (const org of page.resources as Organization[]) {
      if (org.id) names.set(org.id, org.name ?? org.id);
    }
  }
  return names;
}

/** Accounts as administrators see them, with their organisations' names. */
export async function toAdminUsers(repo: Repository, accounts: Account[]): Promise<AdminUser[]> {
  const names = await organizationNames(repo, accounts);
  return accounts.map((a) => ({
    id: a.id,
    email: a.email,
    displayName: a.displayName,
    role: a.role,
    fhirUser: a.fhirUser,
    organizations: a.organizationIds.map((id) => ({ id, name: names.get(id) ?? id })),
    disabled: a.disabled,
    mustChangePassword: a.mustChangePassword,
    createdAt: a.createdAt.toISOString(),
    lastLoginAt: a.lastLoginAt?.toISOString() ?? null,
  }));
}

/** `GET /api/admin/users`. */
export async function listUsers(deps: AdminDeps, filter: AccountFilter): Promise<AdminUser[]> {
  return toAdminUsers(deps.repo, await listAccounts(deps.db, filter));
}

function accountTarget(a: Account): { id: string; email: string; fhirUser: string; role: string } {
  return { id: a.id, email: a.email, fhirUser: a.fhirUser, role: a.role };
}

/** The account, or a 404. */
async function existing(q: Queryable, id: string): Promise<Account> {
  const account = await findAccountById(q, id);
  if (!account) {
    throw adminError(404, 'not-found', `No account with id ${id}`);
  }
  return account;
}

/**
 * Creates an account (and, for a new colleague, their Practitioner and PractitionerRoles) in one
 * transaction with its audit record: nothing is half-written when the email is taken or the
 * password refused.
 */
export async function createUser(
  deps: AdminDeps,
  actor: AdminActor,
  input: NewUser,
): Promise<AdminUser> {
  if (!input.fhirUser && !input.newPractitioner) {
    throw adminError(
      400,
      'required',
      'Link the account to a person: fhirUser (Practitioner/…, Patient/… or RelatedPerson/…) or newPractitioner {given, family}',
    );
  }
  if (input.newPractitioner) {
    if (input.fhirUser) {
      throw adminError(400, 'invalid', 'Give either fhirUser or newPractitioner, not both');
    }
    if (!STAFF_ROLES.includes(input.role)) {
      throw adminError(
        400,
        'invalid',
        `A new practitioner needs a staff role, one of: ${STAFF_ROLES.join(', ')}`,
      );
    }
    if (!input.newPractitioner.family.trim() && !input.newPractitioner.given.trim()) {
      throw adminError(400, 'required', 'A new practitioner needs a name');
    }
    if (!input.organizationIds || input.organizationIds.length === 0) {
      throw adminError(
        400,
        'required',
        'Choose at least one organisation the new practitioner works for',
      );
    }
  }
  try {
    const account = await deps.repo.inTransaction(actor.ctx, async (w, tx) => {
      let fhirUser = input.fhirUser ?? '';
      if (input.newPractitioner) {
        const { given, family } = input.newPractitioner;
        const practitioner = await w.create<Practitioner>({
          resourceType: 'Practitioner',
          active: true,
          name: [
            {
              ...(given.trim() ? { given: given.trim().split(/\s+/) } : {}),
              ...(family.trim() ? { family: family.trim() } : {}),
            },
          ],
          telecom: [{ system: 'email', value: input.email.trim().toLowerCase(), use: 'work' }],
        });
        fhirUser = `Practitioner/${practitioner.id ?? ''}`;
        for (const org of input.organizationIds ?? []) {
          const orgId = org.replace(/^Organization\//, '');
          await w.create({
            resourceType: 'PractitionerRole',
            active: true,
            practitioner: { reference: fhirUser },
            organization: { reference: `Organization/${orgId}` },
            code: [practitionerRoleCode(input.role)],
          });
        }
      }
      const created = await createAccount(
        tx,
        await prepareUser(tx, {
          email: input.email,
          password: input.password,
          fhirUser,
          role: input.role,
          displayName: input.displayName,
          organizationIds: input.organizationIds,
          temporaryPassword: input.temporaryPassword,
        }),
      );
      await deps.audit.recordAdmin(
        {
          ctx: actor.ctx,
          ip: actor.ip,
          action: 'user-create',
          account: accountTarget(created),
          detail: `${created.email} created as ${created.role}${input.newPractitioner ? ` with a new ${fhirUser}` : ''}${created.mustChangePassword ? ', temporary password' : ''}`,
        },
        { writer: w, tx },
      );
      return created;
    });
    const [user] = await toAdminUsers(deps.repo, [account]);
    return user as AdminUser;
  } catch (err) {
    if (err instanceof UserProvisionError) {
      throw adminError(400, 'invalid', err.message);
    }
    if (err instanceof AccountExistsError) {
      throw adminError(409, 'duplicate', err.message);
    }
    throw err;
  }
}

/** Disables or re-enables an account. Disabling ends its sessions; the last administrator stays. */
export async function setUserDisabled(
  deps: AdminDeps,
  actor: AdminActor,
  id: string,
  disabled: boolean,
): Promise<AdminUser> {
  const account = await deps.repo.inTransaction(actor.ctx, async (w, tx) => {
    const before = await existing(tx, id);
    if (disabled && before.role === 'administrator' && !before.disabled) {
      if ((await countEnabledAccounts(tx, 'administrator')) <= 1) {
        throw adminError(
          409,
          'business-rule',
          'This is the only enabled administrator account; create or re-enable another administrator first',
        );
      }
    }
    if (disabled && actor.accountId === id) {
      throw adminError(409, 'business-rule', 'You cannot disable your own account');
    }
    await setAccountDisabled(tx, id, disabled);
    if (disabled) {
      await revokeAccountSessions(tx, id);
    }
    const action: AdminAction = disabled ? 'user-disable' : 'user-enable';
    await deps.audit.recordAdmin(
      {
        ctx: actor.ctx,
        ip: actor.ip,
        action,
        account: accountTarget(before),
        detail: `${before.email} ${disabled ? 'disabled (signed out everywhere)' : 're-enabled'}`,
      },
      { writer: w, tx },
    );
    return existing(tx, id);
  });
  const [user] = await toAdminUsers(deps.repo, [account]);
  return user as AdminUser;
}

/**
 * Sets a temporary password chosen by the administrator: the person must change it at their next
 * sign-in, and every session they had ends.
 */
export async function resetPassword(
  deps: AdminDeps,
  actor: AdminActor,
  id: string,
  password: string,
): Promise<AdminUser> {
  const target = await existing(deps.db, id);
  const problems = passwordProblems(password, { email: target.email });
  if (problems.length > 0) {
    throw adminError(400, 'invalid', problems.join(' '));
  }
  const hash = await hashPassword(password);
  const account = await deps.repo.inTransaction(actor.ctx, async (w, tx) => {
    const updated = await setAccountPassword(tx, id, hash, true);
    if (!updated) {
      throw adminError(404, 'not-found', `No account with id ${id}`);
    }
    const ended = await revokeAccountSessions(tx, id);
    await deps.audit.recordAdmin(
      {
        ctx: actor.ctx,
        ip: actor.ip,
        action: 'password-reset',
        account: accountTarget(updated),
        detail: `temporary password set for ${updated.email}; ${ended} session(s) ended`,
      },
      { writer: w, tx },
    );
    return updated;
  });
  const [user] = await toAdminUsers(deps.repo, [account]);
  return user as AdminUser;
}
