-- Care-team workspace state: notifications and per-user read markers. These are UI
-- state derived from FHIR facts (a Task's owner changed, a Communication mentions someone, a
-- CarePlan changed), not clinical data, so they live in small tables of their own. Rows are
-- written inside the transaction of the write that causes them (care's write rules), so a
-- notification exists exactly when its cause committed.

CREATE TABLE IF NOT EXISTS care_notification (
  id          bigserial   PRIMARY KEY,
  -- who is notified: 'Practitioner/…', 'PractitionerRole/…', 'Patient/…' or 'RelatedPerson/…'
  recipient   text        NOT NULL,
  -- 'task-assigned' | 'mention' | 'plan-changed'
  kind        text        NOT NULL,
  patient_id  text,
  -- what the notification is about, e.g. 'Task/123', 'Communication/456', 'CarePlan/789'
  focus       text        NOT NULL,
  -- who caused it ('Practitioner/…', or 'system')
  actor       text        NOT NULL,
  summary     text        NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  read_at     timestamptz
);
CREATE INDEX IF NOT EXISTS care_notification_recipient_idx ON care_notification (recipient, id DESC);
CREATE INDEX IF NOT EXISTS care_notification_unread_idx ON care_notification (recipient) WHERE read_at IS NULL;

-- How far a reader has read a message thread (the thread's root Communication id).
CREATE TABLE IF NOT EXISTS care_read_marker (
  reader      text        NOT NULL,
  thread      text        NOT NULL,
  read_at     timestamptz NOT NULL,
  PRIMARY KEY (reader, thread)
);
