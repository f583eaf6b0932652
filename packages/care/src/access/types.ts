import type { Bundle } from '@medplum/fhirtypes';
import type {
  GrantsScope,
  Queryable,
  RequestContext,
  TxWriter,
  WriteHooks,
} from '@careweave/store';
import type { AdminEvent } from './admin-audit.js';
import type { Identity } from './identity.js';

// The shapes care/access hands to the rest of the system. They live apart from the service that
// fills them so the service's parts (audit, break-the-glass, the access log, the write hooks) can
// all name them without importing the service that imports them.

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

/** A context made by `contextFor` (carries the identity), as opposed to a bare store context. */
export function isAccessContext(ctx: RequestContext): ctx is AccessContext {
  return 'identity' in ctx && typeof (ctx as { identity?: unknown }).identity === 'object';
}
