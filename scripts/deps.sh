#!/usr/bin/env bash
# Installs the Debian packages listed in the given files that are not installed yet.
# Idempotent and silent when nothing is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
lists=("$@")
[ ${#lists[@]} -gt 0 ] || lists=(scripts/packages.txt)

wanted=$(grep -hvE '^\s*(#|$)' "${lists[@]}" | awk '{print $1}' | sort -u)
missing=()
for pkg in $wanted; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  [[ $status == "install ok installed" ]] || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "deps: installing ${#missing[@]} missing package(s): ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "deps: not root and no sudo; install: ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
# A fresh machine has no package lists yet; refresh them once per hour at most.
stamp=/var/lib/apt/periodic/update-success-stamp
if [ ! -d /var/lib/apt/lists ] || [ -z "$(ls -A /var/lib/apt/lists 2>/dev/null | grep -v lock)" ] \
   || [ ! -f "$stamp" ] || [ -n "$(find "$stamp" -mmin +60 2>/dev/null)" ]; then
  $sudo apt-get update -qq
  $sudo touch "$stamp" 2>/dev/null || true
fi
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/tmp/arena-apt.log 2>&1 || {
  tail -30 /tmp/arena-apt.log >&2; echo "deps: apt-get install failed (log: /tmp/arena-apt.log)" >&2; exit 1; }
echo "deps: installed ${missing[*]}"
