#!/usr/bin/env bash
# Make sure the Debian packages of the real services are installed: PostgreSQL (database
# tests, the scaled topology), Redis (lock store, vault, rate limits) and nginx (the
# scaled topology's load balancer). Idempotent. Needs root (or sudo) to install.
set -euo pipefail

missing=()
compgen -G "/usr/lib/postgresql/*/bin/initdb" > /dev/null || missing+=(postgresql)
command -v redis-server > /dev/null || [ -x /usr/bin/redis-server ] || missing+=(redis-server)
command -v nginx > /dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx-light)
if [ ${#missing[@]} -eq 0 ]; then
  echo "[ensure-services] PostgreSQL, Redis and nginx present"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo > /dev/null; then SUDO="sudo"; else
    echo "[ensure-services] ERROR: missing ${missing[*]} and I am not root (no sudo)." >&2
    echo "[ensure-services] Install them: apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi

echo "[ensure-services] installing the Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
APT=(apt-get -o DPkg::Lock::Timeout=300)
if ! $SUDO "${APT[@]}" install -y --no-install-recommends "${missing[@]}"; then
  $SUDO "${APT[@]}" update
  $SUDO "${APT[@]}" install -y --no-install-recommends "${missing[@]}"
fi
# Debian starts the packaged services; the project starts its own copies instead.
for service in redis-server nginx; do
  if command -v service > /dev/null; then $SUDO service "$service" stop > /dev/null 2>&1 || true; fi
done
echo "[ensure-services] done"
