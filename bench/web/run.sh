#!/usr/bin/env bash
# The web app's numbers: bundle sizes (raw and gzip; the first load's JavaScript and CSS apart
# from the chunks loaded later) and the time to first render of a puzzle page in headless
# Chromium against a real `arena serve` (fresh database, seeded puzzles).
#   bench/web/run.sh [runs]     (default 15 page loads, cold cache each)
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-15}
scripts/deps.sh tests/e2e/packages.txt
scripts/web.sh
if [ -z "${ARENA_TEST_DATABASE_URL:-}" ]; then
  scripts/pg.sh start
  ARENA_TEST_DATABASE_URL=$(scripts/pg.sh url)
  export ARENA_TEST_DATABASE_URL
fi
E2E_DB_NAME=arena_bench_web E2E_OUT=${E2E_OUT:-$PWD/build/bench-web} node bench/web/bench.mjs "$runs"
