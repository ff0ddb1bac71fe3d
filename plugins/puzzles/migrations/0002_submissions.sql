-- Submissions of single-player solving (and of games: game_id). Stored first, then judged;
-- the judge's "submission.judged" event fills in the verdict once (status goes to 'done').
CREATE TABLE submissions (
  id          uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id     uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  puzzle_id   uuid        NOT NULL REFERENCES puzzles (id) ON DELETE CASCADE,
  game_id     uuid,
  language    text        NOT NULL,
  code        text        NOT NULL,
  code_length integer     NOT NULL,
  job_id      uuid,
  status      text        NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'done')),
  verdict     text,
  results     jsonb       NOT NULL DEFAULT '[]'::jsonb,  -- per test: index, verdict, times; no hidden data
  passed      integer     NOT NULL DEFAULT 0,
  total       integer     NOT NULL DEFAULT 0,
  time_ms     bigint,
  memory_kb   bigint,
  created_at  timestamptz NOT NULL DEFAULT now(),
  judged_at   timestamptz
);
CREATE INDEX submissions_user ON submissions (user_id, created_at DESC);
CREATE INDEX submissions_puzzle_user ON submissions (puzzle_id, user_id, created_at DESC);
CREATE UNIQUE INDEX submissions_job ON submissions (job_id) WHERE job_id IS NOT NULL;

-- Per user and puzzle: attempts and whether solved (a profile's solved and attempted counts).
CREATE TABLE puzzle_progress (
  user_id      uuid    NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  puzzle_id    uuid    NOT NULL REFERENCES puzzles (id) ON DELETE CASCADE,
  attempts     integer NOT NULL DEFAULT 0,
  solved       boolean NOT NULL DEFAULT false,
  best_time_ms bigint,
  PRIMARY KEY (user_id, puzzle_id)
);
