# landsea — the two set-up commands are `make run` and `make test`; both create .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test lint bench clean postgres browser

# Python writes the bytecode of landsea's own modules (an editable install: pip compiles only
# the dependencies) even where the environment says not to: every process of a test run would
# compile them again.
unexport PYTHONDONTWRITEBYTECODE

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# `make run PORT=8010 HOST=0.0.0.0`: safe to run again (the demo is loaded once).
HOST ?= 127.0.0.1
PORT ?= 8000

run: $(STAMP)
	$(BIN)/landsea db upgrade
	$(BIN)/landsea demo
	$(BIN)/landsea serve --host $(HOST) --port $(PORT)

lint: $(STAMP)
	$(BIN)/ruff check src tests bench tools
	$(BIN)/ruff format --check src tests bench tools
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/python tools/sizes.py

# The database tests start a throwaway PostgreSQL cluster; install the server where it is missing.
postgres:
	@command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || \
		(apt-get update && apt-get install -y --no-install-recommends postgresql)

# The browser tests drive Debian's Chromium with Playwright; install it where it is missing.
browser:
	@command -v chromium >/dev/null 2>&1 || \
		(apt-get update && apt-get install -y --no-install-recommends chromium chromium-driver)

# Prints its wall time at the end: it should stay under 4 minutes on two cores. Both cores work:
# lint runs beside the tests (its output is shown when it is done; either failing fails the
# target), numba's kernel is compiled once (tools/warm_kernel.py, cached next to it) before three
# pytest-xdist workers start (three: the browser and server tests wait as much as they compute),
# and each worker takes whole files (see tests/conftest.py).
# PYTEST_ARGS passes options to pytest, e.g. `make test PYTEST_ARGS=--durations=25`;
# `make test WORKERS=0` runs the tests in one process.
PYTEST_ARGS ?=
WORKERS ?= 3
XDIST := $(if $(filter 0,$(WORKERS)),-p no:xdist,-n $(WORKERS) --dist loadfile --no-loadscope-reorder)
test: $(STAMP) postgres browser
	@start=$$(date +%s); lint_log=$$(mktemp); \
	$(MAKE) --no-print-directory lint >$$lint_log 2>&1 & lint=$$!; \
	$(BIN)/python tools/warm_kernel.py >/dev/null 2>&1; \
	$(BIN)/pytest -q $(XDIST) $(PYTEST_ARGS); tests=$$?; \
	wait $$lint; linted=$$?; cat $$lint_log; rm -f $$lint_log; \
	echo "make test: $$(( $$(date +%s) - start )) s (lint: exit $$linted, tests: exit $$tests)"; \
	[ $$linted -eq 0 ] && [ $$tests -eq 0 ]

bench: $(STAMP) postgres browser
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
