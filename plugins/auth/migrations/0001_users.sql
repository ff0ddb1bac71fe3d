-- Accounts. Usernames and emails are unique without regard to case (citext).
CREATE TABLE users (
  id             uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  username       citext      NOT NULL UNIQUE CHECK (username ~ '^[A-Za-z0-9_-]{3,24}$'),
  email          citext      NOT NULL UNIQUE CHECK (length(email) <= 254),
  password_hash  text        NOT NULL,
  role           text        NOT NULL DEFAULT 'user' CHECK (role IN ('user', 'moderator', 'admin')),
  profile        jsonb       NOT NULL DEFAULT '{}'::jsonb,
  report_count   integer     NOT NULL DEFAULT 0,
  ban_count      integer     NOT NULL DEFAULT 0,
  current_ban_id uuid,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now()
);

-- Bans are written by moderation and read here: an active ban lets a user read, not write.
CREATE TABLE user_bans (
  id         uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id    uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  reason     text        NOT NULL CHECK (length(reason) BETWEEN 1 AND 1000),
  banned_by  uuid        REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz,
  lifted_at  timestamptz
);
CREATE INDEX user_bans_active ON user_bans (user_id) WHERE lifted_at IS NULL;

ALTER TABLE users ADD CONSTRAINT users_current_ban_fk
  FOREIGN KEY (current_ban_id) REFERENCES user_bans (id) ON DELETE SET NULL;
