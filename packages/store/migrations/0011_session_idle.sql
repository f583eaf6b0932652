-- Session idle timeout: when a login session's refresh token was last used. A refresh after more
-- than the idle limit (server/auth config, 30 minutes by default) is refused, so a session left
-- alone ends even though its absolute lifetime (expires_at, fixed at login) has not run out.
ALTER TABLE auth_session ADD COLUMN IF NOT EXISTS last_used_at timestamptz;
