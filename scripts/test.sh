#!/usr/bin/env bash
# The whole test command: real services installed and started by the project itself.
set -euo pipefail
cd "$(dirname "$0")/.."
export TF_CPP_MIN_LOG_LEVEL=2
VENV=.venv

step() { printf '\n[test] %s\n' "$*"; }

step "lint: ruff check and ruff format --check"
"$VENV/bin/ruff" check .
"$VENV/bin/ruff" format --check .

step "types: mypy (strict, with the SQLAlchemy plugin)"
"$VENV/bin/mypy"

step "PostgreSQL, Redis and nginx (Debian packages) for the database, topology and fault tests"
scripts/ensure-services.sh

step "chromium (Debian package) and axe-core (npm) for the browser tests"
scripts/ensure-browser.sh

step "rasa data validate"
"$VENV/bin/rasa" data validate --quiet

step "train the model when data or config changed"
"$VENV/bin/wegwijzer" train

step "pytest"
set +e
# a module that cannot be imported fails the run, but does not hide the other results
"$VENV/bin/python" -m pytest -q -p no:cacheprovider --continue-on-collection-errors "$@"
status=$?
set -e
if [ "$status" -eq 5 ]; then
  echo "[test] ERROR: pytest collected no tests" >&2
fi

step "dependency audit (pip-audit against requirements/lock.txt)"
set +e
scripts/audit.sh
audit=$?
set -e
if [ "$audit" -ne 0 ]; then
  echo "[test] ERROR: the dependency audit did not pass (exit $audit): see above" >&2
  [ "$status" -eq 0 ] && status=1
fi
exit "$status"
