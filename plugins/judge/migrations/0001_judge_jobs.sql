-- The judge's queue. Workers (threads of `arena serve` or `arena judge-worker` processes)
-- take jobs with FOR UPDATE SKIP LOCKED and hold them by a lease: a token and an expiry they
-- renew while they work. A job whose worker died is taken again once its lease has run out;
-- only the holder of the current token can finish it, so a job is finished once.
CREATE TABLE judge_jobs (
  id          uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  status      text        NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done')),
  language    text        NOT NULL,
  source      text        NOT NULL,
  tests       jsonb       NOT NULL CHECK (jsonb_typeof(tests) = 'array'),
  options     jsonb       NOT NULL DEFAULT '{}'::jsonb,
  context     jsonb       NOT NULL DEFAULT '{}'::jsonb,
  owner_id    uuid,                                    -- the submitting user, when there is one
  attempts    integer     NOT NULL DEFAULT 0,          -- times a worker took the job
  lease_owner text,                                    -- host:pid/thread of the worker holding it
  lease_token uuid,                                    -- changes at every take
  lease_until timestamptz,
  progress    jsonb       NOT NULL DEFAULT '[]'::jsonb,  -- per-test results so far
  result      jsonb,                                   -- the final result, when done
  created_at  timestamptz NOT NULL DEFAULT now(),
  started_at  timestamptz,
  finished_at timestamptz,
  CHECK ((status = 'done') = (result IS NOT NULL))
);

-- What workers scan: jobs not done, oldest first (few rows even when the table is large).
CREATE INDEX judge_jobs_open ON judge_jobs (created_at) WHERE status <> 'done';
CREATE INDEX judge_jobs_owner ON judge_jobs (owner_id, created_at) WHERE owner_id IS NOT NULL;
CREATE INDEX judge_jobs_finished ON judge_jobs (finished_at) WHERE status = 'done';
