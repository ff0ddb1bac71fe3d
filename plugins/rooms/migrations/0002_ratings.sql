-- Matchmaking ratings per user and mode; a missing row means the default rating (1200).
CREATE TABLE ratings (
  user_id    uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  mode       text        NOT NULL,
  rating     integer     NOT NULL DEFAULT 1200,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, mode)
);
