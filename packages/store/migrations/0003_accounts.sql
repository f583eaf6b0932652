-- Login accounts, sessions, login throttling and OAuth 2.0 clients/codes. Not FHIR: an account
-- links to the FHIR resource it acts as through fhir_user ('Practitioner/…', 'Patient/…',
-- 'RelatedPerson/…'). App servers are stateless, so sessions and throttling live here.

CREATE TABLE IF NOT EXISTS account (
  id               text        PRIMARY KEY,
  email            text        NOT NULL UNIQUE CHECK (email = lower(email)),
  password_hash    text        NOT NULL,
  fhir_user        text        NOT NULL,
  role             text        NOT NULL,
  organization_ids text[]      NOT NULL DEFAULT '{}',
  display_name     text        NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  disabled         boolean     NOT NULL DEFAULT false
);

-- OAuth 2.0 clients (SMART apps and back-end services). Public clients have no secret.
CREATE TABLE IF NOT EXISTS oauth_client (
  client_id      text        PRIMARY KEY,
  secret_hash    text,
  name           text        NOT NULL,
  redirect_uris  text[]      NOT NULL DEFAULT '{}',
  allowed_scopes text[]      NOT NULL DEFAULT '{}',
  kind           text        NOT NULL CHECK (kind IN ('confidential', 'public')),
  created_at     timestamptz NOT NULL DEFAULT now(),
  CHECK ((kind = 'public') = (secret_hash IS NULL))
);

-- A login session: one refresh token (stored hashed, rotated on use). Access tokens carry the
-- session id (sid) and stop working when the session is revoked. client_id is set for sessions
-- opened through OAuth (authorization code), null for /auth/login.
CREATE TABLE IF NOT EXISTS auth_session (
  id                  text        PRIMARY KEY,
  account_id          text        NOT NULL REFERENCES account (id) ON DELETE CASCADE,
  refresh_token_hash  text        NOT NULL UNIQUE,
  -- the hash replaced by the last rotation: presenting it again means the token was copied,
  -- and the session is revoked (refresh token reuse detection)
  previous_refresh_hash text     UNIQUE,
  client_id           text        REFERENCES oauth_client (client_id) ON DELETE CASCADE,
  scope               text        NOT NULL,
  created_at          timestamptz NOT NULL DEFAULT now(),
  expires_at          timestamptz NOT NULL,
  revoked_at          timestamptz,
  ip                  text,
  user_agent          text
);
CREATE INDEX IF NOT EXISTS auth_session_account_idx ON auth_session (account_id);

-- Failed-login counters per key ('account:<email>', 'ip:<address>') in a fixed window.
CREATE TABLE IF NOT EXISTS login_throttle (
  key          text        PRIMARY KEY,
  failures     integer     NOT NULL,
  window_start timestamptz NOT NULL,
  locked_until timestamptz
);

-- Authorization codes (stored hashed), single use, PKCE S256 challenge kept for the exchange.
CREATE TABLE IF NOT EXISTS oauth_code (
  code_hash      text        PRIMARY KEY,
  client_id      text        NOT NULL REFERENCES oauth_client (client_id) ON DELETE CASCADE,
  account_id     text        NOT NULL REFERENCES account (id) ON DELETE CASCADE,
  redirect_uri   text        NOT NULL,
  code_challenge text        NOT NULL,
  scope          text        NOT NULL,
  expires_at     timestamptz NOT NULL,
  used_at        timestamptz,
  -- the session the exchange opened: a replayed code revokes it (RFC 6749 §4.1.2)
  session_id     text
);
