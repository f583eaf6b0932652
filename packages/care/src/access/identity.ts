/**
 * Who is calling, as established by authentication (server/auth) before any access decision.
 * `care/access` turns an Identity into the RequestContext (actor + access scope) that `store`
 * applies in SQL.
 */
export type Identity =
  /** A back-end service or an operator's `careweave token --system`: unrestricted by care relationships. */
  | { kind: 'system'; clientId: string; scopes: readonly string[] }
  /** A person with a login account. */
  | {
      kind: 'user';
      accountId: string;
      email: string;
      /** `Practitioner/…`, `Patient/…` or `RelatedPerson/…`. */
      fhirUser: string;
      /** one of: administrator, care-coordinator, physician, nurse, behavioural-health, social-worker, pharmacist, community-health-worker, programme-manager, community-organisation, patient, caregiver. */
      role: string;
      /** Organisations the user works for (from PractitionerRole.organization); empty for patients and caregivers. */
      organizationIds: readonly string[];
      /** Granted SMART scopes, e.g. `user/*.cruds`, `patient/*.rs`. */
      scopes: readonly string[];
      /** The login session, for revocation (absent for tokens minted by the CLI). */
      sessionId?: string;
      /** Display name for audit trails and the UI. */
      displayName: string;
      /**
       * The account signed in with a temporary password and must change it first: the server
       * answers 403 to everything but changing it, `/auth/me` and logout.
       */
      passwordChangeRequired?: boolean;
    };

export { ORGANIZATION_WIDE_ROLES, OUTREACH_ROLES } from '@careweave/contract';
