#!/usr/bin/env bash
# bench/games: N concurrent games of 4 simulated players each (a submission every few seconds
# per player, judged by fake results after 200 ms; a 1 s tick per game) on the real game loop
# and Lua runtime with modes/fastest.lua. Prints CPU time per handler input p50/p99, the game
# loop's lag p99 and memory per game.
#   bench/games/run.sh [seconds] [games] [threads]
#
# One run on the 2-core development machine (load average about 2 from other work), 30 s,
# 1,000 games, 2 loop threads: CPU per input p50 131 us / p99 409 us (submit 170/443, judged
# 149/427, tick 7/28; an input is one mode handler call plus standings, views and the
# snapshot), loop lag p99 3 ms (max 74 ms), 56 KiB per game created, 94 KiB after 30 s of play.
# Under heavy background load (load average 6) the lag p99 rose to 200-340 ms.
set -euo pipefail
cd "$(dirname "$0")/../.."
cmake --build build --target games_bench >/dev/null
exec build/bin/games_bench "${1:-30}" "${2:-1000}" "${3:-2}"
