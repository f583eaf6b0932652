-- A Group (a registry, a panel) is not one person's record: since the compartment rule changed
-- (fhir/search/extract.ts), new Group rows carry no patient_id. Rows written before that kept their
-- first member as owner, and stratify skips unchanged registries, so clear them here — in every
-- table that keys rows by (resource_type, patient_id): the resource, its history and the search
-- values.
DO $$
DECLARE
  t text;
BEGIN
  FOR t IN
    SELECT c.table_name FROM information_schema.columns c
    WHERE c.table_schema = current_schema() AND c.column_name = 'patient_id'
      AND EXISTS (SELECT 1 FROM information_schema.columns r
                  WHERE r.table_schema = c.table_schema AND r.table_name = c.table_name AND r.column_name = 'resource_type')
  LOOP
    EXECUTE format('UPDATE %I SET patient_id = NULL WHERE resource_type = %L AND patient_id IS NOT NULL', t, 'Group');
  END LOOP;
END $$;
