#!/usr/bin/env bash
# The browser tests: Debian's Chromium (headless) driven by playwright-core against a real
# `arena serve` with a fresh database, serving the built web app.
#   tests/e2e/run.sh [node --test options...]
# Needs build/bin/arena and its plugins built; builds web/dist (scripts/web.sh) and installs
# Chromium when missing. Screenshots and the server log go to $E2E_OUT (default build/e2e).
set -euo pipefail
cd "$(dirname "$0")/../.."
scripts/deps.sh tests/e2e/packages.txt
scripts/web.sh
if [ -z "${ARENA_TEST_DATABASE_URL:-}" ]; then
  scripts/pg.sh start
  ARENA_TEST_DATABASE_URL=$(scripts/pg.sh url)
  export ARENA_TEST_DATABASE_URL
fi
[ -x "${ARENA_BIN:-build/bin/arena}" ] || { echo "e2e: ${ARENA_BIN:-build/bin/arena} is not built" >&2; exit 1; }
export E2E_OUT=${E2E_OUT:-$PWD/build/e2e}
rm -rf "$E2E_OUT/screenshots"
mkdir -p "$E2E_OUT"
status=0
node --test --test-concurrency=1 --test-timeout=600000 "$@" tests/e2e/ || status=$?
echo "e2e: screenshots in $E2E_OUT/screenshots, server log $E2E_OUT/arena.log"
exit $status
