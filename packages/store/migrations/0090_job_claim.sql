-- Background jobs that several app servers run on a timer (referral reminders every hour, …):
-- the first server to claim a job's slot (e.g. the hour) runs it, the others skip. A row per run;
-- old rows are removed when new ones are claimed (store/jobs/claims.ts).
CREATE TABLE IF NOT EXISTS job_claim (
  job         text        NOT NULL,
  slot        text        NOT NULL,
  claimed_at  timestamptz NOT NULL DEFAULT now(),
  claimed_by  text        NOT NULL,
  PRIMARY KEY (job, slot)
);
