-- Bench data for bench/puzzles/run.sh, generated inside PostgreSQL (generate_series) in the
-- bench's own database: 2,000 users, 10,000 puzzles (95% approved) with 3 validators each,
-- 1,000,000 judged submissions, and the metrics the puzzles plugin keeps, computed once from
-- them (the server itself never aggregates submissions per request).
\set ON_ERROR_STOP on
BEGIN;
INSERT INTO users (username, email, password_hash)
SELECT 'bench_u' || g, 'bench_u' || g || '@bench.invalid', '!' FROM generate_series(1, 2000) g;

WITH u AS (SELECT array_agg(id ORDER BY username) AS ids FROM users WHERE username LIKE 'bench\_u%')
INSERT INTO puzzles (author_id, title, statement, constraints, difficulty, visibility, tags, solution_language,
                     solution_code, created_at, updated_at)
SELECT u.ids[1 + g % 2000],
       (ARRAY['River', 'Mountain', 'Lantern', 'Orchard', 'Harbor', 'Comet', 'Bridge', 'Garden', 'Beacon', 'Canyon'])[1 + g % 10]
         || ' ' || (ARRAY['Crossing', 'Count', 'Paths', 'Sums', 'Queries', 'Puzzle', 'Walk', 'Split'])[1 + (g / 10) % 8]
         || ' #' || g,
       'Read the input and print the answer. Puzzle number ' || g || '.',
       '1 <= n <= 10^5',
       (ARRAY['BEGINNER', 'EASY', 'INTERMEDIATE', 'ADVANCED', 'HARD', 'EXPERT'])[1 + g % 6],
       CASE WHEN g % 20 = 0 THEN 'DRAFT' ELSE 'APPROVED' END,
       ARRAY[(ARRAY['math', 'strings', 'dp', 'graphs', 'greedy', 'sorting', 'arrays', 'search'])[1 + g % 8],
             (ARRAY['io', 'simulation', 'parsing', 'geometry', 'bits', 'recursion'])[1 + (g / 8) % 6]],
       'python', 'print(1)',
       now() - make_interval(mins => g), now() - make_interval(mins => g)
FROM u, generate_series(1, 10000) g;

INSERT INTO puzzle_validators (puzzle_id, position, input, output, is_public)
SELECT p.id, k, k || E'\n', k || E'\n', k < 2 FROM puzzles p, generate_series(0, 2) k;

WITH u AS (SELECT array_agg(id) AS ids FROM users WHERE username LIKE 'bench\_u%'),
     p AS (SELECT array_agg(id) AS ids FROM puzzles WHERE visibility = 'APPROVED')
INSERT INTO submissions (user_id, puzzle_id, language, code, code_length, status, verdict, passed, total, time_ms,
                         memory_kb, created_at, judged_at)
SELECT u.ids[1 + (g * 7) % 2000], p.ids[1 + (g * 13) % array_length(p.ids, 1)],
       (ARRAY['python', 'cpp', 'javascript', 'c'])[1 + g % 4], 'print(1)', 8, 'done',
       CASE WHEN g % 3 = 0 THEN 'OK' ELSE 'WA' END, CASE WHEN g % 3 = 0 THEN 3 ELSE 1 END, 3,
       10 + g % 90, 9000 + g % 1000, now() - make_interval(secs => g), now() - make_interval(secs => g)
FROM u, p, generate_series(1, 1000000) g;

INSERT INTO puzzle_progress (user_id, puzzle_id, attempts, solved, best_time_ms)
SELECT user_id, puzzle_id, count(*), bool_or(verdict = 'OK'), min(time_ms) FILTER (WHERE verdict = 'OK')
FROM submissions GROUP BY user_id, puzzle_id;

INSERT INTO puzzle_metrics (puzzle_id, attempts, successes, success_time_ms, solvers)
SELECT p.id, coalesce(s.attempts, 0), coalesce(s.successes, 0), coalesce(s.time_ms, 0), coalesce(pp.solvers, 0)
FROM puzzles p
LEFT JOIN (SELECT puzzle_id, count(*) AS attempts, count(*) FILTER (WHERE verdict = 'OK') AS successes,
                  coalesce(sum(time_ms) FILTER (WHERE verdict = 'OK'), 0) AS time_ms
           FROM submissions GROUP BY puzzle_id) s ON s.puzzle_id = p.id
LEFT JOIN (SELECT puzzle_id, count(*) FILTER (WHERE solved) AS solvers FROM puzzle_progress GROUP BY puzzle_id) pp
  ON pp.puzzle_id = p.id
ON CONFLICT (puzzle_id) DO NOTHING;

INSERT INTO puzzle_language_solves (puzzle_id, language, successes)
SELECT puzzle_id, language, count(*) FROM submissions WHERE verdict = 'OK' GROUP BY puzzle_id, language;
COMMIT;
ANALYZE users, puzzles, puzzle_validators, puzzle_metrics, puzzle_language_solves, puzzle_progress, submissions;
