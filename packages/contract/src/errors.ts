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
  MEMBER_ORGANIZATION_UNKNOWN: 'roster-member-organisation-unknown',
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

/** Domain error codes of risk stratification and the population queue. */
export const RiskError = {
  /** The patient reference is malformed (400). */
  INVALID_PATIENT: 'risk-invalid-patient',
  /** A tier override needs a reason (400). */
  REASON_REQUIRED: 'risk-override-reason-required',
  /** The tier is not one of very-high, high, rising, low (400). */
  UNKNOWN_TIER: 'risk-unknown-tier',
  /** The patient has no stratification result to override (404). */
  NOT_STRATIFIED: 'risk-not-stratified',
  /** There is no standing override to withdraw (400). */
  NO_OVERRIDE: 'risk-no-override',
  /** A population query parameter is out of range or unknown (400). */
  INVALID_QUERY: 'risk-invalid-query',
  /** Population views are for care staff and system clients (403). */
  POPULATION_FORBIDDEN: 'risk-population-forbidden',
} as const;

/** Domain error codes of access control. */
export const AccessError = {
  /** The actor may not do this to this record (403); the text says why. */
  FORBIDDEN: 'access-forbidden',
  /** Break-the-glass needs a stated reason (400). */
  REASON_REQUIRED: 'access-reason-required',
} as const;

/** Codes of authentication errors (server/auth); OAuth errors also carry their RFC 6749 code. */
export const AuthErrorCode = {
  /** A bearer token was refused (RFC 6750 `invalid_token`): 401. */
  INVALID_TOKEN: 'auth-invalid-token',
  /** An OAuth 2.0 request was refused (the RFC 6749 §5.2 code says why). */
  OAUTH: 'auth-oauth',
  /** A login account cannot be created as asked (operator input). */
  USER_PROVISION: 'auth-user-provision',
  /** An OAuth client registration is invalid (operator input). */
  CLIENT_REGISTRATION: 'auth-client-registration',
} as const;
export type AuthErrorCode = (typeof AuthErrorCode)[keyof typeof AuthErrorCode];

/** Domain error codes of programme evaluation. */
export const EvaluationError = {
  /** The outcome is not admissions, ed or cost (400). */
  UNKNOWN_OUTCOME: 'evaluation-unknown-outcome',
  /** Too few enrolled people, comparison people or events to estimate anything (422). */
  TOO_LITTLE_DATA: 'evaluation-too-little-data',
  /** Programme evaluation is for programme managers and administrators (403). */
  FORBIDDEN: 'evaluation-forbidden',
} as const;

/** Domain error codes of Subscriptions (FHIR R4 Subscriptions Backport IG and classic criteria). */
export const SubscriptionError = {
  /** The topic canonical is not one the server offers, or the criteria cannot be parsed (422). */
  UNKNOWN_TOPIC: 'subscription-unknown-topic',
  /** The channel type, payload or endpoint is missing or unsupported (422). */
  BAD_CHANNEL: 'subscription-bad-channel',
  /** The rest-hook endpoint is a loopback, private or link-local address (422). */
  ENDPOINT_REFUSED: 'subscription-endpoint-refused',
} as const;

/** Domain error codes of governed automated agents (care/agents). */
export const AgentError = {
  /** An automated write names no registered, active Device, or no rule or model version (403). */
  UNREGISTERED: 'agent-unregistered',
  /** The Device may not write this resource type (403). */
  NOT_PERMITTED: 'agent-not-permitted',
} as const;
