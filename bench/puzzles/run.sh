#!/usr/bin/env bash
# Puzzles benchmark against a real `arena serve` (auth, judge, puzzles) on its own database,
# arena_bench_puzzles in the dev cluster (the dev data stays clean), loaded once with 10,000
# puzzles and 1,000,000 submissions (bench/puzzles/generate.sql, generate_series in PostgreSQL):
#   - GET /api/puzzle, a page of 20 with author, attempts and solve rate, filtered by
#     difficulty and sorted by popularity: one hot page, then 60 different pages in turn,
#     then the same 60 pages with the page cache off (every request goes to PostgreSQL);
#     wrk, 64 connections: requests/s, p50, p99;
#   - the single-player submit-to-verdict latency of a Python solution (10 tests), one
#     submission at a time (judge.workers 2): p50, p99.
#   bench/puzzles/run.sh [seconds-per-run] [submissions]     BENCH_FRESH=1 regenerates the data
set -euo pipefail
cd "$(dirname "$0")/../.."
duration=${1:-10}
submissions=${2:-100}
arena=build/bin/arena
log=/tmp/arena-bench-puzzles.log
[ -x "$arena" ] || { echo "bench: build first (make build)" >&2; exit 1; }
for tool in wrk curl psql python3; do
  command -v "$tool" >/dev/null || { echo "bench: $tool missing" >&2; exit 1; }
done
scripts/pg.sh start >/dev/null
dev_url=$(scripts/pg.sh url)
bench_db=arena_bench_puzzles
db_url=$(sed "s/dbname=[^ ]*/dbname=$bench_db/" <<<"$dev_url")

if [ "${BENCH_FRESH:-0}" = 1 ]; then psql -X -q "$dev_url" -c "DROP DATABASE IF EXISTS $bench_db" >/dev/null; fi
if ! psql -X -qtA "$dev_url" -c "SELECT 1 FROM pg_database WHERE datname = '$bench_db'" | grep -q 1; then
  psql -X -q "$dev_url" -c "CREATE DATABASE $bench_db" >/dev/null
fi
sets=(--set "database.url=$db_url" --set server.host=127.0.0.1 --set server.port=0
      --set 'plugins.enabled=["auth","judge","puzzles"]' --set log.level=info --set log.access=false
      --set auth.rate_limits.register_per_ip_burst=1000
      --set puzzles.submissions.per_user_burst=1000000)
"$arena" "${sets[@]}" migrate >/dev/null
if [ "$(psql -X -qtA "$db_url" -c "SELECT count(*) FROM submissions")" -lt 1000000 ]; then
  echo "bench: generating 10,000 puzzles and 1,000,000 submissions in $bench_db ..."
  start=$(date +%s)
  psql -X -q "$db_url" -f bench/puzzles/generate.sql >/dev/null
  echo "bench: generated in $(( $(date +%s) - start )) s"
fi

server=""
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

start_server() {  # start_server [extra --set ...]
  : >"$log"
  "$arena" "${sets[@]}" "$@" serve >"$log" 2>&1 &
  server=$!
  port=""
  for _ in $(seq 1 150); do
    kill -0 "$server" 2>/dev/null || { echo "bench: arena serve exited; see $log" >&2; tail -20 "$log" >&2; exit 1; }
    [ -n "$port" ] || port=$(sed -n 's|.*listening on http://127\.0\.0\.1:\([0-9][0-9]*\).*|\1|p;T;q' "$log")
    if [ -n "$port" ] && curl -fs "http://127.0.0.1:$port/api/puzzle?page_size=1" >/dev/null; then break; fi
    sleep 0.1
  done
  base="http://127.0.0.1:$port"
  curl -fs "$base/api/puzzle?page_size=1" >/dev/null || { echo "bench: the server did not come up; see $log" >&2; exit 1; }
}
stop_server() {
  kill "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  server=""
}

run() {  # run LABEL URL [wrk args...]
  local label=$1 url=$2 out rps p50 p99 errors
  shift 2
  out=$(wrk -t2 -c64 -d"${duration}s" --latency "$@" "$url")
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  errors=$(grep -E 'Non-2xx|Socket errors' <<<"$out" | tr '\n' ' ' || true)
  printf '%-58s %9s req/s   p50 %-8s p99 %-8s %s\n' "$label" "$rps" "$p50" "$p99" "$errors"
}

echo "data: $(psql -X -qtA "$db_url" -c "SELECT count(*) FROM puzzles") puzzles," \
     "$(psql -X -qtA "$db_url" -c "SELECT count(*) FROM submissions") submissions; $(nproc) cores; 64 connections"
page_path="/api/puzzle?page_size=20&difficulty=HARD&sort=popular"
start_server
page="$base$page_path"
curl -fs "$page" | python3 -c 'import json,sys; b=json.load(sys.stdin); p=b["puzzles"][0]; print("sample: total", b["total"], "first", p["title"], "by", p["author"]["username"], "attempts", p["metrics"]["attempts"], "solve rate %.2f" % p["metrics"]["solve_rate"])'
run "GET /api/puzzle (HARD, popular, page 1; cached)" "$page"
run "GET /api/puzzle (60 pages in turn; cached)" "$base/api/puzzle" -s bench/puzzles/pages.lua
stop_server
start_server --set puzzles.list_cache.entries=0
page="$base$page_path"
run "GET /api/puzzle (HARD, popular, page 1; no cache)" "$page"
run "GET /api/puzzle (60 pages in turn; no cache)" "$base/api/puzzle" -s bench/puzzles/pages.lua
stop_server

# Submit-to-verdict: a bench user, a puzzle of 10 tests, sequential Python submissions.
start_server
user="bench_$$_$RANDOM"
token=$(curl -fs -X POST "$base/api/register" -d "{\"username\":\"$user\",\"email\":\"$user@bench.invalid\",\"password\":\"correct horse battery\"}" |
        python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
puzzle=$(psql -X -qtA "$db_url" -c "SELECT id FROM puzzles WHERE title = 'Bench Sum'")
if [ -z "$puzzle" ]; then
  puzzle=$(psql -X -qtA "$db_url" <<'SQL' | head -1
INSERT INTO puzzles (author_id, title, statement, difficulty, visibility, solution_language, solution_code)
SELECT id, 'Bench Sum', 'Print a + b.', 'BEGINNER', 'APPROVED', 'python', 'print(sum(map(int, input().split())))'
FROM users ORDER BY username LIMIT 1 RETURNING id;
SQL
)
  psql -X -q "$db_url" -c "INSERT INTO puzzle_validators (puzzle_id, position, input, output, is_public)
    SELECT '$puzzle', k, k || ' ' || (k * 3) || E'\n', (k * 4) || E'\n', k < 3 FROM generate_series(0, 9) k;
    INSERT INTO puzzle_metrics (puzzle_id) VALUES ('$puzzle')" >/dev/null
fi
python3 bench/puzzles/latency.py "$base" "$token" "$puzzle" 5 >/dev/null  # warm-up
python3 bench/puzzles/latency.py "$base" "$token" "$puzzle" "$submissions"
psql -X -q "$db_url" -c "DELETE FROM users WHERE username = '$user'" >/dev/null
