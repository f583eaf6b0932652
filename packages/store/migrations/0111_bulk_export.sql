-- Bulk Data Access $export jobs and their NDJSON files. A job is a row: any server may claim a
-- queued one (FOR UPDATE SKIP LOCKED), keeps a heartbeat while it runs, and a job whose server
-- died (stale heartbeat) or stopped (claim released) is claimed again and rerun from the start,
-- so an export survives a restart and never runs on two servers at once. The files are rows too,
-- so every server can serve them, whichever wrote them, on PGlite and PostgreSQL alike.

CREATE TABLE IF NOT EXISTS bulk_export_job (
  id               text        PRIMARY KEY,
  -- who asked: 'user' (account id) or 'system' (client id); only they may poll or download
  owner_kind       text        NOT NULL CHECK (owner_kind IN ('user', 'system')),
  owner_id         text        NOT NULL,
  -- the scopes of the kick-off token, re-applied with the owner's current access when the job runs
  scopes           text[]      NOT NULL,
  request_url      text        NOT NULL,
  -- level, group id, types, since, typeFilters (server/fhir/bulk/params.ts)
  params           jsonb       NOT NULL,
  status           text        NOT NULL CHECK (status IN ('queued', 'running', 'completed', 'failed')),
  created_at       timestamptz NOT NULL DEFAULT now(),
  transaction_time timestamptz,
  claimed_by       text,
  heartbeat_at     timestamptz,
  progress         text,
  error            text,
  finished_at      timestamptz,
  expires_at       timestamptz
);
CREATE INDEX IF NOT EXISTS bulk_export_job_status_idx ON bulk_export_job (status, created_at);

CREATE TABLE IF NOT EXISTS bulk_export_file (
  job_id        text    NOT NULL REFERENCES bulk_export_job (id) ON DELETE CASCADE,
  seq           integer NOT NULL,
  -- 'output': resources; 'error': OperationOutcomes of what could not be exported
  kind          text    NOT NULL CHECK (kind IN ('output', 'error')),
  resource_type text    NOT NULL,
  count         integer NOT NULL,
  content       text    NOT NULL,
  PRIMARY KEY (job_id, seq)
);
