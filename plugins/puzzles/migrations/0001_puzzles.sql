-- Puzzles and what belongs to each: test cases (validators), worked examples, starter code per
-- language, and precomputed metrics. Statements, constraints and explanations are Markdown,
-- stored exactly as written (the server renders none of it).
CREATE TABLE puzzles (
  id                  uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  author_id           uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  title               text        NOT NULL CHECK (length(title) BETWEEN 3 AND 120),
  statement           text        NOT NULL,
  constraints         text        NOT NULL DEFAULT '',
  difficulty          text        NOT NULL CHECK (difficulty IN
                        ('BEGINNER', 'EASY', 'INTERMEDIATE', 'ADVANCED', 'HARD', 'EXPERT')),
  visibility          text        NOT NULL DEFAULT 'DRAFT' CHECK (visibility IN
                        ('DRAFT', 'READY', 'REVIEW', 'REVISE', 'APPROVED', 'INACTIVE', 'ARCHIVED')),
  tags                text[]      NOT NULL DEFAULT '{}',
  solution_language   text        NOT NULL,
  solution_code       text        NOT NULL,
  moderation_feedback text        NOT NULL DEFAULT '',
  approved_by         uuid        REFERENCES users (id) ON DELETE SET NULL,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now()
);
-- The catalogue lists approved puzzles only: partial indexes for its sorts and filters.
CREATE INDEX puzzles_approved_newest ON puzzles (created_at DESC, id) WHERE visibility = 'APPROVED';
CREATE INDEX puzzles_approved_difficulty ON puzzles (difficulty, created_at DESC, id) WHERE visibility = 'APPROVED';
CREATE INDEX puzzles_approved_title ON puzzles (lower(title), id) WHERE visibility = 'APPROVED';
CREATE INDEX puzzles_tags ON puzzles USING gin (tags) WHERE visibility = 'APPROVED';
CREATE INDEX puzzles_title_trgm ON puzzles USING gin (title gin_trgm_ops);
CREATE INDEX puzzles_author ON puzzles (author_id, created_at DESC);
CREATE INDEX puzzles_review_queue ON puzzles (updated_at) WHERE visibility = 'REVIEW';

-- Test cases. Hidden ones (is_public false) never leave the server except to the author and
-- moderators.
CREATE TABLE puzzle_validators (
  puzzle_id uuid    NOT NULL REFERENCES puzzles (id) ON DELETE CASCADE,
  position  integer NOT NULL,
  input     text    NOT NULL,
  output    text    NOT NULL,
  is_public boolean NOT NULL DEFAULT false,
  PRIMARY KEY (puzzle_id, position)
);

CREATE TABLE puzzle_examples (
  puzzle_id   uuid    NOT NULL REFERENCES puzzles (id) ON DELETE CASCADE,
  position    integer NOT NULL,
  input       text    NOT NULL,
  output      text    NOT NULL,
  explanation text    NOT NULL DEFAULT '',
  PRIMARY KEY (puzzle_id, position)
);

-- Starter code per language (the DEBUG game mode hands it to the players).
CREATE TABLE puzzle_starters (
  puzzle_id uuid NOT NULL REFERENCES puzzles (id) ON DELETE CASCADE,
  language  text NOT NULL,
  code      text NOT NULL,
  PRIMARY KEY (puzzle_id, language)
);
CREATE INDEX puzzle_starters_language ON puzzle_starters (language);

-- Kept up to date on "submission.judged" events, so listing never aggregates submissions.
CREATE TABLE puzzle_metrics (
  puzzle_id        uuid        PRIMARY KEY REFERENCES puzzles (id) ON DELETE CASCADE,
  attempts         integer     NOT NULL DEFAULT 0,  -- judged submissions
  successes        integer     NOT NULL DEFAULT 0,  -- ... with verdict OK
  success_time_ms  bigint      NOT NULL DEFAULT 0,  -- sum of the successes' times, for the average
  solvers          integer     NOT NULL DEFAULT 0,  -- distinct users with a success
  updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX puzzle_metrics_attempts ON puzzle_metrics (attempts DESC);

-- Languages a puzzle was solved in (the catalogue's "solved in" filter).
CREATE TABLE puzzle_language_solves (
  puzzle_id uuid    NOT NULL REFERENCES puzzles (id) ON DELETE CASCADE,
  language  text    NOT NULL,
  successes integer NOT NULL DEFAULT 0,
  PRIMARY KEY (language, puzzle_id)
);
