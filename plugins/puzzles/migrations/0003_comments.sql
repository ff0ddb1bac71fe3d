-- Comments on a puzzle or a submission, threaded through parent_id. Deleting is soft: a
-- deleted comment keeps its place in the thread (its replies stay) without its body.
CREATE TABLE comments (
  id            uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  puzzle_id     uuid        REFERENCES puzzles (id) ON DELETE CASCADE,
  submission_id uuid        REFERENCES submissions (id) ON DELETE CASCADE,
  parent_id     uuid        REFERENCES comments (id) ON DELETE CASCADE,
  author_id     uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  body          text        NOT NULL,  -- Markdown
  score         integer     NOT NULL DEFAULT 0,  -- up votes minus down votes
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  deleted_at    timestamptz,
  CHECK ((puzzle_id IS NULL) <> (submission_id IS NULL))
);
CREATE INDEX comments_puzzle ON comments (puzzle_id, created_at) WHERE puzzle_id IS NOT NULL;
CREATE INDEX comments_submission ON comments (submission_id, created_at) WHERE submission_id IS NOT NULL;
CREATE INDEX comments_parent ON comments (parent_id) WHERE parent_id IS NOT NULL;

-- One vote per user per comment; changing it replaces the row.
CREATE TABLE comment_votes (
  comment_id uuid        NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
  user_id    uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  value      smallint    NOT NULL CHECK (value IN (-1, 1)),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (comment_id, user_id)
);
