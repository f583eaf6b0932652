import type { Bundle } from '@medplum/fhirtypes';
import {
  Repository,
  SYSTEM_CONTEXT,
  activeAccessGrants,
  type GrantsScope,
  type RequestContext,
  type Queryable,
  type TxWriter,
  type WriteHooks,
} from '@careweave/store';
import type { AdminEvent } from './admin-audit.js';
import { accessLog } from './access-log.js';
import { AuditTrail, OrganisationNames } from './audit.js';
import { breakGlass } from './break-glass.js';
import { ScopeCache } from './cache.js';
import { OUTREACH_ROLES, type Identity } from './identity.js';
import { compileUserAccess, type UserAccess } from './policy.js';
import { Relationships } from './relationships.js';
import { createWriteHooks } from './write-hooks.js';

/**
 * The request context `care/access` hands out: the store's actor + scope, plus who is acting
 * (for audit records and ownership of what they write) and the patients they opened with
 * break-the-glass (their reads are flagged in the audit trail).
 */
export interface AccessContext extends RequestContext {
  identity: Identity;
  breakGlassPatients: readonly string[];
  /** The client's IP address, when the server sets it (it goes into the audit records of writes). */
  ip?: string;
  /**
   * For OUTREACH_ROLES only: compiles (or takes from the cache) the user's outreach scope — the
   * request scope plus the patients whose consent shares with their organisation. Lazy, because
   * only the population queue and enrolment from it use it (read it through `outreachScope(ctx)`).
   */
  outreachScope?: () => Promise<GrantsScope>;
}

/** What the server knows about one answered request, for its AuditEvent. */
export interface AccessEvent {
  ctx: RequestContext;
  action:
    | 'read'
    | 'vread'
    | 'search'
    | 'history'
    | 'operation'
    | 'export'
    | 'create'
    | 'update'
    | 'patch'
    | 'delete'
    | 'transaction';
  resourceType?: string;
  id?: string;
  /** The query string of a search or history request, without the leading `?`. */
  query?: string;
  /** HTTP status of the answer. */
  status: number;
  /** Client IP address. */
  ip?: string;
  /** `Patient/…` references whose data the answer carried (for the patients' access logs). */
  patients?: readonly string[];
}

/** A login attempt, recorded by `server/auth`. */
export interface LoginEvent {
  email: string;
  /** Present when the login succeeded. */
  identity?: Identity;
  outcome: 'success' | 'failure';
  /** Why it failed (never the password). */
  reason?: string;
  /** The account the email belongs to, when it exists (a failed login is then found by its account). */
  accountId?: string;
  ip?: string;
  action?: 'login' | 'logout' | 'token';
}

/** Writes AuditEvents that are not part of a FHIR write (writes are audited in their own transaction). */
export interface AuditLog {
  recordAccess(event: AccessEvent): Promise<void>;
  recordLogin(event: LoginEvent): Promise<void>;
  /**
   * Records an administrative action (accounts, clients, the audit log itself). With `inTx`, in
   * the caller's transaction, so the change and its record commit together.
   */
  recordAdmin(event: AdminEvent, inTx?: { writer: TxWriter; tx: Queryable }): Promise<void>;
}

export interface BreakGlassResult {
  patient: string;
  expiresAt: string;
  /** The AuditEvent that flags the access. */
  auditEvent: string;
  /** The Communication that tells the patient's care coordinator. */
  notification: string;
}

export interface AccessService {
  /** The context for a request: system identities get the system scope, users their compiled scope. */
  contextFor(identity: Identity): Promise<AccessContext>;
  /** Pass to `new Repository(db, { hooks })`: ownership, labels, audit of writes, AuditEvent immutability. */
  writeHooks: WriteHooks;
  audit: AuditLog;
  /** Opens a patient's record outside the user's rights for a limited time, with a stated reason. */
  breakGlass(
    ctx: RequestContext,
    input: { patient: string; reason: string; ip?: string },
  ): Promise<BreakGlassResult>;
  /** Who accessed a patient's record (for the patient themself or their care coordinator). */
  accessLog(ctx: RequestContext, patientId: string, options?: { count?: number }): Promise<Bundle>;
  /** Forgets cached scopes (the service does this itself when relationships change). */
  invalidate(): void;
}

