#!/usr/bin/env bash
# Auth benchmark, measured with wrk against a real `arena serve` on the dev database:
#   POST /api/login at 64 and at 2 connections (Argon2id verification dominates), and
#   GET /api/me with a Bearer token at 64 connections (JWT check + two indexed queries).
# Prints one line per measurement: requests/s, p50/p99, how many requests, and how many
# answers were not 2xx (wrk's "Non-2xx or 3xx" count; socket errors when there were any).
#   bench/auth/run.sh [seconds-per-run]
# The login rate limits are raised for the run, or the server would answer fast 429s and the
# numbers would say nothing about logins; the non-2xx count shows whether any slipped through.
# The bench registers its own user and deletes it (and its refresh tokens) on exit.
set -euo pipefail
cd "$(dirname "$0")/../.."
duration=${1:-10}
arena=build/bin/arena
log=/tmp/arena-bench-auth.log
[ -x "$arena" ] || { echo "bench: build first (make build)" >&2; exit 1; }
for tool in wrk curl; do
  command -v "$tool" >/dev/null || { echo "bench: $tool missing (scripts/deps.sh installs it)" >&2; exit 1; }
done
scripts/pg.sh start
db_url=$(scripts/pg.sh url)

# server.port=0: the kernel picks a free port, read back from the "listening on" log line.
sets=(--set "database.url=$db_url" --set server.host=127.0.0.1 --set server.port=0
      --set log.level=info --set log.access=false
      --set auth.rate_limits.login_per_ip_burst=1000000000
      --set auth.rate_limits.login_per_identifier_burst=1000000000)

config=$("$arena" "${sets[@]}" config)
grep -q '^  "auth": {' <<<"$config" || { echo "bench: the auth plugin is not in plugins.enabled" >&2; exit 1; }
# The Argon2id cost the plugin will use (auth.argon2.*, PasswordHasher: crypto_pwhash_str_alg
# with crypto_pwhash_ALG_ARGON2ID13; libsodium always uses one lane).
ops=$(sed -n 's/^ *"ops_limit": *\([0-9]*\).*/\1/p' <<<"$config")
mem_kib=$(sed -n 's/^ *"mem_limit_kib": *\([0-9]*\).*/\1/p' <<<"$config")
"$arena" "${sets[@]}" migrate >/dev/null

server=""
user=""
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  if [ -n "$server" ]; then
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
  fi
  if [ -n "$user" ]; then
    if command -v psql >/dev/null; then
      psql -X -q "$db_url" -c "DELETE FROM users WHERE username = '$user'" >/dev/null 2>&1 ||
        echo "bench: could not delete the bench user $user" >&2
    else
      echo "bench: psql missing; the bench user $user stays in the dev database" >&2
    fi
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

"$arena" "${sets[@]}" serve >"$log" 2>&1 &
server=$!
port=""
for _ in $(seq 1 150); do
  if ! kill -0 "$server" 2>/dev/null; then
    echo "bench: arena serve exited; the end of $log:" >&2
    tail -20 "$log" >&2
    exit 1
  fi
  [ -n "$port" ] || port=$(sed -n 's|.*listening on http://127\.0\.0\.1:\([0-9][0-9]*\).*|\1|p;T;q' "$log")
  if [ -n "$port" ] && curl -fs "http://127.0.0.1:$port/api/health" >/dev/null; then break; fi
  sleep 0.1
done
base="http://127.0.0.1:$port"
if [ -z "$port" ] || ! curl -fs "$base/api/health" >/dev/null; then
  echo "bench: the server did not become healthy; see $log" >&2
  exit 1
fi

# post PATH JSON [curl args...]: prints the body, then the status on the last line.
post() {
  local path=$1 body=$2
  shift 2
  curl -s -w '\n%{http_code}' -H 'Content-Type: application/json' -d "$body" "$@" "$base$path"
}
status_of() { tail -n1 <<<"$1"; }
token_of() { sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p' <<<"$1"; }

password="bench passphrase $RANDOM $RANDOM"
for _ in 1 2 3; do
  candidate="bench_${RANDOM}${RANDOM}"
  answer=$(post /api/register "{\"username\":\"$candidate\",\"email\":\"$candidate@bench.invalid\",\"password\":\"$password\"}")
  case $(status_of "$answer") in
    201) user=$candidate; break ;;
    409) continue ;;  # the name is taken (by someone else: not ours to delete)
    *) echo "bench: register failed: $answer" >&2; exit 1 ;;
  esac
done
[ -n "$user" ] || { echo "bench: could not register a bench user" >&2; exit 1; }
export BENCH_IDENTIFIER=$user BENCH_PASSWORD=$password

login=$(post /api/login "{\"identifier\":\"$user\",\"password\":\"$password\"}")
[ "$(status_of "$login")" = 200 ] || { echo "bench: login failed: $login" >&2; exit 1; }

stored=""
if command -v psql >/dev/null; then
  # "$argon2id$v=19$m=...,t=...,p=1": the parameters as encoded in the stored hash.
  stored=$(psql -X -q -tA "$db_url" -c "SELECT password_hash FROM users WHERE username = '$user'" | cut -d'$' -f1-4)
fi

measure() {  # measure LABEL CONNECTIONS wrk-arguments...
  local label=$1 connections=$2 out rps p50 p99 requests non2xx socket
  shift 2
  out=$(wrk -t2 -c"$connections" -d"${duration}s" --timeout 10s --latency "$@")
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  requests=$(awk '/requests in/ {print $1}' <<<"$out")
  non2xx=$(awk '/Non-2xx or 3xx responses/ {print $NF}' <<<"$out")
  socket=$(sed -n 's/^ *\(Socket errors.*\)/\1/p' <<<"$out")
  printf '%-16s %3s conn %10s req/s   p50 %8s   p99 %8s   %7s requests   non-2xx %s%s\n' \
    "$label" "$connections" "$rps" "$p50" "$p99" "$requests" "${non2xx:-0}" "${socket:+   $socket}"
}

echo "bench/auth: wrk, 2 threads, ${duration}s per run, $(nproc) cores shared by client, server and PostgreSQL"
echo "bench/auth: Argon2id (libsodium crypto_pwhash_str_alg, ARGON2ID13): ops_limit t=$ops, mem_limit m=$mem_kib KiB, p=1${stored:+; stored hash: $stored}"
echo "bench/auth: login rate limits raised for the run: auth.rate_limits.login_per_ip_burst and login_per_identifier_burst = 1000000000"
measure "POST /api/login" 64 -s bench/auth/login.lua "$base/api/login"
measure "POST /api/login" 2 -s bench/auth/login.lua "$base/api/login"
token=$(token_of "$(post /api/login "{\"identifier\":\"$user\",\"password\":\"$password\"}")")
[ -n "$token" ] || { echo "bench: no access token from login" >&2; exit 1; }
me=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" "$base/api/me")
[ "$me" = 200 ] || { echo "bench: GET /api/me answered $me" >&2; exit 1; }
measure "GET /api/me" 64 -H "Authorization: Bearer $token" "$base/api/me"
