CREATE TABLE preferences (
  user_id            uuid        PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  theme              text        NOT NULL DEFAULT 'system' CHECK (theme IN ('light', 'dark', 'system')),
  preferred_language text,
  editor             jsonb       NOT NULL DEFAULT '{}'::jsonb,
  blocked_users      uuid[]      NOT NULL DEFAULT '{}',
  updated_at         timestamptz NOT NULL DEFAULT now()
);