export interface AccessServiceOptions {
  /** How long a compiled scope is reused, in ms (other app servers' changes show up within it). */
  cacheTtlMs?: number;
  /** How long a break-the-glass grant lasts, in ms (default one hour). */
  breakGlassMs?: number;
  /** The clock (tests move it). */
  now?: () => Date;
}

const HOUR_MS = 60 * 60 * 1000;

/**
 * Builds the access service over a Repository. Decisions are made here (`care/access`) from FHIR
 * data read with the system context — no SQL — and handed to the store as scopes it applies in
 * SQL (DESIGN.md §4 "Access control lives in two places"). See README.md in this folder.
 */
export function createAccessService(
  repo: Repository,
  options: AccessServiceOptions = {},
): AccessService {
  const now = options.now ?? ((): Date => new Date());
  const rel = new Relationships(repo);
  const orgNames = new OrganisationNames(repo);
  const audit = new AuditTrail(repo, orgNames, now);
  const cache = new ScopeCache<UserAccess>(options.cacheTtlMs ?? 60_000, now);
  // Outreach scopes are cached apart: compiling one evaluates every consent, and most requests never need it.
  const outreachCache = new ScopeCache<UserAccess>(options.cacheTtlMs ?? 60_000, now);
  const invalidate = (): void => {
    cache.invalidate();
    outreachCache.invalidate();
  };
  let directory: Promise<Map<string, string>> | undefined;
  const writeHooks = createWriteHooks({
    audit,
    async orgOfPerson(tx) {
      directory ??= rel.organisationDirectory(tx).catch((err: unknown) => {
        directory = undefined;
        throw err;
      });
      const map = await directory;
      return (reference) => map.get(reference);
    },
    onRelationshipsChanged(types) {
      invalidate();
      if (types.has('PractitionerRole')) {
        directory = undefined;
      }
      if (types.has('Organization')) {
        orgNames.forget();
      }
    },
  });
  return {
    async contextFor(identity) {
      if (identity.kind === 'system') {
        return { ...SYSTEM_CONTEXT, identity, breakGlassPatients: [] };
      }
      const key = JSON.stringify([
        identity.fhirUser,
        identity.role,
        [...identity.organizationIds].sort(),
      ]);
      const compile = (outreach: boolean) => async (): Promise<UserAccess> => {
        const at = now();
        return compileUserAccess(
          identity,
          rel,
          repo,
          await activeAccessGrants(repo.db, identity.fhirUser, at),
          at,
          { outreach },
        );
      };
      const access = await cache.get(key, compile(false));
      const outreach = OUTREACH_ROLES.includes(identity.role)
        ? {
            outreachScope: async (): Promise<GrantsScope> =>
              (await outreachCache.get(key, compile(true))).scope,
          }
        : {};
      return {
        actor: identity.fhirUser,
        scope: access.scope,
        identity,
        breakGlassPatients: access.breakGlassPatients,
        ...outreach,
      };
    },
    writeHooks,
    audit,
    async breakGlass(ctx, input) {
      // The notice goes through the one write path (ownership, labels, its own audit record).
      const hooked = new Repository(repo.db, { hooks: writeHooks });
      const result = await breakGlass(
        { repo: hooked, rel, audit, now, durationMs: options.breakGlassMs ?? HOUR_MS },
        ctx,
        input,
      );
      invalidate();
      return result;
    },
    accessLog: (ctx, patientId, opts) => accessLog(repo, rel, ctx, patientId, opts?.count),
    invalidate,
  };
}
