# The few commands people need. Every target creates .venv and installs the project first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: serve build check test lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

serve: $(STAMP)  ## Run the site on http://127.0.0.1:8000 with live reload
	$(BIN)/mkdocs serve

build: $(STAMP)  ## Write the site to site/ (fails, and writes nothing, on any error)
	$(BIN)/mkdocs build --strict

check: $(STAMP)  ## Validate the catalogue, as CI does on every pull request
	$(BIN)/microcred check

lint: $(STAMP)
	$(BIN)/ruff check plugins tests
	$(BIN)/ruff format --check plugins tests
	$(BIN)/mypy

test: $(STAMP) lint  ## The whole test suite, ruff and mypy
	$(BIN)/pytest

clean:
	rm -rf site .pytest_cache .mypy_cache .ruff_cache
