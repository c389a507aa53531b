#!/usr/bin/env bash
# Kept for old habits: the services script installs PostgreSQL, Redis and nginx.
exec "$(dirname "$0")/ensure-services.sh" "$@"
