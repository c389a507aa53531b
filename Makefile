# Wegwijzer: `make run` sets up and starts the assistant; `make test` sets up and tests.
SHELL := /bin/bash
VENV := .venv
export TF_CPP_MIN_LOG_LEVEL := 2

.PHONY: setup train run shell test test-fast validate lock bench clean

setup:
	@scripts/setup.sh

train: setup
	@$(VENV)/bin/wegwijzer train

run: train
	@$(VENV)/bin/wegwijzer run

shell: train
	@$(VENV)/bin/wegwijzer shell

validate: setup
	@$(VENV)/bin/rasa data validate --quiet

test: setup
	@scripts/test.sh

test-fast: setup
	@$(VENV)/bin/python -m pytest -q -m "not e2e"

lock:
	@$(VENV)/bin/uv pip compile --python $(VENV)/bin/python --generate-hashes requirements/main.in -o requirements/lock.txt

bench: train
	@$(VENV)/bin/python bench/setup_and_memory.py

clean:
	rm -rf $(VENV) var models .pytest_cache
