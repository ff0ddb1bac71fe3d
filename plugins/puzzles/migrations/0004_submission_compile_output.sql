-- What the compiler said (a CE's message), kept so that a submission opened later still
-- explains its verdict; the judge truncates it.
ALTER TABLE submissions ADD COLUMN compile_output text NOT NULL DEFAULT '';
