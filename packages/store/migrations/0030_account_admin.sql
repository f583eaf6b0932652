-- Administration of accounts and clients in the app: a temporary password must be changed at the
-- first sign-in, administrators see each account's last sign-in, and each OAuth client's last use.
ALTER TABLE account ADD COLUMN IF NOT EXISTS must_change_password boolean NOT NULL DEFAULT false;
ALTER TABLE account ADD COLUMN IF NOT EXISTS last_login_at timestamptz;
ALTER TABLE account ADD COLUMN IF NOT EXISTS password_changed_at timestamptz;
ALTER TABLE oauth_client ADD COLUMN IF NOT EXISTS last_used_at timestamptz;
