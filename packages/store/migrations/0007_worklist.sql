-- The care worklist. Kept apart from 0006 because 0006 was already applied in some
-- databases with an earlier version of the worklist indexes (partial indexes on `resource`,
-- dropped here in favour of the narrow table below).
DROP INDEX IF EXISTS resource_task_open_patient_idx;
DROP INDEX IF EXISTS resource_task_open_refs_idx;

-- The worklist (store/analytics/worklist.ts): one narrow row per current, non-deleted Task with
-- the values the worklist filters and sorts by, extracted from the resource row at write time by a
-- trigger — so every write path (REST, bundles, import, COPY, jobs) keeps it exact, in the same
-- transaction. The resource row stays the source of truth; this is an index, rebuilt from it
-- below and by `SELECT worklist_task_upsert(r) FROM resource r WHERE r.resource_type = 'Task'`.
-- It has the access columns (resource_type, patient_id, org_id, security) so the access scope
-- applies to it exactly as to `resource`.
CREATE TABLE IF NOT EXISTS worklist_task (
  id            text        PRIMARY KEY,
  resource_type text        NOT NULL DEFAULT 'Task' CHECK (resource_type = 'Task'),
  patient_id    text,
  org_id        text,
  security      text[]      NOT NULL DEFAULT '{}',
  status        text        NOT NULL,
  -- FHIR request-priority: stat 0, asap 1, urgent 2, routine (or none) 3
  priority_rank smallint    NOT NULL,
  -- Task.restriction.period.end as a sort key: a date-only (or partial) date sorts after any time
  -- on that day ('YYYY-MM-DDT~'); no due date sorts last ('~')
  due_key       text        NOT NULL,
  -- the instant the task becomes overdue: the end of a date-only due day (UTC), or the due dateTime
  due_at        timestamptz,
  -- Task.owner as 'Type/id'
  owner         text,
  -- Task.code as 'system|code' and '*|code'
  codes         text[]      NOT NULL DEFAULT '{}',
  last_updated  timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS worklist_task_open_patient_idx ON worklist_task (patient_id)
  WHERE status IN ('draft','requested','received','accepted','ready','in-progress','on-hold');
CREATE INDEX IF NOT EXISTS worklist_task_open_owner_idx ON worklist_task (owner)
  WHERE status IN ('draft','requested','received','accepted','ready','in-progress','on-hold');
CREATE INDEX IF NOT EXISTS worklist_task_patient_idx ON worklist_task (patient_id, last_updated);
CREATE INDEX IF NOT EXISTS worklist_task_owner_idx ON worklist_task (owner, last_updated);

-- When a due date makes a task overdue (NULL for no or unreadable due date).
CREATE OR REPLACE FUNCTION worklist_due_at(due text) RETURNS timestamptz LANGUAGE plpgsql STABLE AS $$
BEGIN
  IF due IS NULL THEN
    RETURN NULL;
  ELSIF length(due) = 4 THEN
    RETURN (to_date(due, 'YYYY') + interval '1 year')::timestamp AT TIME ZONE 'UTC';
  ELSIF length(due) = 7 THEN
    RETURN (to_date(due, 'YYYY-MM') + interval '1 month')::timestamp AT TIME ZONE 'UTC';
  ELSIF length(due) = 10 THEN
    RETURN (due::date + 1)::timestamp AT TIME ZONE 'UTC';
  END IF;
  RETURN due::timestamptz;
EXCEPTION WHEN others THEN
  RETURN NULL;
END $$;

-- Writes (or removes) the worklist row of one resource row.
CREATE OR REPLACE FUNCTION worklist_task_upsert(r resource) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  due text := r.content->'restriction'->'period'->>'end';
BEGIN
  IF r.resource_type <> 'Task' THEN
    RETURN;
  END IF;
  IF r.deleted OR r.content IS NULL THEN
    DELETE FROM worklist_task WHERE id = r.id;
    RETURN;
  END IF;
  INSERT INTO worklist_task (id, patient_id, org_id, security, status, priority_rank, due_key, due_at, owner, codes, last_updated)
  VALUES (
    r.id, r.patient_id, r.org_id, r.security,
    COALESCE(r.content->>'status', 'unknown'),
    CASE r.content->>'priority' WHEN 'stat' THEN 0 WHEN 'asap' THEN 1 WHEN 'urgent' THEN 2 ELSE 3 END,
    CASE WHEN due IS NULL THEN '~' WHEN length(due) <= 10 THEN rpad(due, 10, '~') || 'T~' ELSE due END,
    worklist_due_at(due),
    (SELECT substr(x, 7) FROM unnest(r.refs) x WHERE x LIKE 'owner|%' LIMIT 1),
    ARRAY(SELECT substr(x, 6) FROM unnest(r.tokens) x WHERE x LIKE 'code|%' AND x NOT LIKE '%|*'),
    r.last_updated)
  ON CONFLICT (id) DO UPDATE SET patient_id = EXCLUDED.patient_id, org_id = EXCLUDED.org_id, security = EXCLUDED.security,
    status = EXCLUDED.status, priority_rank = EXCLUDED.priority_rank, due_key = EXCLUDED.due_key, due_at = EXCLUDED.due_at,
    owner = EXCLUDED.owner, codes = EXCLUDED.codes, last_updated = EXCLUDED.last_updated;
END $$;

CREATE OR REPLACE FUNCTION worklist_task_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    DELETE FROM worklist_task WHERE id = OLD.id;
  ELSE
    PERFORM worklist_task_upsert(NEW);
  END IF;
  RETURN NULL;
END $$;

DROP TRIGGER IF EXISTS resource_worklist_task ON resource;
CREATE TRIGGER resource_worklist_task AFTER INSERT OR UPDATE ON resource
  FOR EACH ROW WHEN (NEW.resource_type = 'Task') EXECUTE FUNCTION worklist_task_sync();
DROP TRIGGER IF EXISTS resource_worklist_task_delete ON resource;
CREATE TRIGGER resource_worklist_task_delete AFTER DELETE ON resource
  FOR EACH ROW WHEN (OLD.resource_type = 'Task') EXECUTE FUNCTION worklist_task_sync();

-- Tasks written before this migration.
SELECT worklist_task_upsert(r) FROM resource r WHERE r.resource_type = 'Task' AND NOT r.deleted;
