-- Live games (host/src/games/). No foreign keys to plugin tables (rooms, users, puzzles):
-- the host's migrations run before the plugins' create those tables.

-- One game: what it plays, where it is, and the whole session (GameSession::snapshot(),
-- written after every handler call) so a restarted host can resume it.
CREATE TABLE games (
  id               uuid        PRIMARY KEY,
  room_id          text,
  mode             text        NOT NULL,
  mode_version     text        NOT NULL,          -- the version it runs now (changes after a migrate)
  options          jsonb       NOT NULL DEFAULT '{}'::jsonb,  -- the mode's options, defaults filled in
  duration_seconds integer     NOT NULL,
  puzzle_ids       uuid[]      NOT NULL DEFAULT '{}',
  languages        text[]      NOT NULL DEFAULT '{}',          -- allowed language ids; empty: any
  public           boolean     NOT NULL DEFAULT true,          -- spectators may watch
  state            text        NOT NULL DEFAULT 'running'
                               CHECK (state IN ('waiting', 'running', 'finished', 'aborted')),
  abort_reason     text,
  session          jsonb,
  created_at       timestamptz NOT NULL DEFAULT now(),
  starts_at        timestamptz NOT NULL,
  ends_at          timestamptz,
  finished_at      timestamptz,
  end_reason       text,
  standings        jsonb       NOT NULL DEFAULT '[]'::jsonb,
  updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX games_running ON games (created_at) WHERE state IN ('waiting', 'running');
CREATE INDEX games_room ON games (room_id);

-- The players of a game, with their final place and score once it is over.
CREATE TABLE game_players (
  game_id   uuid        NOT NULL REFERENCES games (id) ON DELETE CASCADE,
  user_id   uuid        NOT NULL,
  username  text        NOT NULL,
  position  integer     NOT NULL,                 -- 1-based join order (the mode's player.index)
  joined_at timestamptz NOT NULL DEFAULT now(),
  left_at   timestamptz,
  place     integer,
  score     double precision,
  detail    text,
  PRIMARY KEY (game_id, user_id)
);
CREATE INDEX game_players_user ON game_players (user_id, joined_at DESC);

-- Every mode version a game was created with or migrated to, so that a restarted host can
-- rebuild a game on its exact version even after the file changed.
CREATE TABLE mode_versions (
  name      text        NOT NULL,
  version   text        NOT NULL,
  source    text        NOT NULL,
  file      text        NOT NULL DEFAULT '',
  loaded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (name, version)
);
