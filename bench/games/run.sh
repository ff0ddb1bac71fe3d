#!/usr/bin/env bash
# bench/games: N concurrent games of 4 simulated players each (a submission every few seconds
# per player, judged by fake results after 200 ms; a 1 s tick per game) on the real game loop
# and Lua runtime with modes/fastest.lua. Prints CPU time per handler input p50/p99, the game
# loop's lag p99 and memory per game.
#   bench/games/run.sh [seconds] [games] [threads]
set -euo pipefail
cd "$(dirname "$0")/../.."
cmake --build build --target games_bench >/dev/null
exec build/bin/games_bench "${1:-30}" "${2:-1000}" "${3:-2}"
