-- The HL7 v2 feed's message log and patient-matching review queue. The clinical effects of a
-- message are ordinary FHIR resources written through the Repository; these rows record what
-- arrived, what became of it and the ACK it got. A message's row is written in the same
-- transaction as its effects, so "logged as processed" and "effects committed" cannot disagree,
-- and the unique (sender, control_id) key is what makes redelivery idempotent.

CREATE TABLE IF NOT EXISTS hl7_message (
  id                  bigserial   PRIMARY KEY,
  received_at         timestamptz NOT NULL,
  processed_at        timestamptz,
  -- MSH-3|MSH-4 and MSH-10; absent for text that is not HL7 (status rejected)
  sender              text,
  control_id          text,
  message_type        text,
  event               text,
  version             text,
  raw                 text        NOT NULL,
  -- sha-256 of the text as received (BOM and separators normalised), to spot differing duplicates
  content_hash        text        NOT NULL,
  patient_id          text,
  status              text        NOT NULL CHECK (status IN ('processed', 'held', 'error', 'rejected')),
  ack_code            text        NOT NULL CHECK (ack_code IN ('AA', 'AE', 'AR')),
  error               text,
  deliveries          integer     NOT NULL DEFAULT 1,
  differing_duplicate boolean     NOT NULL DEFAULT false,
  attempts            integer     NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX IF NOT EXISTS hl7_message_key_idx
  ON hl7_message (sender, control_id) WHERE control_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS hl7_message_status_idx ON hl7_message (status, id DESC);
CREATE INDEX IF NOT EXISTS hl7_message_patient_idx ON hl7_message (patient_id, id DESC)
  WHERE patient_id IS NOT NULL;

CREATE TABLE IF NOT EXISTS hl7_match_review (
  id           bigserial   PRIMARY KEY,
  created_at   timestamptz NOT NULL,
  message_id   bigint      NOT NULL REFERENCES hl7_message (id),
  status       text        NOT NULL CHECK (status IN ('open', 'linked', 'registered')),
  -- the person as the message describes them, and the scored candidates (contract MatchPerson,
  -- MatchCandidate[])
  incoming     jsonb       NOT NULL,
  candidates   jsonb       NOT NULL,
  patient_id   text,
  resolved_by  text,
  resolved_at  timestamptz
);
CREATE INDEX IF NOT EXISTS hl7_match_review_open_idx ON hl7_match_review (status, id);
CREATE UNIQUE INDEX IF NOT EXISTS hl7_match_review_message_idx ON hl7_match_review (message_id);
