#!/usr/bin/env bash
# bench/sandbox: per-run cost of the sandbox vs a bare fork+exec vs bubblewrap (needs root for
# cgroups and the pre-made network namespace, as the judge has in production).
#   bench/sandbox/run.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/../.."
cmake --build build --target sandbox_bench >/dev/null
exec build/bin/sandbox_bench "${1:-200}"
