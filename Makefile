# The two commands of the Quick start are `make demo` and `make test`; everything they need is
# installed here, into .venv, from the package registries.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test lint format bench docs lock clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "JoinedUp needs Python 3.11 or newer ($(PYTHON) is older)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Every install takes the versions pinned in the lock file (tested together); `make lock`
# re-resolves it after a dependency changes in pyproject.toml.
LOCK := requirements.lock

$(VENV)/.installed: pyproject.toml $(LOCK) | $(BIN)/python
	$(BIN)/pip install --quiet -c $(LOCK) -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml $(LOCK) | $(BIN)/python
	$(BIN)/pip install --quiet -c $(LOCK) -e '.[test]'
	@touch $@ $(VENV)/.installed

## make demo: build the synthetic demonstration warehouse and serve it on http://127.0.0.1:8000
demo: $(VENV)/.installed
	$(BIN)/joinedup demo build
	$(BIN)/joinedup serve

## make test: lint, type-check and run the test suite on every core (pytest-xdist; see README)
# Bytecode is kept between runs even where the environment says not to (PYTHONDONTWRITEBYTECODE):
# without it every worker, server and command the tests start compiles the package again, and
# pytest rewrites every test module again (collecting took 8 s a worker rather than 4).
test: lint
	PYTHONDONTWRITEBYTECODE= $(BIN)/pytest -n auto

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

format: $(VENV)/.installed-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## make bench: run the benchmarks and print their ratios against the same run's baselines
bench: $(VENV)/.installed-test
	$(BIN)/python bench/run.py

## make docs: regenerate the generated reference pages (CLI help, settings)
docs: $(VENV)/.installed
	$(BIN)/python scripts/generate_docs.py

## make lock: re-resolve requirements.lock from pyproject.toml (pip-tools, installed here only)
lock: | $(BIN)/python
	$(BIN)/pip install --quiet 'pip-tools>=7.4,<8'
	$(BIN)/pip-compile --quiet --extra test --extra spark --strip-extras --no-emit-index-url \
		--no-emit-find-links --unsafe-package joinedup --output-file $(LOCK) pyproject.toml

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache build src/*.egg-info
