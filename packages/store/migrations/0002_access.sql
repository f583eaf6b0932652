-- Access control columns and tables (DESIGN.md §4 "Access scope in SQL").
-- org_id: the organisation that authored the row (the owning-organization extension in
-- meta.extension, set by care/access on every write); NULL = network data.
-- security: 'system|code' of every meta.security label, for DS4P label filters.
-- Both tables carry them so that history and vread apply the same scope as read and search,
-- and a deletion's tombstone keeps the owner and labels of the version it deletes.
ALTER TABLE resource ADD COLUMN IF NOT EXISTS org_id text;
ALTER TABLE resource ADD COLUMN IF NOT EXISTS security text[] NOT NULL DEFAULT '{}';
ALTER TABLE resource_history ADD COLUMN IF NOT EXISTS org_id text;
ALTER TABLE resource_history ADD COLUMN IF NOT EXISTS security text[] NOT NULL DEFAULT '{}';

-- Rows written before this migration: take the columns from the stored JSON.
UPDATE resource SET
  org_id = (SELECT substr(e->'valueReference'->>'reference', 14) FROM jsonb_array_elements(content->'meta'->'extension') e
             WHERE e->>'url' = 'https://careweave.org/fhir/StructureDefinition/owning-organization'
               AND e->'valueReference'->>'reference' LIKE 'Organization/%' LIMIT 1),
  security = COALESCE((SELECT array_agg(COALESCE(s->>'system', '') || '|' || (s->>'code')) FROM jsonb_array_elements(content->'meta'->'security') s
                        WHERE s->>'code' IS NOT NULL), '{}')
WHERE content->'meta' ? 'extension' OR content->'meta' ? 'security';
UPDATE resource_history SET
  org_id = (SELECT substr(e->'valueReference'->>'reference', 14) FROM jsonb_array_elements(content->'meta'->'extension') e
             WHERE e->>'url' = 'https://careweave.org/fhir/StructureDefinition/owning-organization'
               AND e->'valueReference'->>'reference' LIKE 'Organization/%' LIMIT 1),
  security = COALESCE((SELECT array_agg(COALESCE(s->>'system', '') || '|' || (s->>'code')) FROM jsonb_array_elements(content->'meta'->'security') s
                        WHERE s->>'code' IS NOT NULL), '{}')
WHERE content->'meta' ? 'extension' OR content->'meta' ? 'security';

-- A grant's predicate is patient_id = ANY(…) AND (org_id …): one index serves both.
CREATE INDEX IF NOT EXISTS resource_patient_org_idx ON resource (patient_id, org_id) WHERE patient_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS resource_history_patient_idx ON resource_history (patient_id, org_id) WHERE patient_id IS NOT NULL;

-- Time-limited access outside a user's normal rights: break-the-glass. Rows are never updated
-- or deleted by the application (an expired grant simply stops counting); the AuditEvent that
-- flags each grant is written in the same transaction.
CREATE TABLE IF NOT EXISTS access_grant (
  id          text        PRIMARY KEY,
  kind        text        NOT NULL CHECK (kind IN ('break-glass')),
  -- the user's FHIR reference, e.g. 'Practitioner/123'
  actor       text        NOT NULL,
  patient_id  text        NOT NULL,
  reason      text        NOT NULL,
  granted_at  timestamptz NOT NULL,
  expires_at  timestamptz NOT NULL,
  CHECK (expires_at > granted_at)
);
CREATE INDEX IF NOT EXISTS access_grant_actor_idx ON access_grant (actor, expires_at);
CREATE INDEX IF NOT EXISTS access_grant_patient_idx ON access_grant (patient_id, granted_at);
