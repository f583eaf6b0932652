/**
 * Closed-loop referrals (HL7 Gravity SDOH Clinical Care): the referral Task's statuses and sides,
 * the reason codes of rejection and failure, the directory's categories, and the JSON shapes of
 * `/api/referrals…` and `/api/directory…`. Filled by care/server, imported by web.
 */

/** The statuses a referral Task (Gravity TaskForReferralManagement) can have. */
export const REFERRAL_STATUSES = [
  'requested',
  'accepted',
  'rejected',
  'in-progress',
  'on-hold',
  'completed',
  'failed',
  'cancelled',
  'entered-in-error',
] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

/** Statuses in which a referral's loop is still open. */
export const OPEN_REFERRAL_STATUSES = [
  'requested',
  'accepted',
  'in-progress',
  'on-hold',
] as const satisfies readonly ReferralStatus[];

/**
 * Who may make a change: the receiving organisation (Task.owner), or the requesting side (the
 * referring care team). The system (imports, jobs) follows the same edges without a side.
 */
export type ReferralSide = 'receiver' | 'requester';

/** Code system of the reasons a referral is rejected or fails (`Task.statusReason`). */
export const REFERRAL_REASON_SYSTEM =
  'https://careweave.org/fhir/CodeSystem/referral-status-reason';
/** Why a referral was rejected or failed. */
export const REFERRAL_REASONS = {
  'could-not-contact': 'Could not contact the person',
  'not-eligible': 'Not eligible',
  'declined-by-person': 'Declined by the person',
  'no-capacity': 'No capacity',
  other: 'Other',
} as const;
export type ReferralReason = keyof typeof REFERRAL_REASONS;
export function isReferralReason(value: unknown): value is ReferralReason {
  return typeof value === 'string' && Object.hasOwn(REFERRAL_REASONS, value);
}

/** Domain error codes of referrals (in `OperationOutcome.issue.details.coding`). */
export const ReferralError = {
  /** The status change is not an edge of the Gravity referral state machine (422). */
  ILLEGAL_TRANSITION: 'referral-illegal-transition',
  /** The edge exists but belongs to the other side (receiver vs requester) (422). */
  WRONG_SIDE: 'referral-wrong-side',
  /** Rejection and failure need a reason code from REFERRAL_REASON_SYSTEM (422). */
  REASON_REQUIRED: 'referral-reason-required',
  /** A user creates a referral Task only as `requested` (422). */
  MUST_START_REQUESTED: 'referral-must-start-requested',
  /** The Task is not a referral (its focus is not a ServiceRequest) (404 on /api/referrals). */
  NOT_A_REFERRAL: 'referral-not-a-referral',
  /** The referral's need is not a known social-need category (400). */
  UNKNOWN_NEED: 'referral-unknown-need',
  /** The receiving service or organisation cannot be found in the directory (422). */
  UNKNOWN_SERVICE: 'referral-unknown-service',
} as const;
export type ReferralErrorCode = (typeof ReferralError)[keyof typeof ReferralError];

/** Code system of the directory's service categories (`HealthcareService.category`). */
export const SERVICE_CATEGORY_SYSTEM_CAREWEAVE =
  'https://careweave.org/fhir/CodeSystem/community-service-category';
/** Gravity Project SDOH domain codes (HL7 SDOH Clinical Care IG, SDOHCC-CodeSystemTemporaryCodes). */
export const SDOH_CATEGORY_SYSTEM =
  'http://hl7.org/fhir/us/sdoh-clinicalcare/CodeSystem/SDOHCC-CodeSystemTemporaryCodes';

/**
 * The ten categories of the community resource directory and the social need each meets, as the
 * Gravity SDOH domain code (legal help and carers' support have no Gravity domain of their own:
 * `sdoh-category-unspecified`; peer support meets `social-connection`).
 */
