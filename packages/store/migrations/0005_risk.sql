-- Population risk stratification. The results themselves are FHIR RiskAssessment and
-- Group resources written through the Repository; these tables are bookkeeping around them:
-- when stratification ran and how far it read the change history (so the next run recomputes only
-- people whose data changed), and a per-person index of the current result for the enrolment
-- queue's filters and sorting (rebuilt from the data by `careweave stratify`, like sp_* rows).

CREATE TABLE IF NOT EXISTS risk_run (
  id          bigserial   PRIMARY KEY,
  kind        text        NOT NULL CHECK (kind IN ('full', 'incremental')),
  started_at  timestamptz NOT NULL,
  finished_at timestamptz,
  -- the date features were taken at
  as_of       timestamptz NOT NULL,
  -- resource_history.seq read up to: the next run looks at changes after it
  watermark   bigint      NOT NULL,
  patients    integer     NOT NULL DEFAULT 0,
  written     integer     NOT NULL DEFAULT 0,
  -- the fitted model the run used (coefficients, training period): reused by incremental runs
  model       jsonb
);
CREATE INDEX IF NOT EXISTS risk_run_finished_idx ON risk_run (finished_at DESC) WHERE finished_at IS NOT NULL;

CREATE TABLE IF NOT EXISTS risk_patient (
  patient_id     text             PRIMARY KEY,
  assessment_id  text             NOT NULL,
  probability    double precision NOT NULL,
  -- computed tier, and a clinician's override of it (the effective tier is the override if any)
  tier           text             NOT NULL,
  override_tier  text,
  computed_at    timestamptz      NOT NULL,
  -- when the result goes stale without new data (a counted admission or visit leaves its window)
  due_at         timestamptz,
  birth_date     date,
  organization   text,
  conditions     text[]           NOT NULL DEFAULT '{}',
  social_needs   text[]           NOT NULL DEFAULT '{}',
  enrolled       boolean          NOT NULL DEFAULT false,
  -- [{key, text, weight}] explanations, as in the RiskAssessment
  factors        jsonb            NOT NULL DEFAULT '[]',
  scores         jsonb            NOT NULL DEFAULT '{}'
);
CREATE INDEX IF NOT EXISTS risk_patient_queue_idx ON risk_patient (enrolled, probability DESC, patient_id);
CREATE INDEX IF NOT EXISTS risk_patient_due_idx ON risk_patient (due_at);

-- The nightly job's claims: with several app servers, the first to insert a night's slot runs it.
CREATE TABLE IF NOT EXISTS risk_job_claim (
  slot        text        PRIMARY KEY,
  claimed_at  timestamptz NOT NULL DEFAULT now(),
  claimed_by  text        NOT NULL
);
