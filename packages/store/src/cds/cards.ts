import type { Queryable } from '../db/database.js';

/** A card a CDS service returned, as kept for its feedback. */
export interface IssuedCdsCard {
  uuid: string;
  serviceId: string;
  ruleId: string;
  ruleVersion: string;
  patientId: string;
  /** Who the card was shown to (the acting user's reference). */
  issuedTo: string;
  issuedAt: Date;
  suggestionUuids: string[];
}

/** What a person did with a card (CDS Hooks feedback). */
export interface CdsFeedbackRow {
  cardUuid: string;
  outcome: 'accepted' | 'overridden';
  acceptedSuggestions: string[];
  overrideCode?: string;
  overrideDisplay?: string;
  userComment?: string;
  recordedBy: string;
  outcomeAt: Date;
}

/** Cards shown and what became of them, per rule. */
export interface CdsRuleCounts {
  ruleId: string;
  cards: number;
  accepted: number;
  overridden: number;
}

interface CardRow {
  uuid: string;
  service_id: string;
  rule_id: string;
  rule_version: string;
  patient_id: string;
  issued_to: string;
  issued_at: Date | string;
  suggestion_uuids: string[];
}

/** Keeps the cards of one answer (a card is kept once: a repeated uuid is ignored). */
export async function insertCdsCards(q: Queryable, cards: readonly IssuedCdsCard[]): Promise<void> {
  for (const c of cards) {
    await q.query(
      `INSERT INTO cds_card (uuid, service_id, rule_id, rule_version, patient_id, issued_to, issued_at, suggestion_uuids)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (uuid) DO NOTHING`,
      [
        c.uuid,
        c.serviceId,
        c.ruleId,
        c.ruleVersion,
        c.patientId,
        c.issuedTo,
        c.issuedAt,
        c.suggestionUuids,
      ],
    );
  }
}

/** The card with this uuid issued by this service, or undefined. */
export async function getCdsCard(
  q: Queryable,
  serviceId: string,
  uuid: string,
): Promise<IssuedCdsCard | undefined> {
  const { rows } = await q.query<CardRow>(
    `SELECT uuid, service_id, rule_id, rule_version, patient_id, issued_to, issued_at, suggestion_uuids
       FROM cds_card WHERE uuid = $1 AND service_id = $2`,
    [uuid, serviceId],
  );
  const r = rows[0];
  return r
    ? {
        uuid: r.uuid,
        serviceId: r.service_id,
        ruleId: r.rule_id,
        ruleVersion: r.rule_version,
        patientId: r.patient_id,
        issuedTo: r.issued_to,
        issuedAt: new Date(r.issued_at),
        suggestionUuids: [...r.suggestion_uuids],
      }
    : undefined;
}

/** Records feedback on a card. */
export async function insertCdsFeedback(q: Queryable, f: CdsFeedbackRow): Promise<void> {
  await q.query(
    `INSERT INTO cds_feedback (card_uuid, outcome, accepted_suggestions, override_code, override_display, user_comment, recorded_by, outcome_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      f.cardUuid,
      f.outcome,
      f.acceptedSuggestions,
      f.overrideCode ?? null,
      f.overrideDisplay ?? null,
      f.userComment ?? null,
      f.recordedBy,
      f.outcomeAt,
    ],
  );
}

/**
 * Per rule: distinct cards shown, and how many of them were accepted or overridden. A card
 * shown again carries a new uuid (one per answer), so the denominator is the cards people saw.
 */
export async function cdsRuleCounts(q: Queryable): Promise<CdsRuleCounts[]> {
  const { rows } = await q.query<{
    rule_id: string;
    cards: string | number;
    accepted: string | number;
    overridden: string | number;
  }>(
    `SELECT c.rule_id,
            count(*) AS cards,
            count(*) FILTER (WHERE EXISTS (SELECT 1 FROM cds_feedback f WHERE f.card_uuid = c.uuid AND f.outcome = 'accepted')) AS accepted,
            count(*) FILTER (WHERE EXISTS (SELECT 1 FROM cds_feedback f WHERE f.card_uuid = c.uuid AND f.outcome = 'overridden')) AS overridden
       FROM cds_card c GROUP BY c.rule_id ORDER BY c.rule_id`,
  );
  return rows.map((r) => ({
    ruleId: r.rule_id,
    cards: Number(r.cards),
    accepted: Number(r.accepted),
    overridden: Number(r.overridden),
  }));
}
