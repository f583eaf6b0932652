/** The roles of a login account on the staff side (a Practitioner's account). */
export const STAFF_ROLES = [
  'administrator',
  'care-coordinator',
  'physician',
  'nurse',
  'behavioural-health',
  'social-worker',
  'pharmacist',
  'community-health-worker',
  'programme-manager',
  'community-organisation',
] as const;
/** Roles of people who log in for themselves or someone they care for. */
export const PERSON_ROLES = ['patient', 'caregiver'] as const;
/** Every role an account can have (`Identity.role`, `GET /auth/me` `role`). */
export const USER_ROLES = [...STAFF_ROLES, ...PERSON_ROLES] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];
export type UserRole = (typeof USER_ROLES)[number];

/** Roles that see patients across an organisation (subject to consent) rather than only their team's. */
export const ORGANIZATION_WIDE_ROLES: readonly string[] = ['programme-manager', 'administrator'];

/**
 * Roles that get the outreach scope: besides their own patients, the people whose consent shares
 * with their organisation — for the population queue and enrolment from it only.
 */
export const OUTREACH_ROLES: readonly string[] = ['care-coordinator'];

export function isUserRole(value: unknown): value is UserRole {
  return typeof value === 'string' && (USER_ROLES as readonly string[]).includes(value);
}

/** The signed-in user as `POST /auth/login` and `GET /auth/me` describe them. */
export interface SessionUser {
  name: string;
  role: string;
  organizations: { id: string; name: string }[];
  /** `Practitioner/…`, `Patient/…` or `RelatedPerson/…`. */
  fhirUser: string;
  /** Signed in with a temporary password: a new one must be chosen before anything else. */
  mustChangePassword?: boolean;
}

/** Roles that may enrol people in the programme (the server decides; the web app only offers). */
export const ENROLLING_ROLES: readonly string[] = ['care-coordinator', ...ORGANIZATION_WIDE_ROLES];
