#!/usr/bin/env bash
# bench/judge: judged submissions per second and median verdict latency for Python and C++
# (cold and warm compile cache), 10 test cases each, through the real queue, workers and
# sandbox. Needs root (the sandbox's cgroups) and the dev PostgreSQL (scripts/pg.sh).
#   bench/judge/run.sh [jobs] [workers]
set -euo pipefail
cd "$(dirname "$0")/../.."
scripts/pg.sh start >/dev/null
cmake --build build --target judge_bench arena_plugin_judge >/dev/null
exec build/bin/judge_bench "$(scripts/pg.sh url)" "${1:-40}" "${2:-2}"
