/**
 * Who is acting and what they may see. Every Repository call takes one. `store` does not decide
 * access (that is `care/access`); it applies the scope it is given inside the SQL of every read,
 * search and history query, through `scopeSql` — the one function every query path calls.
 */
export type AccessScope =
  /** Unrestricted: migrations, imports, background jobs and system clients. */
  | { kind: 'system' }
  /**
   * Rows of these patients' compartments, plus rows that belong to no patient (directory data:
   * organisations, practitioners, questionnaires…) when `shared` is true.
   */
  | { kind: 'patients'; patientIds: readonly string[]; shared: boolean }
  /** The compiled decision of `care/access` for one user (see `AccessGrant`). */
  | GrantsScope;

/**
 * A user's rights as data. A row is visible when it is not of an `excludeTypes` type and
 * - it belongs to no patient and `shared` is true (directory data), or
 * - some grant admits it, or
 * - it is in the referral `inbox`.
 */
export interface GrantsScope {
  kind: 'grants';
  shared: boolean;
  grants: readonly AccessGrant[];
  /** Types hidden whatever the grants say (e.g. AuditEvent: read only through the access log). */
  excludeTypes?: readonly string[];
  inbox?: ReferralInbox;
}

/**
 * Rows of some patients, optionally narrowed by authoring organisation, sensitivity label and type.
 * Row attributes come from columns written by `store` at write time: `patient_id`, `org_id` (the
 * owning-organisation extension in `meta`) and `security` (`system|code` of each `meta.security`).
 */
export interface AccessGrant {
  patientIds: readonly string[];
  /**
   * When present, only rows authored by these organisations or by none (`org_id IS NULL`, network
   * data) are visible; absent means any authoring organisation.
   */
  orgIds?: readonly string[];
  /**
   * `system|code` security labels the grant may not see — unless the row was authored by one of
   * `ownOrgs` (an organisation always sees what it wrote). A row without an owner is not "own".
   */
  deniedLabels: readonly string[];
  ownOrgs: readonly string[];
  /** When present, only these resource types. */
  resourceTypes?: readonly string[];
}

/**
 * A community organisation's view: referral rows (`types`) whose references include one of `refs`
 * (e.g. `performer|Organization/food-bank`, `owner|Organization/food-bank`), and the Patients
 * those referrals are about — those only with `patientFields` (the rest projected away by
 * `scopeContentSql`, and hidden from paths that cannot project, such as history and export).
 */
export interface ReferralInbox {
  types: readonly string[];
  refs: readonly string[];
  patientFields: readonly string[];
}

export interface RequestContext {
  /** `system`, or the acting user's FHIR reference such as `Practitioner/123`. */
  actor: string;
  scope: AccessScope;
}

/** The context of the system itself (imports, migrations, background jobs). */
export const SYSTEM_CONTEXT: RequestContext = { actor: 'system', scope: { kind: 'system' } };
