# The few commands people need. Every target creates .venv and installs the project first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
BASE ?= origin/main
FORMAT ?= text
# The site's runtime and everything its CI runs (the `test` extra, setuptools), pinned with hashes.
LOCK := requirements.lock
LOCK_TOOLS := $(VENV)/lock-tools
PIP_TOOLS := pip-tools==7.6.2

.PHONY: serve build check check-github diff build-properdocs test fuzz lint bench lock dist clean

# Installs exactly what requirements.lock names, each file checked against its hash, then the
# project itself (editable, without its dependencies, built by the locked setuptools): what CI
# tests and what publishes the site are what a developer runs, and a new upstream release
# changes nothing until `make lock` is run and its diff reviewed.
$(STAMP): pyproject.toml $(LOCK)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

lock:  ## Refresh requirements.lock: the newest versions pyproject.toml allows, with their hashes
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11) and "make lock resolves for Python 3.11, as CI runs it: PYTHON=python3.11 make lock")'
	$(PYTHON) -m venv $(LOCK_TOOLS)
	$(LOCK_TOOLS)/bin/pip install --quiet $(PIP_TOOLS)
	CUSTOM_COMPILE_COMMAND="make lock" $(LOCK_TOOLS)/bin/pip-compile --quiet --upgrade \
		--generate-hashes --allow-unsafe --all-build-deps --extra test --strip-extras \
		--no-emit-index-url --no-emit-find-links --output-file $(LOCK) pyproject.toml

serve: $(STAMP)  ## Run the site on http://127.0.0.1:8000 with live reload
	$(BIN)/mkdocs serve

build: $(STAMP)  ## Write the site to site/ (fails, and writes nothing, on any error)
	$(BIN)/mkdocs build --strict

check: $(STAMP)  ## Validate the catalogue, as CI does on every pull request
	$(BIN)/microcred check

check-github: $(STAMP)  ## The same check, as annotations on a pull request's changed lines
	$(BIN)/microcred check --format github

diff: $(STAMP)  ## What this branch changes, in plain words (BASE=origin/main FORMAT=text|markdown)
	@base=$$(git merge-base $(BASE) HEAD) && $(BIN)/microcred diff "$$base" --format $(FORMAT)

build-properdocs: $(STAMP)  ## The same site built by ProperDocs, the second engine, in site-properdocs/
	$(BIN)/properdocs build --strict -f mkdocs.yml -d site-properdocs

lint: $(STAMP)
	$(BIN)/ruff check plugins tests bench
	$(BIN)/ruff format --check plugins tests bench
	$(BIN)/mypy
	$(BIN)/mypy --strict bench/generate.py bench/run.py bench/filter_speed.py bench/serve.py

bench: $(STAMP)  ## Timings, sizes and Lighthouse at 100, 1,000, 5,000 programmes (ARGS=--skip-5000|--quick)
	$(BIN)/python bench/run.py $(ARGS)

test: $(STAMP) lint  ## The whole test suite, ruff and mypy
	$(BIN)/pytest

dist: $(STAMP)  ## The wheel and the sdist, in dist/, built by the locked setuptools as a release is
	rm -rf dist
	$(BIN)/python -m build --no-isolation --outdir dist .

fuzz: $(STAMP)  ## The hostile-content fuzzer, random and much longer than in `make test`
	$(BIN)/pytest tests/test_fuzz.py --hypothesis-profile=fuzz --hypothesis-show-statistics

clean:
	rm -rf site site-properdocs dist .pytest_cache .mypy_cache .ruff_cache
