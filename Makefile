# The two commands of the README: `make run` and `make test`. Both do all the set-up first.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501
# The suite on every core (at most 4: each worker starts its own PostgreSQL, chromium and app servers); a test
# file stays on one worker, so its module fixtures (a server, a deployment, a rendered report) start once.
TEST_WORKERS ?= auto

.PHONY: run test setup lint format check-schema constraints benchmark clean

setup:
	@scripts/bootstrap.sh

# The demo assessment is loaded first when the database (data/ or MATURITYMAP_DATABASE_URL) holds none; on a
# database without accounts, the administrator is created and its one-time password printed, once.
run: setup
	$(PY) -m assessment demo
	$(PY) -m assessment users init
	$(PY) -m streamlit run app.py --server.headless true --server.port $(PORT) --browser.gatherUsageStats false

test: setup
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) scripts/generate_schema.py --check
	$(VENV)/bin/lint-imports  # the contracts of .importlinter: who may import whom
	$(PY) -m pytest -n $(TEST_WORKERS) --maxprocesses=4 --dist loadfile

lint: setup
	$(PY) -m ruff check .

format: setup
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

# Regenerate the full pin list after changing requirements.txt.
constraints: setup
	$(PY) -m pip freeze --exclude-editable | grep -v '^-e' > constraints.txt

benchmark: setup
	$(PY) benchmarks/scoring.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
