-- Resources are stored as themselves (JSONB) with the values of their search parameters
-- extracted at write time into typed, indexed columns (DESIGN.md §4 "Storage and search").
-- Every row that belongs to a person carries patient_id, so data can be distributed by patient.
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;

-- The current version of every resource (deleted ones are kept as tombstones: read answers 410).
CREATE TABLE IF NOT EXISTS resource (
  resource_type text        NOT NULL,
  id            text        NOT NULL,
  version_id    integer     NOT NULL,
  last_updated  timestamptz NOT NULL,
  deleted       boolean     NOT NULL DEFAULT false,
  patient_id    text,
  content       jsonb,
  -- token and uri values: 'param|system|code', 'param|*|code', 'param|system|*', '!param' (present)
  tokens        text[]      NOT NULL DEFAULT '{}',
  -- reference values: 'param|Type/id'
  refs          text[]      NOT NULL DEFAULT '{}',
  PRIMARY KEY (resource_type, id)
);
CREATE INDEX IF NOT EXISTS resource_patient_idx ON resource (patient_id, resource_type) WHERE patient_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS resource_updated_idx ON resource (resource_type, last_updated);
CREATE INDEX IF NOT EXISTS resource_tokens_idx ON resource USING gin (tokens);
CREATE INDEX IF NOT EXISTS resource_refs_idx ON resource USING gin (refs);

-- Every version ever written, including the current one and deletions; seq orders system history.
CREATE TABLE IF NOT EXISTS resource_history (
  seq           bigserial   PRIMARY KEY,
  resource_type text        NOT NULL,
  id            text        NOT NULL,
  version_id    integer     NOT NULL,
  last_updated  timestamptz NOT NULL,
  deleted       boolean     NOT NULL DEFAULT false,
  method        text        NOT NULL,
  patient_id    text,
  content       jsonb,
  UNIQUE (resource_type, id, version_id)
);
CREATE INDEX IF NOT EXISTS resource_history_updated_idx ON resource_history (last_updated, seq);
CREATE INDEX IF NOT EXISTS resource_history_type_idx ON resource_history (resource_type, last_updated, seq);

-- String search values, normalised (lower case, accents folded).
CREATE TABLE IF NOT EXISTS sp_string (
  resource_type text NOT NULL,
  resource_id   text NOT NULL,
  patient_id    text,
  param         text NOT NULL,
  value         text NOT NULL
);
CREATE INDEX IF NOT EXISTS sp_string_prefix_idx ON sp_string (resource_type, param, value text_pattern_ops);
CREATE INDEX IF NOT EXISTS sp_string_trgm_idx ON sp_string USING gin (value gin_trgm_ops);
CREATE INDEX IF NOT EXISTS sp_string_owner_idx ON sp_string (resource_type, resource_id);

-- Date search values as the instant range they cover (precision honoured).
CREATE TABLE IF NOT EXISTS sp_date (
  resource_type text        NOT NULL,
  resource_id   text        NOT NULL,
  patient_id    text,
  param         text        NOT NULL,
  low           timestamptz NOT NULL,
  high          timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS sp_date_low_idx ON sp_date (resource_type, param, low);
CREATE INDEX IF NOT EXISTS sp_date_high_idx ON sp_date (resource_type, param, high);
CREATE INDEX IF NOT EXISTS sp_date_owner_idx ON sp_date (resource_type, resource_id);

-- Number and quantity search values (low/high carry the precision of the value).
CREATE TABLE IF NOT EXISTS sp_number (
  resource_type text    NOT NULL,
  resource_id   text    NOT NULL,
  patient_id    text,
  param         text    NOT NULL,
  value         numeric NOT NULL,
  low           numeric NOT NULL,
  high          numeric NOT NULL,
  system        text,
  code          text
);
CREATE INDEX IF NOT EXISTS sp_number_value_idx ON sp_number (resource_type, param, value);
CREATE INDEX IF NOT EXISTS sp_number_owner_idx ON sp_number (resource_type, resource_id);
