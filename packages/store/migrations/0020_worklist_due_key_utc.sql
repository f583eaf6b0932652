-- The worklist's due-date sort key (`worklist_task.due_key`) in UTC. Migration 0007 kept a
-- dateTime as written, so string order was not time order across offsets
-- ('2026-03-10T10:00:00+05:00' is 05:00 UTC but sorted after '2026-03-10T06:00:00Z') nor with
-- fractional seconds ('…:00.5Z' sorted before '…:00Z'). The rule is care/tasks' worklist order
-- (care/src/tasks/worklist-order.ts); care/src/tasks/worklist-order.int.test.ts checks the SQL
-- order against it over generated tasks of every due-date shape.
--   no due date                → '~' (after everything)
--   YYYY, YYYY-MM, YYYY-MM-DD  → padded with '~' + 'T~': after any time within that year, month
--                                or day, a coarser period after a finer one ending with it
--   a dateTime                 → 'YYYY-MM-DDTHH24:MI:SS.US' in UTC (fixed width: string order =
--                                time order)
CREATE OR REPLACE FUNCTION worklist_due_key(due text) RETURNS text LANGUAGE plpgsql STABLE AS $$
BEGIN
  IF due IS NULL THEN
    RETURN '~';
  ELSIF length(due) <= 10 THEN
    RETURN rpad(due, 10, '~') || 'T~';
  END IF;
  RETURN to_char(due::timestamptz AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US');
EXCEPTION WHEN others THEN
  RETURN due;
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
    worklist_due_key(due),
    worklist_due_at(due),
    (SELECT substr(x, 7) FROM unnest(r.refs) x WHERE x LIKE 'owner|%' LIMIT 1),
    ARRAY(SELECT substr(x, 6) FROM unnest(r.tokens) x WHERE x LIKE 'code|%' AND x NOT LIKE '%|*'),
    r.last_updated)
  ON CONFLICT (id) DO UPDATE SET patient_id = EXCLUDED.patient_id, org_id = EXCLUDED.org_id, security = EXCLUDED.security,
    status = EXCLUDED.status, priority_rank = EXCLUDED.priority_rank, due_key = EXCLUDED.due_key, due_at = EXCLUDED.due_at,
    owner = EXCLUDED.owner, codes = EXCLUDED.codes, last_updated = EXCLUDED.last_updated;
END $$;

-- Tasks written before this migration get the new key.
UPDATE worklist_task w SET due_key = worklist_due_key(r.content->'restriction'->'period'->>'end')
  FROM resource r
 WHERE r.resource_type = 'Task' AND r.id = w.id AND NOT r.deleted;
