import type { Identity } from '@careweave/care';
import {
  findAccountByEmail,
  findActiveSession,
  type Account,
  type Queryable,
} from '@careweave/store';
import { ADMIN_SCOPE, scopesForRole } from './scopes.js';
import { InvalidTokenError, type AccessClaims } from './tokens.js';

/** The Identity of a person's account, with the scopes its role may hold out of those granted. */
export function userIdentity(
  account: Account,
  scopes: readonly string[],
  sessionId?: string,
): Identity {
  return {
    kind: 'user',
    accountId: account.id,
    email: account.email,
    fhirUser: account.fhirUser,
    role: account.role,
    organizationIds: account.organizationIds,
    scopes: scopesForRole(account.role, scopes),
    ...(sessionId ? { sessionId } : {}),
    displayName: account.displayName,
    ...(account.mustChangePassword ? { passwordChangeRequired: true } : {}),
  };
}

/**
 * Turns verified token claims into an Identity, checking the database for what can change after
 * issue: a session-bound token needs a live session (logout and refresh-token theft revoke it)
 * and an enabled account — one primary-key lookup. A CLI-minted user token (no `sid`) is resolved
 * by the account's email at every request, so a disabled account's tokens stop working too.
 * Role, organisations and fhirUser always come from the account, never from the token.
 */
export async function identify(db: Queryable, claims: AccessClaims): Promise<Identity> {
  if (claims.kind === 'system') {
    return {
      kind: 'system',
      clientId: claims.sub,
      scopes: claims.scopes.filter((s) => s.startsWith('system/') || s === ADMIN_SCOPE),
    };
  }
  if (claims.sid) {
    const found = await findActiveSession(db, claims.sid);
    if (!found || found.account.email !== claims.sub) {
      throw new InvalidTokenError('The session of this access token has ended; log in again');
    }
    return userIdentity(found.account, claims.scopes, claims.sid);
  }
  const account = await findAccountByEmail(db, claims.sub);
  if (!account || account.disabled) {
    throw new InvalidTokenError('The account of this access token does not exist or is disabled');
  }
  return userIdentity(account, claims.scopes);
}
