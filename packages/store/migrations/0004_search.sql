-- Search engine (issue 3): columns for `:exact`, quantity units and composite parameters.

-- The string as written when it differs from the normalised `value`: `:exact` matches it
-- (the prefix index on `value` finds the candidates, since an exact match is also a normalised one).
ALTER TABLE sp_string ADD COLUMN IF NOT EXISTS raw text;

-- A quantity's human-readable unit: `value-quantity=5.4||mg` matches the unit code or this.
ALTER TABLE sp_number ADD COLUMN IF NOT EXISTS unit text;

-- Composite parameters whose second component is a string, date, number or quantity are stored as
-- rows of that type under the composite's param, with the first (token) component here
-- (packages/fhir/src/search/composite.ts): `code-value-quantity=http://loinc.org|8480-6$gt100`
-- is one range scan on (param, comp_code, value).
ALTER TABLE sp_string ADD COLUMN IF NOT EXISTS comp_system text;
ALTER TABLE sp_string ADD COLUMN IF NOT EXISTS comp_code text;
ALTER TABLE sp_date ADD COLUMN IF NOT EXISTS comp_system text;
ALTER TABLE sp_date ADD COLUMN IF NOT EXISTS comp_code text;
ALTER TABLE sp_number ADD COLUMN IF NOT EXISTS comp_system text;
ALTER TABLE sp_number ADD COLUMN IF NOT EXISTS comp_code text;

CREATE INDEX IF NOT EXISTS sp_number_comp_idx ON sp_number (resource_type, param, comp_code, value) WHERE comp_code IS NOT NULL;
CREATE INDEX IF NOT EXISTS sp_date_comp_idx ON sp_date (resource_type, param, comp_code, low) WHERE comp_code IS NOT NULL;
CREATE INDEX IF NOT EXISTS sp_string_comp_idx ON sp_string (resource_type, param, comp_code, value text_pattern_ops) WHERE comp_code IS NOT NULL;
