#!/usr/bin/env bash
# Builds and runs the test suites, timing each phase.
#   test.sh all    the normal build's tests, then the ASan+UBSan build's tests
#   test.sh main   only the normal build
#   test.sh asan   only the sanitizer build
#   test.sh e2e    only the normal build's server and the browser tests (tests/e2e)
set -uo pipefail
cd "$(dirname "$0")/.."
what=${1:-all}
jobs=$(nproc)
phases=()
passed=0
failed=0
status=0

phase() {  # phase NAME COMMAND...: runs and records how long it took
  local name=$1 start=$SECONDS
  shift
  echo "== $name"
  "$@"
  local rc=$?
  phases+=("$(printf '%-28s %5ds  %s' "$name" $((SECONDS - start)) "$([ $rc -eq 0 ] && echo ok || echo FAILED)")")
  return $rc
}

run_ctest() {  # run_ctest BUILD_DIR
  local log
  log=$(mktemp)
  (cd "$1" && ctest -j "$jobs" --output-on-failure --timeout 300) 2>&1 | tee "$log"
  local rc=${PIPESTATUS[0]}
  local line
  line=$(grep -E 'tests passed, [0-9]+ tests failed out of [0-9]+' "$log" | tail -1)
  if [[ $line =~ ([0-9]+)\ tests\ failed\ out\ of\ ([0-9]+) ]]; then
    failed=$((failed + BASH_REMATCH[1]))
    passed=$((passed + BASH_REMATCH[2] - BASH_REMATCH[1]))
  fi
  rm -f "$log"
  return $rc
}

run_e2e() {  # the browser tests; their "# pass N" / "# fail N" count with the others
  local log
  log=$(mktemp)
  tests/e2e/run.sh 2>&1 | tee "$log"
  local rc=${PIPESTATUS[0]}
  local p f
  p=$(grep -E '^# pass [0-9]+' "$log" | tail -1 | awk '{print $3}')
  f=$(grep -E '^# fail [0-9]+' "$log" | tail -1 | awk '{print $3}')
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
  [ $rc -ne 0 ] && [ -z "$f" ] && failed=$((failed + 1))  # it failed before running any test
  rm -f "$log"
  return $rc
}

phase "database" scripts/pg.sh start || exit 1
export ARENA_TEST_DATABASE_URL
ARENA_TEST_DATABASE_URL=$(scripts/pg.sh url)

# Language toolchains for the judge: all of them in CI, a quick core set on a developer's machine.
languages=scripts/languages-core.txt
[[ -n ${CI:-} && ${CI} != false && ${CI} != 0 ]] && languages=scripts/languages.txt
phase "languages" scripts/deps.sh "$languages" || status=1

if [[ $what == all || $what == main || $what == e2e ]]; then
  if phase "build" bash -c "scripts/configure.sh build -DCMAKE_BUILD_TYPE=RelWithDebInfo && cmake --build build -j $jobs"; then
    [[ $what != e2e ]] && { phase "tests" run_ctest build || status=1; }
    # The web app, then the browser tests against the normal build's server.
    if phase "web" scripts/web.sh; then
      phase "browser tests" run_e2e || status=1
    else
      status=1
    fi
  else
    status=1
  fi
fi

if [[ $what == all || $what == asan ]]; then
  if phase "build (asan+ubsan)" bash -c "scripts/configure.sh build-asan -DCMAKE_BUILD_TYPE=Debug -DARENA_SANITIZE=ON && cmake --build build-asan -j $jobs"; then
    export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:detect_stack_use_after_return=0
    export LSAN_OPTIONS="suppressions=$PWD/tests/sanitizers/lsan.supp:print_suppressions=0"
    export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
    phase "tests (asan+ubsan)" run_ctest build-asan || status=1
  else
    status=1
  fi
fi

echo
echo "== phases"
printf '  %s\n' "${phases[@]}"
echo "  total                        ${SECONDS}s"
echo
echo "tests: $passed passed, $failed failed"
exit $status
