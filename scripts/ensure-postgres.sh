#!/usr/bin/env bash
# Make sure the PostgreSQL server binaries (Debian package `postgresql`) are installed, so
# the database tests can start a throwaway cluster (tests/knowledge/pg.py). Idempotent:
# does nothing when /usr/lib/postgresql/*/bin/initdb exists. Needs root (or sudo) to install.
set -euo pipefail

if compgen -G "/usr/lib/postgresql/*/bin/initdb" > /dev/null; then
  echo "[ensure-postgres] PostgreSQL present: $(ls -d /usr/lib/postgresql/*/bin | tail -n1)"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo > /dev/null; then SUDO="sudo"; else
    echo "[ensure-postgres] ERROR: PostgreSQL is missing and I am not root (no sudo)." >&2
    echo "[ensure-postgres] Install it: apt-get install -y postgresql" >&2
    exit 1
  fi
fi

echo "[ensure-postgres] installing the Debian package 'postgresql'"
export DEBIAN_FRONTEND=noninteractive
if ! $SUDO apt-get install -y --no-install-recommends postgresql; then
  $SUDO apt-get update
  $SUDO apt-get install -y --no-install-recommends postgresql
fi
compgen -G "/usr/lib/postgresql/*/bin/initdb" > /dev/null || {
  echo "[ensure-postgres] ERROR: installed, but no initdb found in /usr/lib/postgresql/*/bin" >&2
  exit 1
}
echo "[ensure-postgres] done"
