-- Rated games: each finished game changes ratings once (the row guards against a replayed
-- game.finished event); ratings count the rated games a player finished.
ALTER TABLE ratings ADD COLUMN games integer NOT NULL DEFAULT 0;
CREATE INDEX ratings_by_mode ON ratings (mode, rating DESC);
CREATE TABLE rated_games (
  game_id  uuid        PRIMARY KEY,
  mode     text        NOT NULL,
  rated_at timestamptz NOT NULL DEFAULT now(),
  changes  jsonb       NOT NULL  -- [{user_id, before, after}]
);
