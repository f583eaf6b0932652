import type { Queryable } from '../db/database.js';
import { ACCOUNT_COLUMNS, toAccount, type Account, type AccountRow } from './accounts.js';

/** The JSON Web Key Set registered for a client (CDS Hooks clients sign their own JWTs), or undefined. */
export async function clientJwks(q: Queryable, clientId: string): Promise<unknown> {
  const { rows } = await q.query<{ jwks: unknown }>(
    'SELECT jwks FROM oauth_client WHERE client_id = $1',
    [clientId],
  );
  const jwks = rows[0]?.jwks;
  if (jwks === null || jwks === undefined) return undefined;
  return typeof jwks === 'string' ? (JSON.parse(jwks) as unknown) : jwks;
}

/** Registers (or replaces) a client's JWKS; false when there is no such client. */
export async function setClientJwks(
  q: Queryable,
  clientId: string,
  jwks: unknown,
): Promise<boolean> {
  const { rows } = await q.query<{ client_id: string }>(
    'UPDATE oauth_client SET jwks = $2::jsonb WHERE client_id = $1 RETURNING client_id',
    [clientId, JSON.stringify(jwks)],
  );
  return rows.length > 0;
}

/** The enabled account acting as this FHIR user (`Practitioner/…`), or undefined (none, or several). */
export async function findAccountByFhirUser(
  q: Queryable,
  fhirUser: string,
): Promise<Account | undefined> {
  const { rows } = await q.query<AccountRow>(
    `SELECT ${ACCOUNT_COLUMNS} FROM account WHERE fhir_user = $1 AND NOT disabled LIMIT 2`,
    [fhirUser],
  );
  return rows.length === 1 && rows[0] ? toAccount(rows[0]) : undefined;
}
