# Wegwijzer: `make run` sets up and starts the assistant; `make test` sets up and tests.
SHELL := /bin/bash
VENV := .venv
export TF_CPP_MIN_LOG_LEVEL := 2
# Rasa must not report anything to a third party (no telemetry, no error reports).
export RASA_TELEMETRY_ENABLED := false

.PHONY: setup setup-dev train run run-scaled shell test test-fast lint format types validate lock bench audit clean

setup:
	@scripts/setup.sh

setup-dev:
	@scripts/setup.sh --dev

train: setup
	@$(VENV)/bin/wegwijzer train

run: train
	@$(VENV)/bin/wegwijzer run

# PostgreSQL, Redis, nginx, two Rasa servers and two action servers (docs/deploy.md).
run-scaled: train
	@scripts/ensure-services.sh
	@$(VENV)/bin/wegwijzer run --scaled

shell: train
	@$(VENV)/bin/wegwijzer shell

validate: setup
	@$(VENV)/bin/rasa data validate --quiet

# The whole test command (CI runs it through .ci/run): lint, types, real services, pytest.
test: setup-dev
	@scripts/test.sh

test-fast: setup-dev
	@$(VENV)/bin/python -m pytest -q -m "not e2e"

lint: setup-dev
	@$(VENV)/bin/ruff check .
	@$(VENV)/bin/ruff format --check .

format: setup-dev
	@$(VENV)/bin/ruff check --fix .
	@$(VENV)/bin/ruff format .

types: setup-dev
	@$(VENV)/bin/mypy

lock:
	@$(VENV)/bin/uv pip compile --python $(VENV)/bin/python --generate-hashes requirements/main.in -o requirements/lock.txt
	@cd requirements && ../$(VENV)/bin/uv pip compile --python ../$(VENV)/bin/python --generate-hashes dev.in -o dev-lock.txt
	@cd requirements && ../$(VENV)/bin/uv pip compile --python ../$(VENV)/bin/python --generate-hashes audit.in -o audit-lock.txt

# pip-audit from its own venv against requirements/lock.txt (also the last step of make test)
audit: setup-dev
	@scripts/audit.sh

bench: train
	@$(VENV)/bin/python bench/setup_and_memory.py

clean:
	rm -rf $(VENV) var models .pytest_cache .mypy_cache .ruff_cache
