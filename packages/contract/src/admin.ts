/* The administration API (/api/admin): what server/admin answers and the web app's Administration pages read. */

/** An account as `GET /api/admin/users` lists it. */
export interface AdminUser {
  id: string;
  email: string;
  displayName: string;
  role: string;
  fhirUser: string;
  organizations: { id: string; name: string }[];
  disabled: boolean;
  mustChangePassword: boolean;
  createdAt: string;
  lastLoginAt: string | null;
}

/** Body of `POST /api/admin/users`. */
export interface NewUser {
  email: string;
  role: string;
  password: string;
  /** A temporary password: the person must change it at their first sign-in (default false). */
  temporaryPassword?: boolean;
  /** `Practitioner/ID`, `Patient/ID` or `RelatedPerson/ID` of someone already in the record. */
  fhirUser?: string;
  newPractitioner?: { given: string; family: string };
  organizationIds?: string[];
  displayName?: string;
}

/** A SMART / OAuth 2.0 client as `GET /api/admin/clients` lists it. */
export interface AdminClient {
  clientId: string;
  name: string;
  kind: 'confidential' | 'public';
  redirectUris: string[];
  scopes: string[];
  /** How it authenticates at the token endpoint: a secret, or a JWT signed with its registered keys. */
  authentication?: 'none' | 'client_secret' | 'private_key_jwt';
  /** Where a back-end service publishes its keys, when registered by URL. */
  jwksUrl?: string;
  createdAt: string;
  lastUsedAt: string | null;
  activeSessions: number;
}

/** Body of `POST /api/admin/clients`. */
export interface NewClient {
  name: string;
  redirectUris: string[];
  scopes?: string[];
  confidential: boolean;
  /** A back-end service's public keys (SMART Backend Services, private_key_jwt): a JWKS document… */
  jwks?: { keys: Record<string, unknown>[] };
  /** …or the URL where it publishes them. Either makes the client confidential without a secret. */
  jwksUrl?: string;
}

/** Body of `PATCH /api/admin/clients/{id}`: the fields given are replaced. */
export interface ClientUpdate {
  name?: string;
  redirectUris?: string[];
  scopes?: string[];
}

/** Body of `POST /api/admin/users/{id}/password`. */
export interface PasswordReset {
  password: string;
}

/** One row of `GET /api/admin/audit`. */
export interface AuditRow {
  id: string;
  recorded: string;
  action: string;
  outcome: 'success' | 'failure';
  detail: string | null;
  user: string;
  userReference: string | null;
  accountId: string | null;
  organizations: string[];
  ip: string | null;
  patients: { reference: string; name: string | null }[];
  target: string | null;
  breakGlass: boolean;
}

/** The audit log filters (query parameters of `/api/admin/audit` and `/api/admin/audit.csv`). */
export interface AuditFilters {
  user: string;
  patient: string;
  action: string;
  outcome: string;
  from: string;
  to: string;
}

/** `GET /api/admin/system`. */
export interface SystemStatus {
  version: string;
  node: string;
  database: 'postgres' | 'pglite';
  migrations: { applied: number; pending: string[]; latest: string | null };
  startedAt: string;
  uptimeSeconds: number;
  webApp: boolean;
  counts: {
    accounts: number;
    enabledAccounts: number;
    clients: number;
    auditEventsLast24h: number;
  };
}
