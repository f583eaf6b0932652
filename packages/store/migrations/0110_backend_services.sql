-- SMART Backend Services: a confidential client may authenticate with a JWT signed by its own key
-- (private_key_jwt) instead of a secret. Its public keys are registered inline (a JWKS document)
-- or as a URL the server fetches. A confidential client has a secret or keys; a public one neither.

ALTER TABLE oauth_client ADD COLUMN IF NOT EXISTS jwks jsonb;
ALTER TABLE oauth_client ADD COLUMN IF NOT EXISTS jwks_url text;
ALTER TABLE oauth_client DROP CONSTRAINT IF EXISTS oauth_client_check;
ALTER TABLE oauth_client DROP CONSTRAINT IF EXISTS oauth_client_credentials;
ALTER TABLE oauth_client ADD CONSTRAINT oauth_client_credentials CHECK (
  (kind = 'public' AND secret_hash IS NULL AND jwks IS NULL AND jwks_url IS NULL)
  OR (kind = 'confidential' AND (secret_hash IS NOT NULL OR jwks IS NOT NULL OR jwks_url IS NOT NULL))
);

-- The jti of every client assertion seen, until it expires: a second use of the same assertion is
-- refused (SMART Backend Services: "the jti value must not have been used before"). A table, so
-- replay protection holds across restarts and between servers sharing the database.
CREATE TABLE IF NOT EXISTS oauth_assertion_jti (
  client_id  text        NOT NULL REFERENCES oauth_client (client_id) ON DELETE CASCADE,
  jti        text        NOT NULL,
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (client_id, jti)
);
CREATE INDEX IF NOT EXISTS oauth_assertion_jti_expiry_idx ON oauth_assertion_jti (expires_at);
