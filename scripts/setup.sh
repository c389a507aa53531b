#!/usr/bin/env bash
# Set up Wegwijzer on a fresh machine: Python venv, pinned dependencies, the Dutch spaCy
# pipeline and the database. Idempotent: a second run only checks stamps and returns.
#   scripts/setup.sh          runtime dependencies only (make run)
#   scripts/setup.sh --dev    plus the test, lint and type-check tools (make test)
set -euo pipefail
cd "$(dirname "$0")/.."

UV_VERSION=0.13.8
VENV=.venv
LOCKS=(requirements/lock.txt)
if [ "${1:-}" = "--dev" ]; then LOCKS+=(requirements/dev-lock.txt); fi

say() { printf '[setup] %s\n' "$*"; }
die() { printf '[setup] ERROR: %s\n' "$*" >&2; exit 1; }

python_ok() {  # Rasa 3.6 needs Python < 3.11; the code needs 3.10
  "$1" -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 10) else 1)' 2>/dev/null
}

find_python() {
  if [ -n "${PYTHON:-}" ]; then
    python_ok "$PYTHON" || die "PYTHON=$PYTHON is not Python 3.10 (Rasa 3.6 needs < 3.11; the code needs 3.10)."
    echo "$PYTHON"; return
  fi
  local candidates=()
  if command -v pyenv >/dev/null 2>&1; then
    for v in 3.10.13 $(pyenv versions --bare 2>/dev/null | grep -E '^3\.10\.[0-9]+$' | sort -rV); do
      p="$(pyenv prefix "$v" 2>/dev/null)/bin/python" && candidates+=("$p")
    done
  fi
  candidates+=(python3.10 python3)
  for c in "${candidates[@]}"; do
    if command -v "$c" >/dev/null 2>&1 && python_ok "$c"; then command -v "$c"; return; fi
  done
  die "no Python 3.10 found. Rasa 3.6 needs Python 3.10. Install it (e.g. 'pyenv install 3.10.13') or set PYTHON=/path/to/python3.10."
}

lock_hash() { cat "$@" pyproject.toml | sha256sum | cut -d' ' -f1; }

install_venv() {
  local want have; want="$(lock_hash "${LOCKS[@]}")"
  have="$(cat "$VENV/.wegwijzer-lock" 2>/dev/null || true)"
  # a venv with the development tools serves `make run` too
  if [ -x "$VENV/bin/python" ] && python_ok "$VENV/bin/python" && { [ "$have" = "$want" ] ||
      [ "$have" = "$(lock_hash requirements/lock.txt requirements/dev-lock.txt)" ]; }; then
    say "virtual environment up to date"; return
  fi
  local py; py="$(find_python)"
  say "using $py ($("$py" --version 2>&1))"
  if [ ! -x "$VENV/bin/python" ] || ! python_ok "$VENV/bin/python"; then
    rm -rf "$VENV"
    "$py" -m venv "$VENV"
  fi
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "uv==$UV_VERSION"
  say "installing the locked dependencies"
  "$VENV/bin/uv" pip sync --quiet --python "$VENV/bin/python" --require-hashes "${LOCKS[@]}"
  "$VENV/bin/uv" pip install --quiet --python "$VENV/bin/python" --no-deps --no-build-isolation -e .
  echo "$want" > "$VENV/.wegwijzer-lock"
}

install_venv
if [ "${1:-}" = "--dev" ]; then scripts/audit.sh --install; fi
mkdir -p var && chmod 700 var  # databases and secrets: this user only
say "building the Dutch spaCy pipeline"
"$VENV/bin/python" -m bot.nlp ensure
say "preparing the database"
"$VENV/bin/wegwijzer" db upgrade
say "ready"
