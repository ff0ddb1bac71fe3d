#!/usr/bin/env bash
# HTTP benchmark: GET /api/health and a static file at 64 concurrent connections, measured
# with wrk against a real `arena serve` on the dev database. Prints requests/s and p50/p99.
#   bench/http/run.sh [seconds-per-run]
set -euo pipefail
cd "$(dirname "$0")/../.."
duration=${1:-10}
port=${BENCH_PORT:-18080}
arena=build/bin/arena
[ -x "$arena" ] || { echo "bench: build first (make build)" >&2; exit 1; }
command -v wrk >/dev/null || { echo "bench: wrk missing (scripts/deps.sh installs it)" >&2; exit 1; }
scripts/pg.sh start
$arena migrate >/dev/null

$arena serve --set server.port=$port --set server.host=127.0.0.1 --set log.access=false \
  --set log.level=warn --set web.root=web/placeholder >/tmp/arena-bench-http.log 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$port/api/health" >/dev/null && break
  sleep 0.1
done

run() {  # run LABEL PATH
  local out rps p50 p99
  out=$(wrk -t2 -c64 -d"${duration}s" --latency "http://127.0.0.1:$port$2")
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  errors=$(grep -E 'Non-2xx|Socket errors' <<<"$out" | tr '\n' ' ' || true)
  printf '%-22s %10s req/s   p50 %8s   p99 %8s  %s\n' "$1" "$rps" "$p50" "$p99" "$errors"
}

echo "bench/http: wrk, 2 threads, 64 connections, ${duration}s per run, $(nproc) cores shared by client and server"
run "GET /api/health" /api/health
run "GET /index.html" /index.html
