import {
  findAccountById,
  recordLoginFailure,
  revokeAccountSessions,
  setAccountPassword,
  type Database,
  type Repository,
} from '@careweave/store';
import type { AuditLog } from '@careweave/care';
import type { FastifyInstance } from 'fastify';
import { OperationOutcomeError } from '@medplum/core';
import { outcome } from '../errors.js';
import type { AuthConfig } from './config.js';
import { userInfo } from './issue.js';
import { MAX_PASSWORD_LENGTH, passwordProblems } from './password-policy.js';
import { hashPassword, verifyPassword } from './passwords.js';

function field(body: unknown, name: string): string | undefined {
  const value =
    body && typeof body === 'object' && !Array.isArray(body)
      ? (body as Record<string, unknown>)[name]
      : undefined;
  return typeof value === 'string' ? value : undefined;
}

function invalid(text: string): OperationOutcomeError {
  return new OperationOutcomeError({ ...outcome('invalid', text), id: 'bad-request' });
}

/**
 * `POST /auth/password {current_password, new_password}`: a signed-in person changes their
 * password — the way out of a temporary one (the only other call such a session may make is
 * `/auth/me` or logout). The new password must meet the policy; a wrong current password counts
 * as a failed login. Every other session of the account ends; the change is audited.
 */
export function registerPasswordRoutes(
  app: FastifyInstance,
  db: Database,
  repo: Repository,
  config: AuthConfig,
  audit: Pick<AuditLog, 'recordAdmin'>,
): void {
  app.post(
    '/auth/password',
    { config: { access: 'authenticated', allowPendingPasswordChange: true } },
    async (request, reply) => {
      const identity = request.identity;
      if (!identity || identity.kind !== 'user') {
        throw invalid('Only a person signed in with an account can change a password');
      }
      const current = field(request.body, 'current_password');
      const next = field(request.body, 'new_password');
      if (!current || !next || current.length > MAX_PASSWORD_LENGTH) {
        throw invalid('Send a JSON body {"current_password": "...", "new_password": "..."}');
      }
      const account = await findAccountById(db, identity.accountId);
      if (!account || !(await verifyPassword(current, account.passwordHash))) {
        await recordLoginFailure(db, `account:${identity.email}`, config.throttle.account);
        throw invalid('The current password is not correct');
      }
      if (next === current) {
        throw invalid('The new password must be different from the current one');
      }
      const problems = passwordProblems(next, { email: account.email });
      if (problems.length > 0) {
        throw invalid(problems.join(' '));
      }
      const hash = await hashPassword(next);
      const updated = await repo.inTransaction(request.careweave, async (w, tx) => {
        const changed = await setAccountPassword(tx, account.id, hash, false);
        const ended = await revokeAccountSessions(tx, account.id, identity.sessionId);
        await audit.recordAdmin(
          {
            ctx: request.careweave,
            ip: request.ip,
            action: 'password-change',
            account: { id: account.id, email: account.email, fhirUser: account.fhirUser },
            detail: `${account.mustChangePassword ? 'temporary password replaced' : 'password changed'} by its holder; ${ended} other session(s) ended`,
          },
          { writer: w, tx },
        );
        return changed ?? account;
      });
      return reply
        .header('Cache-Control', 'no-store')
        .send({ user: await userInfo(repo, updated) });
    },
  );
}
