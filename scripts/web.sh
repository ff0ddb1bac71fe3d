#!/usr/bin/env bash
# Builds the players' web app into web/dist (what `arena serve` serves as web.root).
#   web.sh          install the npm packages when package-lock.json changed (npm ci), then
#                   build unless the sources are unchanged since the last build
#   web.sh --force  build even when nothing changed
# Needs Node.js 20.19+ and npm (the machine's; Debian 12's own nodejs 18 is too old for Vite 8).
set -euo pipefail
cd "$(dirname "$0")/../web"
force=${1:-}

command -v node >/dev/null && command -v npm >/dev/null \
  || { echo "web: node and npm are needed to build the web app (Node.js 20.19 or later)" >&2; exit 1; }
major=$(node -p 'process.versions.node.split(".")[0]')
[ "$major" -ge 20 ] || { echo "web: Node.js $(node --version) is too old; Vite needs 20.19 or later" >&2; exit 1; }

# Dependencies: npm ci when node_modules is missing or older than the lock file.
lock_sum=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f node_modules/.arena-lock ] || [ "$(cat node_modules/.arena-lock)" != "$lock_sum" ]; then
  echo "web: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$lock_sum" > node_modules/.arena-lock
fi

# The build: skipped when no source changed (a hash of every input, not timestamps, so a fresh
# checkout with old sources still counts as unchanged only when dist was built from them).
inputs_sum=$(find src public index.html vite.config.js svelte.config.js package-lock.json -type f -print0 2>/dev/null \
  | sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1)
if [ "$force" != "--force" ] && [ -f dist/index.html ] && [ -f .build-stamp ] && [ "$(cat .build-stamp)" = "$inputs_sum" ]; then
  echo "web: web/dist is up to date"
  exit 0
fi
echo "web: building web/dist"
rm -f .build-stamp
npx vite build --logLevel warn
echo "$inputs_sum" > .build-stamp
