#!/usr/bin/env bash
# bench/games: N concurrent games of 4 simulated players each (a submission every few seconds
# per player, judged by fake results after 200 ms; a 1 s tick per game) on the real game loop
# and Lua runtime with modes/fastest.lua. Prints CPU time per handler input p50/p99, the game
# loop's lag p99 and memory per game, and the CPU time per mode handler call p50/p99.
#   bench/games/run.sh [seconds] [games] [threads]
#
# One run on the 2-core development machine (load average about 2 from other work), 30 s,
# 1,000 games, 2 loop threads: CPU per input p50 131 us / p99 409 us (submit 170/443, judged
# 149/427, tick 7/28; an input is one mode handler call plus standings, views and the
# snapshot), loop lag p99 3 ms (max 74 ms), 56 KiB per game created, 94 KiB after 30 s of play.
# Under heavy background load (load average 6) the lag p99 rose to 200-340 ms.
# With the generational Lua collector (load average about 1.7, 20 s): per mode handler call
# p50 35 us, p99 113 us (standings 47/125, on_result 28/97, before_submit 27/87; it was p99
# 256 us with the incremental collector); per input p99 ~500 us; loop lag p99 2 ms.
set -euo pipefail
cd "$(dirname "$0")/../.."
cmake --build build --target games_bench >/dev/null
exec build/bin/games_bench "${1:-30}" "${2:-1000}" "${3:-2}"
