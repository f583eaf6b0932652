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
  | { kind: 'patients'; patientIds: readonly string[]; shared: boolean };

export interface RequestContext {
  /** `system`, or the acting user's FHIR reference such as `Practitioner/123`. */
  actor: string;
  scope: AccessScope;
}

/** The context of the system itself (imports, migrations, background jobs). */
export const SYSTEM_CONTEXT: RequestContext = { actor: 'system', scope: { kind: 'system' } };