export const DIRECTORY_CATEGORIES = {
  food: { label: 'Food', sdoh: 'food-insecurity' },
  housing: { label: 'Housing', sdoh: 'housing-instability' },
  transport: { label: 'Transport', sdoh: 'transportation-insecurity' },
  utilities: { label: 'Utilities', sdoh: 'utility-insecurity' },
  employment: { label: 'Employment', sdoh: 'employment-status' },
  'income-benefits': { label: 'Income and benefits', sdoh: 'financial-insecurity' },
  legal: { label: 'Legal', sdoh: 'sdoh-category-unspecified' },
  carers: { label: 'Carers', sdoh: 'sdoh-category-unspecified' },
  'interpersonal-safety': { label: 'Interpersonal safety', sdoh: 'intimate-partner-violence' },
  'peer-support': { label: 'Mental-health peer support', sdoh: 'social-connection' },
} as const;
export type DirectoryCategory = keyof typeof DIRECTORY_CATEGORIES;
export function isDirectoryCategory(value: unknown): value is DirectoryCategory {
  return typeof value === 'string' && Object.hasOwn(DIRECTORY_CATEGORIES, value);
}

/** `POST /api/referrals`: refer a person to a community service. */
export interface NewReferral {
  /** Patient id. */
  patient: string;
  /** The need: a directory category (`food`) or a Gravity SDOH domain code (`food-insecurity`). */
  need: string;
  /** The receiving service (`HealthcareService/{id}`) or organisation (`Organization/{id}`). */
  service: string;
  /** Why: `Condition/{id}` (a health concern) or `Observation/{id}` (a screening answer). */
  reason?: string;
  /** The person's consent to share with the receiver (`Consent/{id}`). */
  consent?: string;
  /** The goal the referral serves (`Goal/{id}` or id): updated when the loop closes. */
  goal?: string;
  /** The care plan the referral is an activity of (id): the referral is added to it. */
  plan?: string;
  /** When the person prefers to be contacted (free text, shared with the receiver). */
  preferredTimes?: string;
  note?: string;
  priority?: 'routine' | 'urgent' | 'asap' | 'stat';
}

/** `POST /api/referrals/{taskId}/…`: what an action can carry. */
export interface ReferralActionInput {
  /** decline / fail: why (REFERRAL_REASONS). */
  reason?: string;
  /** Free text: why, or the update's note. */
  text?: string;
  /** complete: whether the person's need was met. */
  needMet?: boolean;
  /** complete: what was delivered. */
  outcome?: string;
}

/** One referral as the inbox and the requesting side's lists show it. */
export interface ReferralSummary {
  /** The Task id (the referral's handle in `/api/referrals/{id}`). */
  id: string;
  version?: string;
  status: ReferralStatus;
  serviceRequest: string;
  patient: { id: string; name?: string; phone?: string; language?: string };
  need?: { code: string; display: string };
  /** Where it went: `{ reference, name }` of the receiving organisation (and service). */
  receiver?: { reference: string; name?: string };
  service?: { reference: string; name?: string };
  requester?: { reference: string; name?: string };
  /** When it was sent (Task.authoredOn). */
  sent?: string;
  /** The last change (Task.lastModified). */
  lastUpdate?: string;
  /** Whole days since it was sent. */
  ageDays?: number;
  /**
   * Overdue by the reminder rule: not accepted within 3 business days, or accepted / in progress
   * without an update for 14 days.
   */
  overdue?: 'not-accepted' | 'no-update';
  preferredTimes?: string;
  note?: string;
  /** The last status change's reason (decline, failure, hold). */
  statusReason?: { code?: string; text?: string };
  needMet?: boolean;
  outcome?: string;
  /** `Procedure/{id}` the receiver delivered. */
  procedure?: string;
}

