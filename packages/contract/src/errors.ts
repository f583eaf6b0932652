/**
 * Domain error codes: the machine code in an OperationOutcome's `issue.details.coding` (system
 * CARE_ERROR_SYSTEM), so clients switch on the code, never on the text.
 */

/** The code system of Careweave's domain error codes. */
export const CARE_ERROR_SYSTEM = 'https://careweave.org/fhir/CodeSystem/care-error';

/** Malformed domain input (a missing field, a bad date): 400. */
export const INVALID_INPUT = 'invalid-input';

/** Domain error codes of plans. */
export const PlanError = {
  TEMPLATE_NOT_FOUND: 'plan-template-not-found',
  /** The patient already has an active plan in this programme (409). */
  ACTIVE_PLAN_EXISTS: 'plan-active-exists',
  /** The actor is not on the patient's care team (403). */
  NOT_ON_TEAM: 'plan-not-on-team',
  /** An activity's owner is not on the patient's care team (422). */
  OWNER_NOT_ON_TEAM: 'plan-owner-not-on-team',
  /** The goal is not one of this plan's goals (422). */
  GOAL_NOT_IN_PLAN: 'plan-goal-not-in-plan',
  /** The plan is not active (completed, revoked…) and cannot be changed (422). */
  NOT_ACTIVE: 'plan-not-active',
  /** No plan review recorded yet (for "changes since the last review" with since=review). */
  NO_REVIEW: 'plan-no-review',
  /** The CarePlan has no patient subject (422). */
  NO_PATIENT: 'plan-no-patient',
  /** Someone who agreed a review is not on the team (422). */
  REVIEW_AGREED_NOT_ON_TEAM: 'plan-review-agreed-not-on-team',
} as const;

/** Domain error codes of the roster. */
export const RosterError = {
  /** The patient already has an active episode in the programme (409). */
  ALREADY_ENROLLED: 'roster-already-enrolled',
  /** The patient has no active episode in the programme (422). */
  NOT_ENROLLED: 'roster-not-enrolled',
  /** The patient's consent does not share their record with the member's organisation (422). */
  CONSENT_DENIES_MEMBER: 'roster-consent-denies-member',
  /** The member's organisation cannot be determined (no onBehalfOf, no PractitionerRole) (422). */
  MEMBER_ORGANISATION_UNKNOWN: 'roster-member-organisation-unknown',
  /** The person is already a current member with that role (409). */
  ALREADY_MEMBER: 'roster-already-member',
  /** The person is not a current member of the team (422). */
  NOT_A_MEMBER: 'roster-not-a-member',
  /** The patient has no active care team (422). */
  NO_CARE_TEAM: 'roster-no-care-team',
} as const;

/** Domain error codes of tasks (in the OperationOutcome's `details.coding`). */
export const TaskError = {
  /** The status change is not an edge of the state machine (422). */
  ILLEGAL_TRANSITION: 'task-illegal-transition',
  /** No sequence of legal transitions leads from the current status to the requested one (422). */
  NO_PATH: 'task-no-path',
  /** The owner named for a task is not on the patient's care team (422). */
  OWNER_NOT_ON_TEAM: 'task-owner-not-on-team',
  /** The task is not a task of this patient or plan (400). */
  MISMATCH: 'task-mismatch',
} as const;

/** Domain error codes of messages. */
export const MessageError = {
  /** A mentioned person is not a current member of the patient's care team (422). */
  MENTION_NOT_ON_TEAM: 'message-mention-not-on-team',
  /** The Communication is not a team message thread (404). */
  NOT_A_THREAD: 'message-not-a-thread',
  /** Empty message text (400). */
  EMPTY: 'message-empty',
} as const;

/** Domain error codes of assessments (in `OperationOutcome.issue.details.coding`). */
export const AssessmentError = {
  /** An answer is impossible for the instrument (out of range, not a number, unknown code) (422). */
  IMPOSSIBLE_ANSWER: 'assessment-impossible-answer',
  /** Too many answers missing for the instrument's rules (422). */
  TOO_FEW_ANSWERS: 'assessment-too-few-answers',
  /** The Questionnaire is not a known instrument (422). */
  UNKNOWN_INSTRUMENT: 'assessment-unknown-instrument',
  /** The suggestion is no longer open (409). */
  SUGGESTION_CLOSED: 'assessment-suggestion-closed',
  /** Accepting a suggestion needs an active care plan (422). */
  NO_ACTIVE_PLAN: 'assessment-no-active-plan',
} as const;
