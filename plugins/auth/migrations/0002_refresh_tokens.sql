-- Refresh tokens, stored as SHA-256 hashes (hex). Each login starts a family; every refresh
-- rotates within it. Presenting a token that was already rotated means it leaked: the whole
-- family is revoked.
CREATE TABLE refresh_tokens (
  id          uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id     uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  family      uuid        NOT NULL,
  token_hash  text        NOT NULL UNIQUE,  -- hex SHA-256 of the token
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL,
  revoked_at  timestamptz,
  replaced_by uuid,
  user_agent  text,
  ip          text
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family);
CREATE INDEX refresh_tokens_user ON refresh_tokens (user_id) WHERE revoked_at IS NULL;
