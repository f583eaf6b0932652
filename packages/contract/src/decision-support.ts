/**
 * CDS Hooks 2.0 (https://cds-hooks.hl7.org/2.0/) as Careweave serves it at `/cds-services`, and
 * the acceptance rates of its rules (`GET /api/decision-support/rates`). Resources are typed as
 * plain JSON objects here (contract imports no FHIR package); care fills them with FHIR R4.
 */

/** The hooks Careweave's services answer. */
export const CDS_HOOKS = ['patient-view', 'order-sign'] as const;
export type CdsHook = (typeof CDS_HOOKS)[number];

/** A card's urgency (CDS Hooks 2.0 Card.indicator). */
export const CDS_INDICATORS = ['info', 'warning', 'critical'] as const;
export type CdsIndicator = (typeof CDS_INDICATORS)[number];

/** One service of the discovery response. */
export interface CdsService {
  hook: CdsHook;
  id: string;
  title: string;
  description: string;
  /** FHIR query templates (`Observation?patient={{context.patientId}}`) by key. */
  prefetch: Record<string, string>;
  usageRequirements?: string;
}

/** `GET /cds-services`. */
export interface CdsDiscoveryResponse {
  services: CdsService[];
}

/** `POST /cds-services/{id}` body. */
export interface CdsHookRequest {
  hook: string;
  hookInstance: string;
  context: {
    userId: string;
    patientId: string;
    encounterId?: string;
    /** order-sign: a Bundle of the draft orders. */
    draftOrders?: { resourceType: 'Bundle'; entry?: { resource?: Record<string, unknown> }[] };
  };
  fhirServer?: string;
  fhirAuthorization?: {
    access_token: string;
    token_type: string;
    expires_in: number;
    scope: string;
    subject: string;
  };
  prefetch?: Record<string, unknown>;
}

export interface CdsSource {
  label: string;
  url?: string;
  topic?: { system?: string; code?: string; display?: string };
}

export interface CdsAction {
  type: 'create' | 'update' | 'delete';
  description: string;
  /** The FHIR resource the action creates (create). */
  resource?: Record<string, unknown> & { resourceType: string };
}

export interface CdsSuggestion {
  label: string;
  uuid: string;
  isRecommended?: boolean;
  actions: CdsAction[];
}

export interface CdsLink {
  label: string;
  url: string;
  type: 'absolute' | 'smart';
}

export interface CdsCard {
  uuid: string;
  /** At most 140 characters. */
  summary: string;
  detail?: string;
  indicator: CdsIndicator;
  source: CdsSource;
  suggestions?: CdsSuggestion[];
  selectionBehavior?: 'at-most-one' | 'any';
  overrideReasons?: { system?: string; code: string; display: string }[];
  links?: CdsLink[];
}

/** `POST /cds-services/{id}` answer. */
export interface CdsHookResponse {
  cards: CdsCard[];
}

/** The CDS Hooks feedback outcomes. */
export const CDS_FEEDBACK_OUTCOMES = ['accepted', 'overridden'] as const;
export type CdsFeedbackOutcome = (typeof CDS_FEEDBACK_OUTCOMES)[number];

/** One item of `POST /cds-services/{id}/feedback`. */
export interface CdsFeedbackItem {
  card: string;
  outcome: CdsFeedbackOutcome;
  acceptedSuggestions?: { id: string }[];
  overrideReason?: {
    reason?: { system?: string; code: string; display?: string };
    userComment?: string;
  };
  outcomeTimestamp: string;
}

/** `POST /cds-services/{id}/feedback` body. */
export interface CdsFeedbackRequest {
  feedback: CdsFeedbackItem[];
}

/** One rule's card counts and acceptance rate. */
export interface CdsRuleRate {
  ruleId: string;
  title: string;
  version: string;
  source: CdsSource;
  cards: number;
  accepted: number;
  overridden: number;
  /** accepted / (accepted + overridden); null before any feedback. */
  acceptanceRate: number | null;
}

/** `GET /api/decision-support/rates`. */
export interface CdsRatesResponse {
  rules: CdsRuleRate[];
}

/** Domain error codes of decision support (in the OperationOutcome's `details.coding`). */
export const CdsError = {
  /** No CDS service with this id (404). */
  UNKNOWN_SERVICE: 'cds-unknown-service',
  /** The request is not a CDS Hooks request this service answers (400). */
  BAD_REQUEST: 'cds-bad-request',
  /** The caller may not see this person (403). */
  NO_ACCESS: 'cds-no-access',
  /** Feedback names a card this service did not issue (404). */
  UNKNOWN_CARD: 'cds-unknown-card',
  /** Overriding a card needs a reason (400). */
  REASON_REQUIRED: 'cds-reason-required',
} as const;

export function isCdsFeedbackOutcome(value: unknown): value is CdsFeedbackOutcome {
  return typeof value === 'string' && (CDS_FEEDBACK_OUTCOMES as readonly string[]).includes(value);
}
