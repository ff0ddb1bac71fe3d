#!/usr/bin/env bash
# Configures a CMake build directory once (Ninja when available); later calls are no-ops
# because CMake re-runs itself when its inputs change.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=$1
shift
if [ -f "$dir/CMakeCache.txt" ]; then exit 0; fi
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
cmake -S . -B "$dir" "${generator[@]}" "$@" >"/tmp/arena-configure-$(basename "$dir").log" \
  || { cat "/tmp/arena-configure-$(basename "$dir").log"; exit 1; }
echo "configure: $dir ready"
