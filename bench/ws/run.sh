#!/usr/bin/env bash
# WebSocket fan-out benchmark: N clients (default 1,000 / 5,000 / 10,000) in rooms of 8 on the
# bench channel; every room's first member sends a 100-byte chat message once a second and
# the server broadcasts it to the room's 8 sockets. Prints delivered messages/s, p50/p99
# delivery latency and the server's resident memory per socket, for arena and for a
# Socket.io (Node) server doing the same fan-out, side by side. Loopback only.
#   bench/ws/run.sh [seconds-per-run] [client counts...]
set -euo pipefail
cd "$(dirname "$0")/../.."
duration=${1:-20}
shift || true
counts=("$@")
[ ${#counts[@]} -gt 0 ] || counts=(1000 5000 10000)
port=${BENCH_PORT:-18090}
io_port=${BENCH_IO_PORT:-18091}
arena=build/bin/arena
client=build/bin/ws_bench
plugin_dir=$PWD/build/test-plugins
for f in "$arena" "$client" "$plugin_dir/libarena_realtime_probe.so"; do
  [ -e "$f" ] || { echo "bench: $f missing; build first (cmake --build build --target arena ws_bench arena_plugin_realtime_probe)" >&2; exit 1; }
done
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
# Server and load client are separate processes: each needs a descriptor per socket.
(( $(ulimit -n) > ${counts[-1]} + 100 )) || echo "bench: warning: ulimit -n is $(ulimit -n)" >&2
scripts/pg.sh start >/dev/null
if [ ! -d bench/ws/socketio/node_modules ]; then (cd bench/ws/socketio && npm ci --no-audit --no-fund >/dev/null); fi

server=""
stop_server() { [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null || true; server=""; }
trap stop_server EXIT
wait_port() { for _ in $(seq 1 100); do (exec 3<>/dev/tcp/127.0.0.1/$1) 2>/dev/null && return 0; sleep 0.1; done; echo "bench: nothing listens on $1" >&2; return 1; }

results=()
for n in "${counts[@]}"; do
  $arena serve --set server.port=$port --set server.host=127.0.0.1 --set log.access=false --set log.level=warn \
    --set plugins.path="$plugin_dir" --set 'plugins.enabled=["realtime_probe"]' --set realtime.threads=2 \
    --set realtime.upgrades_per_minute=0 --set web.root=web/placeholder >/tmp/arena-bench-ws.log 2>&1 &
  server=$!
  wait_port $port
  results+=("$($client --port $port --protocol phoenix --clients "$n" --seconds "$duration" --server-pid $server)")
  stop_server
  node bench/ws/socketio/server.js $io_port >/tmp/arena-bench-ws-socketio.log 2>&1 &
  server=$!
  wait_port $io_port
  results+=("$($client --port $io_port --protocol socketio --clients "$n" --seconds "$duration" --server-pid $server)")
  stop_server
done

echo "bench/ws: rooms of 8, one 100-byte chat message per room per second, ${duration}s per run, loopback,"
echo "          $(nproc) cores shared by the load client and the server; latency = send to receive"
printf '%s\n' "${results[@]}" | python3 bench/ws/report.py
