import type {
  Hl7MessageDetail,
  Hl7MessageRow,
  MatchCandidate,
  MatchPerson,
  MatchReview,
} from '@careweave/contract';
import type { LoggedMessage, StoredMatchReview } from '@careweave/store';

/** A log row as the administration API shows it. */
export function messageRow(m: LoggedMessage): Hl7MessageRow {
  return {
    id: m.id,
    receivedAt: m.receivedAt.toISOString(),
    processedAt: m.processedAt?.toISOString() ?? null,
    sender: m.sender,
    controlId: m.controlId,
    messageType: m.messageType,
    event: m.event,
    version: m.version,
    patient: m.patientId ? `Patient/${m.patientId}` : null,
    status: m.status,
    ack: m.ack,
    error: m.error,
    deliveries: m.deliveries,
    differingDuplicate: m.differingDuplicate,
    attempts: m.attempts,
  };
}

/** The row with the text as received (segments shown one per line). */
export function messageDetail(m: LoggedMessage): Hl7MessageDetail {
  return { ...messageRow(m), raw: m.raw.replace(/\r/g, '\n') };
}

/** A review as the administration API shows it, with its message's event and sender. */
export function reviewView(r: StoredMatchReview, message: LoggedMessage | undefined): MatchReview {
  return {
    id: r.id,
    createdAt: r.createdAt.toISOString(),
    status: r.status,
    messageId: r.messageId,
    event: message?.event ?? null,
    sender: message?.sender ?? null,
    incoming: r.incoming as MatchPerson,
    candidates: r.candidates as MatchCandidate[],
    patient: r.patientId ? `Patient/${r.patientId}` : null,
    resolvedBy: r.resolvedBy,
    resolvedAt: r.resolvedAt?.toISOString() ?? null,
  };
}