/** Inbox tabs (`GET /api/referrals/inbox?tab=`) and the statuses each shows. */
export const REFERRAL_INBOX_TABS = {
  new: ['requested'],
  accepted: ['accepted'],
  'in-progress': ['in-progress', 'on-hold'],
  closed: ['completed', 'rejected', 'failed', 'cancelled'],
} as const satisfies Record<string, readonly ReferralStatus[]>;
export type ReferralInboxTab = keyof typeof REFERRAL_INBOX_TABS;

/** `GET /api/referrals…`: a list of referrals with counts per tab. */
export interface ReferralList {
  items: ReferralSummary[];
  counts: Record<ReferralInboxTab, number>;
}

/** One row of the referral metrics (all referrals, one receiving organisation, or one need). */
export interface ReferralMetricsRow {
  key: string;
  label: string;
  sent: number;
  /** Accepted at some point (accepted, in progress, on hold, completed or failed now). */
  accepted: number;
  completed: number;
  /** Completed with the need met. */
  needMet: number;
  /** Accepted referrals whose outcome the receiver reported (completed or failed). */
  loopClosed: number;
  /** loopClosed / accepted (null when nothing was accepted). */
  loopClosureRate: number | null;
  medianDaysToAcceptance?: number;
  medianDaysToClosure?: number;
}

/** `GET /api/referrals/metrics`. */
export interface ReferralMetrics {
  total: ReferralMetricsRow;
  byOrganization: ReferralMetricsRow[];
  byNeed: ReferralMetricsRow[];
}

/** `POST /api/referrals/reminders/run`: the coordinator tasks the reminder run created. */
export interface ReferralReminderRun {
  /** Referrals not accepted within the business days allowed. */
  notAccepted: string[];
  /** Referrals in progress without an update for the days allowed. */
  stale: string[];
  /** Ids of the coordinator Tasks created (existing ones are not repeated). */
  created: string[];
}

/** Code system of who a directory service is for (`HealthcareService.eligibility.code`). */
export const SERVICE_ELIGIBILITY_SYSTEM =
  'https://careweave.org/fhir/CodeSystem/community-service-eligibility';
/** Who a directory service is for: the criteria the directory is searched by. */
export const SERVICE_ELIGIBILITY = {
  'any-resident': 'Any resident',
  'low-income': 'Low household income',
  'older-adult': 'Aged 60 or over',
  disability: 'Disability or long-term condition',
  'homeless-or-at-risk': 'Homeless or at risk of losing housing',
  'unpaid-carer': 'Unpaid family carer',
  'out-of-work': 'Out of work or on a low wage',
  'abuse-survivor': 'Experiencing or fleeing abuse',
  'mental-health': 'Living with a mental-health condition',
  'care-team-referral': 'Referred by a network care team',
} as const;
export type ServiceEligibility = keyof typeof SERVICE_ELIGIBILITY;

/** BCP-47 (`urn:ietf:bcp:47`): the code system of `HealthcareService.communication`. */
export const LANGUAGE_SYSTEM = 'urn:ietf:bcp:47';
/** The languages the directory's services are offered in, by BCP-47 code. */
export const DIRECTORY_LANGUAGES = {
  en: 'English',
  es: 'Spanish',
  ar: 'Arabic',
  fr: 'French',
  sw: 'Swahili',
  vi: 'Vietnamese',
  zh: 'Chinese',
  ne: 'Nepali',
  asl: 'American Sign Language',
} as const;

/** Extension on HealthcareService: new referrals it can take per week (valueQuantity, UCUM `/wk`). */
export const SERVICE_CAPACITY_EXTENSION =
  'https://careweave.org/fhir/StructureDefinition/healthcareservice-capacity';
/** Extension on HealthcareService: people waiting for it now (valueInteger; 0 = no waiting list). */
export const SERVICE_WAITING_LIST_EXTENSION =
  'https://careweave.org/fhir/StructureDefinition/healthcareservice-waiting-list';
/** FHIR core extension on Address: its coordinates (latitude, longitude; WGS84). */
export const GEOLOCATION_EXTENSION = 'http://hl7.org/fhir/StructureDefinition/geolocation';
