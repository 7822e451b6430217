#!/usr/bin/env bash
# Installs Debian packages the tests need (e.g. prometheus for promtool and a real scraper) when
# their commands are missing. Usage: ensure-debian-packages.sh COMMAND=PACKAGE ...
# Idempotent and quiet when everything is present; needs root (or sudo) only when installing.
set -euo pipefail

missing=()
for pair in "$@"; do
  cmd="${pair%%=*}"
  pkg="${pair#*=}"
  command -v "$cmd" >/dev/null 2>&1 || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "need root to install: ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
# One installer at a time: parallel test JVMs may ask together.
exec 9>/tmp/pipescope-apt.lock
flock 9
echo "installing Debian packages: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq >&2
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
