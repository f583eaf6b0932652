-- CDS Hooks 2.0 (care/decision-support, server/cds-hooks).
-- An outside EHR calls a CDS service with a JWT it signs itself (CDS Hooks 2.0 "Trusting CDS
-- Clients"): the public keys it signs with are registered with its OAuth client.
ALTER TABLE oauth_client ADD COLUMN IF NOT EXISTS jwks jsonb;

-- Every card a service returned: the feedback endpoint names a card by its uuid only, so the
-- rule, service and person it was about are kept here (and acceptance rates count per rule).
CREATE TABLE IF NOT EXISTS cds_card (
  uuid        text        PRIMARY KEY,
  service_id  text        NOT NULL,
  rule_id     text        NOT NULL,
  rule_version text       NOT NULL,
  patient_id  text        NOT NULL,
  issued_to   text        NOT NULL,
  issued_at   timestamptz NOT NULL,
  -- the suggestions' uuids, so feedback can only accept a suggestion the card carried
  suggestion_uuids text[] NOT NULL DEFAULT '{}'
);
CREATE INDEX IF NOT EXISTS cds_card_rule_idx ON cds_card (rule_id);

-- What a person did with a card (CDS Hooks feedback API): accepted, or overridden with a reason.
CREATE TABLE IF NOT EXISTS cds_feedback (
  id                 bigserial   PRIMARY KEY,
  card_uuid          text        NOT NULL REFERENCES cds_card (uuid) ON DELETE CASCADE,
  outcome            text        NOT NULL CHECK (outcome IN ('accepted', 'overridden')),
  accepted_suggestions text[]    NOT NULL DEFAULT '{}',
  override_code      text,
  override_display   text,
  user_comment       text,
  recorded_by        text        NOT NULL,
  outcome_at         timestamptz NOT NULL,
  recorded_at        timestamptz NOT NULL DEFAULT now(),
  CHECK (outcome = 'accepted' OR override_code IS NOT NULL OR user_comment IS NOT NULL)
);
CREATE INDEX IF NOT EXISTS cds_feedback_card_idx ON cds_feedback (card_uuid);
