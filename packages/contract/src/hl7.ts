/* The HL7 v2 feed (/api/hl7): the message log and the patient-matching review queue, as the
 * server answers them and the web app's Administration pages read them. */

/** Acknowledgement codes of HL7 v2 (table 0008, original mode). */
export const ACK_CODES = ['AA', 'AE', 'AR'] as const;
export type AckCode = (typeof ACK_CODES)[number];

/**
 * What became of a logged message:
 * - `processed`: applied, its effects committed (ACK `AA`);
 * - `held`: accepted, but the person could not be matched with certainty — waiting in the
 *   patient-matching review queue, applied when an administrator decides (ACK `AA`);
 * - `error`: could not be applied (ACK `AE`), nothing written; may be replayed once fixed;
 * - `rejected`: not HL7 at all (ACK `AR`).
 */
export const HL7_MESSAGE_STATUSES = ['processed', 'held', 'error', 'rejected'] as const;
export type Hl7MessageStatus = (typeof HL7_MESSAGE_STATUSES)[number];

/** The ADT trigger events the feed applies. */
export const ADT_EVENTS = ['A01', 'A02', 'A03', 'A04', 'A08', 'A11', 'A13'] as const;
export type AdtEvent = (typeof ADT_EVENTS)[number];

/**
 * The Encounter status an A11 (cancel admit / visit) gives the stay: the admission did not
 * happen. The hospital-event protocol cancels the stay's tasks when it sees it.
 */
export const CANCELLED_ENCOUNTER_STATUS = 'cancelled';

/** One row of `GET /api/hl7/messages`. */
export interface Hl7MessageRow {
  id: string;
  receivedAt: string;
  /** When it was last applied or attempted. */
  processedAt: string | null;
  /** `MSH-3|MSH-4` (sending application | sending facility). */
  sender: string | null;
  /** MSH-10. */
  controlId: string | null;
  /** e.g. `ADT^A01`. */
  messageType: string | null;
  /** The trigger event, e.g. `A01`. */
  event: string | null;
  /** MSH-12. */
  version: string | null;
  /** The Patient the message was applied to (`Patient/{id}`), when known. */
  patient: string | null;
  status: Hl7MessageStatus;
  ack: AckCode;
  /** Why it was refused (AE/AR), in words. */
  error: string | null;
  /** How many times the same sender + control id arrived (1 for a message seen once). */
  deliveries: number;
  /** A later delivery under the same sender + control id carried different content. */
  differingDuplicate: boolean;
  /** Attempts to apply it (the first, plus replays). */
  attempts: number;
}

/** `GET /api/hl7/messages` (one row with `raw` at `GET /api/hl7/messages/{id}`). */
export interface Hl7MessagePage {
  messages: Hl7MessageRow[];
  /** Pass as `before` for the next (older) page; absent on the last page. */
  next?: string;
}

/** `GET /api/hl7/messages/{id}`: the row with the message text as received. */
export interface Hl7MessageDetail extends Hl7MessageRow {
  raw: string;
}

/** `POST /api/hl7/messages/{id}/replay`: the new outcome. */
export interface Hl7ReplayResult {
  message: Hl7MessageRow;
}

/** The person as a message describes them, or a Patient as a candidate shows them. */
export interface MatchPerson {
  family: string | null;
  given: string | null;
  birthDate: string | null;
  gender: string | null;
  postcode: string | null;
  identifiers: { system: string | null; value: string }[];
}

/** A candidate Patient beside the score the matching rule gave it and why. */
export interface MatchCandidate {
  patient: string;
  person: MatchPerson;
  score: number;
  /** Field by field: `agree`, `partial`, `disagree` or `missing`. */
  fields: Record<'family' | 'given' | 'birthDate' | 'gender' | 'postcode', MatchAgreement>;
}

export type MatchAgreement = 'agree' | 'partial' | 'disagree' | 'missing';

export const MATCH_REVIEW_STATUSES = ['open', 'linked', 'registered'] as const;
export type MatchReviewStatus = (typeof MATCH_REVIEW_STATUSES)[number];

/** One item of the patient-matching review queue (`GET /api/hl7/matches`). */
export interface MatchReview {
  id: string;
  createdAt: string;
  status: MatchReviewStatus;
  /** The held message this person came in (id of its log row). */
  messageId: string;
  event: string | null;
  sender: string | null;
  incoming: MatchPerson;
  candidates: MatchCandidate[];
  /** Once decided: the Patient the message was applied to, who decided and when. */
  patient: string | null;
  resolvedBy: string | null;
  resolvedAt: string | null;
}

/** `GET /api/hl7/matches`. */
export interface MatchReviewList {
  reviews: MatchReview[];
}

/** `POST /api/hl7/matches/{id}/resolve`. */
export type MatchDecision = { action: 'link'; patient: string } | { action: 'register' };

/** Domain error codes of the HL7 v2 feed's administration (system CARE_ERROR_SYSTEM). */
export const Hl7Error = {
  /** No logged message with this id (404). */
  MESSAGE_NOT_FOUND: 'hl7-message-not-found',
  /** Only a message that failed (AE) or was rejected (AR) can be replayed (409). */
  NOT_REPLAYABLE: 'hl7-message-not-replayable',
  /** No review with this id (404). */
  REVIEW_NOT_FOUND: 'hl7-review-not-found',
  /** The review has been decided already (409). */
  REVIEW_CLOSED: 'hl7-review-closed',
  /** The decision could not be applied; the reason is in the text (422). */
  REVIEW_FAILED: 'hl7-review-failed',
} as const;
